package io.tessera.contract;

/**
 * An amount with its ISO-4217 currency code. Negative amounts are allowed (returns, refunds);
 * whether a negative amount is acceptable is the order's business, not the amount's.
 */
public record Money(double amount, String currency) {
  /**
   * The largest magnitude an amount may have to be accepted at ingest (batch or live). Profiles sum
   * amounts exactly as integers of 1/10,000 of a unit in a {@code long}; this bound leaves room for
   * 10^4 such amounts in one sum (9e10 x 10^4 x 10^4 = 9e18 < 2^63). No real order comes near it: a
   * value above it is a unit mistake (cents as units) or a hostile message.
   */
  public static final double MAX_AMOUNT = 9.0e10;

  public Money {
    if (!Double.isFinite(amount)) {
      throw new IllegalArgumentException("amount is not a finite number: " + amount);
    }
    if (currency == null || !isCurrencyCode(currency)) {
      throw new IllegalArgumentException(
          "currency must be a three-letter ISO-4217 code such as EUR, got: " + currency);
    }
  }

  /**
   * Whether a text is a currency code as the contract writes one: three letters A-Z (what the
   * pattern {@code [A-Z]{3}} matches), checked without a regular expression since ingest asks it of
   * every order.
   */
  public static boolean isCurrencyCode(String text) {
    if (text.length() != 3) {
      return false;
    }
    for (int i = 0; i < 3; i++) {
      char c = text.charAt(i);
      if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return true;
  }

  public static Money of(double amount, String currency) {
    return new Money(amount, currency);
  }
}
