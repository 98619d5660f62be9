package io.tessera.segment.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tessera.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Automatic k on the mall customers toy set (../shared/datasets/mall-customers, 200 rows): on
 * annual income and spending score the well-known answer is five groups (low/high income x low/high
 * spending, and a middle group). The two columns are clustered as they are, not standardised: both
 * are on comparable 0-140 scales (sd 26.3 and 25.8, README), so standardising would change
 * distances by under 2%, and the reference answer is stated on the raw values.
 */
class AutoKTest {

  @Test
  void autoKShouldChooseFiveOnIncomeAndSpendingWithANearBestSilhouette() throws IOException {
    List<String> lines =
        Files.readAllLines(SharedData.require("mall-customers/Mall_Customers.csv"));
    List<String> header = List.of(lines.get(0).split(","));
    int income = header.indexOf("Annual Income (k$)");
    int spending = header.indexOf("Spending Score (1-100)");
    double[][] rows =
        lines.subList(1, lines.size()).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty())
            .map(l -> l.split(","))
            .map(f -> new double[] {Double.parseDouble(f[income]), Double.parseDouble(f[spending])})
            .toArray(double[][]::new);
    assertThat(rows).hasNumberOfRows(200);
    List<String> names = List.of("annual_income", "spending_score");

    ClusterModel model = Clustering.fit(rows, names, ClusteringOptions.DEFAULT);

    assertThat(model.k()).isEqualTo(5);
    double chosen =
        model.kSelection().stream().filter(s -> s.k() == 5).findFirst().orElseThrow().silhouette();
    // 200 rows < the 5,000-point sample: this is the exact silhouette
    assertThat(chosen).isCloseTo(ClusterQuality.silhouette(rows, model.labels()), within(1e-12));
    // the best silhouette of 10 single seeded k-means++ runs at k = 5
    double best = Double.NEGATIVE_INFINITY;
    for (long seed = 1; seed <= 10; seed++) {
      ClusterModel run =
          Clustering.fit(
              rows, names, ClusteringOptions.DEFAULT.withK(5).withRestarts(1).withSeed(seed));
      best = Math.max(best, ClusterQuality.silhouette(rows, run.labels()));
    }
    assertThat(chosen).isGreaterThanOrEqualTo(best - 0.01);
  }
}
