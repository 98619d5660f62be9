package io.tessera.predict.clv;

/**
 * One customer's BG/NBD and Gamma-Gamma figures: the probability of being alive, the expected
 * purchases in the next 90 days and the 12-month lifetime value (1% monthly discount). The batch
 * run ({@code customers.csv}) and the live engine's scores both compute them here, so a customer
 * scored live from the same history and date gets the batch's numbers.
 *
 * @param pAlive probability that the customer is still active
 * @param expectedPurchases90d expected purchases in the next 90 days
 * @param clv365d discounted value of the next 12 months' purchases
 */
public record CustomerValue(double pAlive, double expectedPurchases90d, double clv365d) {
  /** Months of the lifetime value. */
  public static final int CLV_MONTHS = 12;

  /** Monthly discount rate of the lifetime value. */
  public static final double MONTHLY_DISCOUNT = 0.01;

  /** Days of the expected-purchases window. */
  public static final int EXPECTED_PURCHASES_DAYS = 90;

  /**
   * The figures of row {@code i} of a summary.
   *
   * @param unit the models' time unit (the summary's)
   */
  public static CustomerValue of(
      BgNbd purchases,
      GammaGamma spend,
      RepeatSummary history,
      int i,
      TransactionSummary.TimeUnit unit) {
    double x = history.x(i);
    double tx = history.tx(i);
    double age = history.age(i);
    return new CustomerValue(
        purchases.pAlive(x, tx, age),
        purchases.expectedPurchases(EXPECTED_PURCHASES_DAYS / unit.days(), x, tx, age),
        Clv.value(
            purchases,
            spend,
            x,
            tx,
            age,
            history.meanSpend(i),
            CLV_MONTHS,
            MONTHLY_DISCOUNT,
            unit.days()));
  }

  /**
   * Whether the figures are usable: all finite and non-negative, and p_alive a probability. A model
   * whose figures are not does not fit the data ({@link ClvFit}).
   */
  public boolean sane() {
    return pAlive >= 0
        && pAlive <= 1
        && expectedPurchases90d >= 0
        && Double.isFinite(expectedPurchases90d)
        && clv365d >= 0
        && Double.isFinite(clv365d);
  }
}
