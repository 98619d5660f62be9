package io.tessera.predict.clv;

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for |z| &lt; 1 by its power series. Hipparchus
 * (the project's special-function library) has no 2F1, so it is summed here; the BG/NBD uses it
 * only with 0 &lt;= z &lt; 1, where the series converges.
 *
 * <p>References: Abramowitz and Stegun (1964), 15.1.1.
 */
final class Hypergeometric {
  private static final int MAX_TERMS = 100_000;
  private static final double TOLERANCE = 1e-15;

  private Hypergeometric() {}

  /**
   * 2F1(a, b; c; z) - 1, summed without the leading 1 so that a value near 1 keeps its digits (log
   * 2F1 is then log1p of this).
   *
   * @throws ArithmeticException when the series has not converged after 100,000 terms
   */
  static double minusOne(double a, double b, double c, double z) {
    if (!(z >= 0 && z < 1)) {
      throw new IllegalArgumentException("2F1 is summed here for 0 <= z < 1 only, got z=" + z);
    }
    double term = 1;
    double sum = 0;
    for (int j = 0; j < MAX_TERMS; j++) {
      term *= (a + j) * (b + j) / ((c + j) * (j + 1)) * z;
      sum += term;
      if (!Double.isFinite(sum)) {
        break;
      }
      if (Math.abs(term) < TOLERANCE * Math.abs(1 + sum)) {
        return sum;
      }
    }
    throw new ArithmeticException(
        "2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge");
  }
}
