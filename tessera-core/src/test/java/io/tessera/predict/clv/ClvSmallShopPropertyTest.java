package io.tessera.predict.clv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random small shops (seeded; 5 to 200 customers; uniform, Poisson, one-order-only and all-same-day
 * orders) through the CLV fit and scoring: it never fails, every customer gets a finite p_alive in
 * [0, 1] and finite, non-negative expected purchases and CLV, the method is named, and a fallback
 * always says why.
 */
class ClvSmallShopPropertyTest {
  static final int SHOPS_PER_PATTERN = 30;

  static Stream<Arguments> shops() {
    return Stream.of(SmallShops.Pattern.values())
        .flatMap(
            pattern ->
                IntStream.range(0, SHOPS_PER_PATTERN)
                    .mapToObj(
                        k -> {
                          long seed = 1000L * pattern.ordinal() + k;
                          SplittableRandom random = new SplittableRandom(seed);
                          int customers = 5 + random.nextInt(196);
                          int orders = customers * (1 + random.nextInt(15));
                          return Arguments.of(pattern, customers, orders, seed);
                        }));
  }

  @ParameterizedTest(name = "{0} {1} customers {2} orders seed {3}")
  @MethodSource("shops")
  void everyCustomerShouldGetFiniteNonNegativeFigures(
      SmallShops.Pattern pattern, int customers, int orders, long seed) {
    RepeatSummary c = SmallShops.shop(pattern, customers, orders, seed).calibration();
    ClvFit fit = ClvFit.of(c, TransactionSummary.TimeUnit.DAYS);
    assertThat(fit.values()).hasSize(c.size());
    for (int i = 0; i < c.size(); i++) {
      CustomerValue v = fit.values().get(i);
      assertThat(v.pAlive()).as("p_alive of %d", i).isBetween(0.0, 1.0);
      assertThat(v.expectedPurchases90d()).as("expected purchases of %d", i).isFinite();
      assertThat(v.expectedPurchases90d()).as("expected purchases of %d", i).isNotNegative();
      assertThat(v.clv365d()).as("clv of %d", i).isFinite().isNotNegative();
    }
    if (fit.method() == ClvFit.Method.EMPIRICAL_RATE) {
      assertThat(fit.purchases()).isNull();
      assertThat(fit.warnings()).singleElement().asString().contains("empirical_rate");
    } else {
      assertThat(fit.purchases()).isNotNull();
      assertThat(fit.spend()).isNotNull();
    }
    if (pattern == SmallShops.Pattern.ONE_ORDER_ONLY
        || pattern == SmallShops.Pattern.ALL_SAME_DAY) {
      // nobody ever came back: nothing to fit, and nothing to expect
      assertThat(fit.method()).isEqualTo(ClvFit.Method.EMPIRICAL_RATE);
      assertThat(fit.warnings().getFirst()).contains("cannot be fitted");
      assertThat(fit.values()).allSatisfy(v -> assertThat(v.clv365d()).isZero());
    }
    if (customers < 10) {
      assertThat(fit.method()).isEqualTo(ClvFit.Method.EMPIRICAL_RATE);
    }
  }
}
