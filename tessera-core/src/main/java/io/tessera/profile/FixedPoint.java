package io.tessera.profile;

/**
 * Money and scores are summed as integers of 1/10,000 of a unit. Integer addition is associative
 * and commutative, so a sum is the same whatever order and grouping the records arrive in, which
 * floating-point addition does not guarantee. Four decimals are finer than any currency's minor
 * unit (ISO 4217 uses at most three).
 */
final class FixedPoint {
  static final double SCALE = 10_000.0;

  /** Largest magnitude accepted, leaving room for 10^4 such values in one sum. */
  static final double MAX_MAGNITUDE = io.tessera.contract.Money.MAX_AMOUNT;

  private FixedPoint() {}

  static long toUnits(double value, String field) {
    if (!Double.isFinite(value) || Math.abs(value) > MAX_MAGNITUDE) {
      throw new IllegalArgumentException(
          field + " must be a finite number of magnitude at most " + MAX_MAGNITUDE + ": " + value);
    }
    return Math.round(value * SCALE);
  }

  static double toDouble(long units) {
    return units / SCALE;
  }
}
