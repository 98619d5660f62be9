package io.tessera.contract;

import java.util.regex.Pattern;

/**
 * An amount with its ISO-4217 currency code. Negative amounts are allowed (returns, refunds);
 * whether a negative amount is acceptable is the order's business, not the amount's.
 */
public record Money(double amount, String currency) {
  private static final Pattern CODE = Pattern.compile("[A-Z]{3}");

  public Money {
    if (!Double.isFinite(amount)) {
      throw new IllegalArgumentException("amount is not a finite number: " + amount);
    }
    if (currency == null || !CODE.matcher(currency).matches()) {
      throw new IllegalArgumentException(
          "currency must be a three-letter ISO-4217 code such as EUR, got: " + currency);
    }
  }

  public static Money of(double amount, String currency) {
    return new Money(amount, currency);
  }
}
