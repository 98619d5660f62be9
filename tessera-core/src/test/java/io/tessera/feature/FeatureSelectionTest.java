package io.tessera.feature;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.contract.CustomerId;
import io.tessera.profile.ProfileField.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The orders-only feature rule on a made-up population of 1,000 customers in which each candidate
 * is built to meet exactly one clause of the rule.
 */
class FeatureSelectionTest {
  private static final int N = 1_000;

  private static FeatureMatrix population() {
    SplittableRandom random = new SplittableRandom(3);
    List<CustomerId> ids = new ArrayList<>();
    double[][] cols = new double[9][N];
    for (int i = 0; i < N; i++) {
      ids.add(CustomerId.of(String.format("c%04d", i)));
      double orders = 2 + random.nextInt(9);
      double aov = 20 + 200 * random.nextDouble();
      cols[0][i] = random.nextInt(365); // recency_days
      // frequency: one order for 85% of customers, yet kept (RFM)
      cols[1][i] = i < 850 ? 1 : orders;
      cols[2][i] = cols[1][i] * aov; // monetary
      cols[3][i] = aov; // avg_order_value: kept
      cols[4][i] = cols[0][i] + 0.5 * random.nextDouble(); // tenure_days: a near copy of recency
      cols[5][i] = i < 400 ? Double.NaN : 5 + 60 * random.nextDouble(); // ipt_mean: 40% missing
      cols[6][i] = i < 600 ? Double.NaN : 3 + 30 * random.nextDouble(); // ipt_sd: 60% missing
      cols[7][i] = i < 900 ? 0 : random.nextDouble(); // return_rate: 0 for 90%
      cols[8][i] = 1 + random.nextInt(6); // distinct_categories
    }
    List<Kind> kinds =
        List.of(
            Kind.DAYS,
            Kind.COUNT,
            Kind.MONEY,
            Kind.MONEY,
            Kind.DAYS,
            Kind.DAYS,
            Kind.DAYS,
            Kind.RATE,
            Kind.COUNT);
    return FeatureMatrix.of(ids, FeatureSelection.ORDERS_ONLY_CANDIDATES, kinds, cols);
  }

  @Test
  void eachClauseOfTheRuleShouldDecideItsCandidate() {
    FeatureSelection.Selection s = FeatureSelection.select(population());
    assertThat(s.features())
        .containsExactly(
            "recency_days",
            "frequency",
            "monetary",
            "avg_order_value",
            "ipt_mean_days",
            "distinct_categories");
    var byName = new java.util.HashMap<String, FeatureSelection.Decision>();
    s.decisions().forEach(d -> byName.put(d.feature(), d));
    assertThat(s.decisions()).hasSize(9);
    assertThat(byName.get("frequency").reason()).startsWith("kept: part of RFM");
    assertThat(byName.get("frequency").reason()).contains("most common value 85.0%");
    assertThat(byName.get("tenure_days").kept()).isFalse();
    assertThat(byName.get("tenure_days").reason())
        .startsWith("dropped: correlates with recency_days");
    assertThat(byName.get("ipt_sd_days").reason())
        .isEqualTo("dropped: missing for 60.0% of customers");
    assertThat(byName.get("return_rate").reason())
        .isEqualTo("dropped: one value for 90.0% of the customers who have one");
    assertThat(byName.get("ipt_mean_days").reason()).contains("missing for 40.0%");
  }

  @Test
  void everyKeptColumnShouldBeLoggedStandardisedAndGetNoIndicator() {
    FeatureSelection.Selection s = FeatureSelection.select(population());
    assertThat(s.options().log1pAlso()).containsExactlyElementsOf(s.features());
    assertThat(s.options().indicators()).isEqualTo(TransformOptions.Indicators.NEVER);
    assertThat(s.options().scale()).isEqualTo(TransformOptions.Scale.SD);
    FeatureMatrix t = FeatureTransform.fit(s.matrix(), s.options()).matrix();
    assertThat(t.names()).containsExactlyElementsOf(s.features());
    // recency 0..364 days, log1p'd: the transformed column is standardised, mean 0
    double[] recency = t.column("recency_days");
    double mean = java.util.Arrays.stream(recency).average().orElseThrow();
    assertThat(mean).isCloseTo(0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(s.decisions().stream().filter(FeatureSelection.Decision::kept))
        .allMatch(FeatureSelection.Decision::log1p);
  }
}
