package io.tessera.predict.clv;

import static org.assertj.core.api.Assertions.assertThat;

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
    BgNbd purchases = BgNbd.fit(c);
    GammaGamma spend = GammaGamma.fit(c);
    for (int i = 0; i < c.size(); i++) {
      CustomerValue v = CustomerValue.of(purchases, spend, c, i, TransactionSummary.TimeUnit.DAYS);
      assertThat(v.pAlive()).as("p_alive of %d", i).isBetween(0.0, 1.0);
      assertThat(v.expectedPurchases90d())
          .as("expected purchases of %d", i)
          .isFinite()
          .isNotNegative();
      assertThat(v.clv365d()).as("clv of %d", i).isFinite().isNotNegative();
    }
  }
}
