package io.tessera.predict.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

/**
 * BG/NBD predictions keep their digits at huge parameters (issue 13 saw 1e19-1e21), and the
 * empirical-rate fallback gives the figures its definition says.
 */
class GuardedPredictionsTest {
  @Test
  void hugeParametersShouldGiveTheHomogeneousLimit() {
    // r, alpha -> infinity with r / alpha = 0.02 a day: every customer buys at 0.02 a day;
    // a, b -> infinity with a / (a + b) about 1e-3: every purchase ends a customer with 1e-3.
    // Then E[purchases in t | alive] = (1 - exp(-lambda p t)) / p (Fader et al. 2005, section 3).
    double lambda = 0.02;
    double x = 5;
    for (double r : new double[] {1e6, 1e9, 1e15}) {
      BgNbd m = BgNbd.of(r, r / lambda, 1e9, 1e12);
      double p = 1e9 / (1e9 + 1e12 + x);
      double alive = m.pAlive(x, 300, 350);
      assertThat(alive).isBetween(0.0, 1.0);
      double expected = alive * (1 - Math.exp(-lambda * p * 90)) / p;
      assertThat(m.expectedPurchases(90, x, 300, 350))
          .as("r=%s", r)
          .isCloseTo(expected, withinPercentage(0.01));
      assertThat(m.expectedPurchasesOfNewCustomer(90))
          .as("r=%s", r)
          .isCloseTo(
              (1 - Math.exp(-lambda * 1e9 / (1e9 + 1e12) * 90)) / (1e9 / (1e9 + 1e12)),
              withinPercentage(0.01));
      // no purchase in 30 days while alive: exp(-lambda 30), up to r's finite size (1e-6 at 1e6)
      assertThat(m.probabilityOfNoPurchases(30, x, 300, 350))
          .isCloseTo(1 - alive + alive * Math.exp(-lambda * 30), within(1e-5));
    }
  }

  @Test
  void theEmpiricalRateShouldFollowItsDefinition() {
    // three customers: x = 2 in T = 100 (last at 80), x = 0 in T = 50, x = 4 in T = 150 (last at
    // 150)
    RepeatSummary c =
        new RepeatSummary(
            new double[] {2, 0, 4},
            new double[] {80, 0, 150},
            new double[] {100, 50, 150},
            new double[] {30, 0, 60});
    EmpiricalRate e = EmpiricalRate.of(c);
    assertThat(e.rate()).isCloseTo(6.0 / 300, within(1e-15));
    assertThat(e.weight()).isCloseTo(100, within(1e-12));
    assertThat(e.spend()).isCloseTo((2 * 30 + 4 * 60) / 6.0, within(1e-12));
    // customer 0: (2 + 0.02 * 100) / (100 + 100) = 0.02; gap 20 -> p_alive exp(-0.4)
    CustomerValue v = e.value(c, 0, TransactionSummary.TimeUnit.DAYS);
    assertThat(v.pAlive()).isCloseTo(Math.exp(-0.4), within(1e-12));
    assertThat(v.expectedPurchases90d()).isCloseTo(Math.exp(-0.4) * 0.02 * 90, within(1e-12));
    // value per purchase (2 * 30 + 50) / 3; monthly purchases p_alive * 0.02 * 30.4375
    double perMonth = Math.exp(-0.4) * 0.02 * Clv.DAYS_PER_MONTH;
    double clv = 0;
    for (int month = 1; month <= 12; month++) {
      clv += perMonth * (110 / 3.0) / Math.pow(1.01, month);
    }
    assertThat(v.clv365d()).isCloseTo(clv, within(1e-9));
    // customer 1 (one purchase, 50 days ago): the shop's rate, shrunk: 2 / 150
    assertThat(e.customerRate(0, 50)).isCloseTo(2.0 / 150, within(1e-15));
    assertThat(e.value(c, 1, TransactionSummary.TimeUnit.DAYS).pAlive())
        .isCloseTo(Math.exp(-50 * 2.0 / 150), within(1e-12));
    // customer 2 bought today: alive
    assertThat(e.value(c, 2, TransactionSummary.TimeUnit.DAYS).pAlive()).isEqualTo(1.0);
  }
}
