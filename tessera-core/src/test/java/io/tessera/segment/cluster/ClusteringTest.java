package io.tessera.segment.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.segment.cluster.ClusteringOptions.Algorithm;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusteringTest {
  private static final List<String> XYZ = List.of("x", "y", "z");
  private static final Blobs FIVE = Blobs.around(Blobs.FIVE, 200, 1.0, 11);

  @Test
  void givenFiveSeparatedBlobs_whenAutoK_thenChoosesFiveAndRecoversThem() throws Exception {
    ClusterModel model = Clustering.fit(FIVE.rows(), XYZ, ClusteringOptions.DEFAULT);

    assertThat(model.k()).isEqualTo(5);
    assertThat(ClusterQuality.adjustedRandIndex(FIVE.truth(), model.labels())).isEqualTo(1.0);
    assertThat(model.kSelection())
        .extracting(KScore::k)
        .containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10);
    KScore five = model.kSelection().get(3);
    for (KScore s : model.kSelection()) {
      assertThat(five.silhouette()).isGreaterThanOrEqualTo(s.silhouette());
    }
    // the other two indices agree on these blobs
    assertThat(model.kSelection())
        .allSatisfy(
            s -> assertThat(s.calinskiHarabasz()).isLessThanOrEqualTo(five.calinskiHarabasz()))
        .allSatisfy(
            s -> assertThat(s.daviesBouldin()).isGreaterThanOrEqualTo(five.daviesBouldin()));
    // labels are numbered by size and every training row is assigned to its own cluster
    assertThat(model.sizes()).containsExactly(200, 200, 200, 200, 200);
    for (int i = 0; i < FIVE.rows().length; i++) {
      assertThat(model.assign(FIVE.rows()[i])).isEqualTo(model.label(i));
    }
    assertThat(model.centroid(model.label(0))).containsExactly(new double[] {0, 0, 0}, within(0.3));

    JsonNode json = new ObjectMapper().readTree(model.toJson());
    assertThat(json.get("format_version").asInt()).isEqualTo(1);
    assertThat(json.get("algorithm").asText()).isEqualTo("kmeans");
    assertThat(json.get("k").asInt()).isEqualTo(5);
    assertThat(json.get("k_selection")).hasSize(9);
    assertThat(json.get("k_selection").get(0).has("calinski_harabasz")).isTrue();
    assertThat(json.get("centroids")).hasSize(5);
    assertThat(json.get("options").get("k_max").asInt()).isEqualTo(10);
    assertThat(json.get("provenance").get("rows").asInt()).isEqualTo(1000);
    assertThat(json.get("provenance").get("input_sha256").asText()).hasSize(64);
    assertThat(json.has("dendrogram")).isFalse();
  }

  @Test
  void theSameSeedShouldGiveTheSameLabels() {
    // overlapping blobs, so that k-means++ seeding matters
    Blobs hard = Blobs.around(Blobs.FIVE, 300, 4.0, 3);
    ClusteringOptions options = ClusteringOptions.DEFAULT.withK(6).withRestarts(1);
    int[] first = Clustering.fit(hard.rows(), XYZ, options).labels();
    int[] again = Clustering.fit(hard.rows(), XYZ, options).labels();
    assertThat(again).isEqualTo(first);
    boolean anotherSeedDiffers = false;
    for (long seed = 1; seed <= 5 && !anotherSeedDiffers; seed++) {
      int[] other = Clustering.fit(hard.rows(), XYZ, options.withSeed(seed)).labels();
      anotherSeedDiffers = !Arrays.equals(other, first);
    }
    assertThat(anotherSeedDiffers).as("another seed gives another local optimum").isTrue();
  }

  @Test
  void mixtureProbabilitiesShouldSumToOneAndPickTheLabel() {
    Blobs three = Blobs.around(Arrays.copyOf(Blobs.FIVE, 3), 150, 1.5, 4);
    ClusterModel model =
        Clustering.fit(three.rows(), XYZ, ClusteringOptions.DEFAULT.withAlgorithm(Algorithm.GMM));
    assertThat(model.k()).isEqualTo(3);
    assertThat(ClusterQuality.adjustedRandIndex(three.truth(), model.labels())).isGreaterThan(0.98);
    assertThat(model.hasMemberships()).isTrue();
    for (int i = 0; i < model.rows(); i++) {
      double[] p = model.membership(i);
      assertThat(Arrays.stream(p).sum()).isCloseTo(1, within(1e-9));
      int argmax = 0;
      for (int c = 1; c < p.length; c++) {
        argmax = p[c] > p[argmax] ? c : argmax;
      }
      assertThat(argmax).isEqualTo(model.label(i));
      assertThat(model.assign(three.rows()[i])).isEqualTo(model.label(i));
    }
    assertThat(model.toJson()).contains("\"components\"", "\"covariance\"");
    assertThatThrownBy(
            () ->
                Clustering.fit(three.rows(), XYZ, ClusteringOptions.DEFAULT.withK(3)).membership(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("gmm");
  }

  @Test
  void hdbscanShouldMarkPlantedOutliersAsNoise() {
    double[][] rows = withOutliers(Blobs.around(Arrays.copyOf(Blobs.FIVE, 3), 300, 0.8, 6));
    ClusteringOptions options =
        ClusteringOptions.DEFAULT.withAlgorithm(Algorithm.HDBSCAN).withDensity(25, 10, 0.5);
    ClusterModel model = Clustering.fit(rows, XYZ, options);
    assertDensityResult(model, rows);
    // fitted on a sample, the rest assigned: the outliers stay noise
    ClusterModel sampled = Clustering.fit(rows, XYZ, options.withFitSample(500));
    assertThat(sampled.provenance().fitRows()).isEqualTo(500);
    assertDensityResult(sampled, rows);
  }

  @Test
  void dbscanShouldMarkPlantedOutliersAsNoise() {
    double[][] rows = withOutliers(Blobs.around(Arrays.copyOf(Blobs.FIVE, 3), 300, 0.8, 6));
    ClusterModel model =
        Clustering.fit(
            rows,
            XYZ,
            ClusteringOptions.DEFAULT.withAlgorithm(Algorithm.DBSCAN).withDensity(25, 10, 1.5));
    assertDensityResult(model, rows);
  }

  private static double[][] withOutliers(Blobs blobs) {
    double[][] rows = Arrays.copyOf(blobs.rows(), blobs.rows().length + 8);
    double[][] far = {
      {40, 40, 40},
      {-40, 0, 0},
      {0, -40, 0},
      {0, 0, -40},
      {40, -40, 0},
      {-40, 40, 0},
      {0, 40, -40},
      {25, -30, 30}
    };
    System.arraycopy(far, 0, rows, blobs.rows().length, far.length);
    return rows;
  }

  private static void assertDensityResult(ClusterModel model, double[][] rows) {
    int n = rows.length;
    assertThat(model.k()).isEqualTo(3);
    for (int i = n - 8; i < n; i++) {
      assertThat(model.label(i)).as("outlier %d", i).isEqualTo(ClusterModel.NOISE);
      assertThat(model.assign(rows[i])).isEqualTo(ClusterModel.NOISE);
    }
    assertThat(model.noise()).isBetween(8, 8 + n / 20);
    int[] truth = new int[n];
    for (int i = 0; i < n; i++) {
      truth[i] = i < n - 8 ? i % 3 : -1;
    }
    assertThat(ClusterQuality.adjustedRandIndex(truth, model.labels())).isGreaterThan(0.9);
    assertThat(model.assign(new double[] {10, 0, 0})).isEqualTo(model.label(1));
  }

  @Test
  void wardShouldGiveAMonotoneDendrogramAndCutItAtK() throws Exception {
    ClusterModel model =
        Clustering.fit(
            FIVE.rows(),
            XYZ,
            ClusteringOptions.DEFAULT.withAlgorithm(Algorithm.WARD).withFitSample(400));
    Dendrogram d = model.dendrogram();
    assertThat(d.leaves()).isEqualTo(400);
    assertThat(d.merges()).hasSize(399);
    for (int m = 1; m < d.merges().size(); m++) {
      assertThat(d.merges().get(m).height()).isGreaterThanOrEqualTo(d.merges().get(m - 1).height());
    }
    assertThat(d.merges().get(398).size()).isEqualTo(400);
    assertThat(model.k()).isEqualTo(5);
    assertThat(ClusterQuality.adjustedRandIndex(FIVE.truth(), model.labels())).isEqualTo(1.0);
    JsonNode json = new ObjectMapper().readTree(model.toJson());
    assertThat(json.get("dendrogram").get("merges")).hasSize(399);
    assertThat(json.get("provenance").get("fit_rows").asInt()).isEqualTo(400);
  }

  @Test
  void aFixedKShouldBeUsedAsGivenWithoutKSelection() {
    ClusterModel model = Clustering.fit(FIVE.rows(), XYZ, ClusteringOptions.DEFAULT.withK(3));
    assertThat(model.k()).isEqualTo(3);
    assertThat(model.kSelection()).isEmpty();
  }

  @Test
  void badInputShouldBeRejectedWithTheReason() {
    assertThatThrownBy(() -> Clustering.fit(new double[0][], XYZ, ClusteringOptions.DEFAULT))
        .hasMessageContaining("no customers");
    assertThatThrownBy(
            () ->
                Clustering.fit(
                    new double[][] {{1, 2, Double.NaN}, {1, 2, 3}, {4, 5, 6}},
                    XYZ,
                    ClusteringOptions.DEFAULT))
        .hasMessageContaining("feature z is NaN");
    assertThatThrownBy(
            () ->
                Clustering.fit(
                    new double[][] {{1, 2, 3}, {4, 5, 6}}, XYZ, ClusteringOptions.DEFAULT.withK(4)))
        .hasMessageContaining("clustering.k is 4 but there are only 2 rows");
    ClusterModel model = Clustering.fit(FIVE.rows(), XYZ, ClusteringOptions.DEFAULT.withK(2));
    assertThatThrownBy(() -> model.assign(new double[] {1, 2}))
        .hasMessageContaining("expected 3 values (x, y, z)");
  }
}
