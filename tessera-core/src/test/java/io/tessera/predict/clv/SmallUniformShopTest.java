package io.tessera.predict.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13, case 12: an ordinary small shop (80 customers, 600 orders on uniform days) used to fail
 * the Gamma-Gamma fit or write negative expected purchases and CLV from BG/NBD parameters near
 * 1e20. Every customer's figures must be finite, non-negative and p_alive a probability.
 */
class SmallUniformShopTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void eightyCustomersAndSixHundredUniformOrdersShouldScoreSanely(long seed) {
    TransactionSummary shop = SmallShops.shop(SmallShops.Pattern.UNIFORM, 80, 600, seed);
    RepeatSummary c = shop.calibration();
    ClvFit fit = ClvFit.of(c, TransactionSummary.TimeUnit.DAYS);
    assertThat(fit.method()).isEqualTo(ClvFit.Method.BGNBD_GAMMA_GAMMA);
    double mean = 0;
    for (int i = 0; i < c.size(); i++) {
      CustomerValue v = fit.values().get(i);
      assertThat(v.pAlive()).as("p_alive of %d", i).isBetween(0.0, 1.0);
      assertThat(v.expectedPurchases90d())
          .as("expected purchases of %d", i)
          .isFinite()
          .isNotNegative();
      assertThat(v.clv365d()).as("clv of %d", i).isFinite().isNotNegative();
      mean += v.expectedPurchases90d() / c.size();
    }
    // every customer buys at the same rate and none drops out: the model can only say so at the
    // bounds of its parameters, and must say it
    assertThat(fit.warnings()).anyMatch(w -> w.contains("at the bounds of the search"));
    // and the shop's repeat-purchase rate carries over to the next 90 days
    double repeats = 0;
    double time = 0;
    for (int i = 0; i < c.size(); i++) {
      repeats += c.x(i);
      time += c.age(i);
    }
    assertThat(mean).isCloseTo(90 * repeats / time, withinPercentage(25));
  }
}
