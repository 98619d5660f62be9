package io.tessera.predict.clv;

/**
 * Customer lifetime value over a horizon: BG/NBD's expected purchases in each month, times
 * Gamma-Gamma's expected value per purchase, discounted monthly (the discounted-cash-flow form of
 * lifetimes' {@code customer_lifetime_value}, with months of 30.4375 days).
 *
 * <p>References: Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005), RFM and CLV: using iso-value
 * curves for customer base analysis, Journal of Marketing Research 42(4).
 */
public final class Clv {
  /** Average days in a month (365.25 / 12). */
  public static final double DAYS_PER_MONTH = 30.4375;

  private Clv() {}

  /**
   * The discounted value of a customer's purchases over the next {@code months} months.
   *
   * @param unitDays the models' time unit in days (1 or 7)
   * @param monthlyDiscountRate e.g. 0.01 for 1% a month
   */
  public static double value(
      BgNbd purchases,
      GammaGamma spend,
      double x,
      double tx,
      double age,
      double meanSpend,
      int months,
      double monthlyDiscountRate,
      double unitDays) {
    if (months < 1 || !(monthlyDiscountRate >= 0) || !(unitDays > 0)) {
      throw new IllegalArgumentException(
          "need months >= 1, a discount rate >= 0 and a positive time unit, got "
              + months
              + ", "
              + monthlyDiscountRate
              + ", "
              + unitDays);
    }
    return discounted(
        t -> purchases.expectedPurchases(t, x, tx, age),
        spend.conditionalExpectedAverageValue(x, meanSpend),
        months,
        monthlyDiscountRate,
        unitDays);
  }

  /**
   * The discounted value of the purchases expected in each of the next {@code months} months at
   * {@code perPurchase} each: the one discounting of every CLV method.
   *
   * @param expectedUntil expected purchases in (T, T + t], t in the time unit
   */
  static double discounted(
      java.util.function.DoubleUnaryOperator expectedUntil,
      double perPurchase,
      int months,
      double monthlyDiscountRate,
      double unitDays) {
    double value = 0;
    double before = 0;
    for (int i = 1; i <= months; i++) {
      double until = expectedUntil.applyAsDouble(i * DAYS_PER_MONTH / unitDays);
      value += (until - before) * perPurchase / Math.pow(1 + monthlyDiscountRate, i);
      before = until;
    }
    return value;
  }
}
