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
    double perPurchase =
        x > 0
            ? spend.conditionalExpectedAverageValue(x, meanSpend)
            : spend.gamma() * spend.p() / (spend.q() - 1);
    double value = 0;
    double before = 0;
    for (int i = 1; i <= months; i++) {
      double until = purchases.expectedPurchases(i * DAYS_PER_MONTH / unitDays, x, tx, age);
      value += (until - before) * perPurchase / Math.pow(1 + monthlyDiscountRate, i);
      before = until;
    }
    return value;
  }
}
