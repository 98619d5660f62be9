package io.tessera.segment.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tessera.feature.FeatureMatrix;
import io.tessera.feature.FeatureSelection;
import io.tessera.feature.FeatureTransform;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default orders-only pipeline (the nine candidates, {@link FeatureSelection}'s rule, automatic
 * k by {@link KSelection}) on 20,000 customers of each generator, compared with the planted types
 * by the adjusted Rand index. The figures are pinned as measured, not as hoped: the second
 * generator ({@code OrdersShop}) was never used to choose the rules, and its types overlap more
 * than the held-out shop of issue 16 (scikit-learn's k-means on log-RFM at its true k = 5 reaches
 * 0.305 on it, against 0.75 on the held-out shop; scripts/bench/orders_only_baseline.py).
 */
@Tag("slow")
class OrdersOnlyRecoveryTest {

  private static ClusterModel cluster(GeneratedPopulation population, int[][] truth) {
    FeatureMatrix raw =
        FeatureMatrix.build(
            population.profiles(),
            population.customers(),
            FeatureSelection.ORDERS_ONLY_CANDIDATES,
            population.asOf());
    FeatureSelection.Selection selection = FeatureSelection.select(raw);
    FeatureMatrix m = FeatureTransform.fit(selection.matrix(), selection.options()).matrix();
    truth[0] = population.personaLabels(m.ids());
    return Clustering.fit(m.toRowMajor(), m.names(), ClusteringOptions.DEFAULT);
  }

  @Test
  void onTheSecondGeneratorTheRulesShouldChooseSixAndRecoverAsMeasured(@TempDir Path dir) {
    int[][] truth = new int[1][];
    ClusterModel model = cluster(GeneratedPopulation.ordersShop(20_000, 1, dir), truth);
    // five planted types; measured 2026-12-06: k = 6, ARI 0.441 (the first feature rule: 0.331)
    assertThat(model.k()).isEqualTo(6);
    assertThat(ClusterQuality.adjustedRandIndex(truth[0], model.labels()))
        .isCloseTo(0.441, within(0.01));
  }

  @Test
  void onTheFirstGeneratorsOrdersTheRulesShouldChooseFiveAndRecoverAsMeasured(@TempDir Path dir)
      throws IOException {
    GeneratorOptions options = new GeneratorOptions(20_000, 365, 7, 0.0, null);
    SyntheticShop.write(options, dir);
    // the orders-only view: the customers who ordered, with their orders and items only
    for (String f : List.of("customers", "events", "interactions", "reviews")) {
      Files.delete(dir.resolve(f + ".csv"));
    }
    int[][] truth = new int[1][];
    ClusterModel model = cluster(GeneratedPopulation.read(dir, options.endDate()), truth);
    // seven personas order (browsers rarely); measured: k = 5, ARI 0.634 (RFM alone, the old
    // default transform: 0.54 at k = 5 to 7)
    assertThat(model.k()).isEqualTo(5);
    assertThat(ClusterQuality.adjustedRandIndex(truth[0], model.labels()))
        .isCloseTo(0.634, within(0.01));
  }
}
