package io.tessera.segment.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.segment.cluster.Map2D.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Map2DTest {
  private static final Blobs FIVE = Blobs.around(Blobs.FIVE, 100, 1.0, 21);

  @Test
  void pcaShouldProjectASampleOntoTheAxesOfMostVariance() {
    // variance almost all along (1, 1, 0): the first component carries it
    double[][] rows = new double[500][];
    for (int i = 0; i < rows.length; i++) {
      double t = i - 250;
      rows[i] = new double[] {t, t, Math.sin(i)};
    }
    Map2D map = Map2D.of(rows, Method.PCA, 200, 3);
    assertThat(map.method()).isEqualTo("pca");
    assertThat(map.points()).hasSize(200);
    assertThat(map.points()).isSortedAccordingTo((a, b) -> Integer.compare(a.row(), b.row()));
    assertThat(map.varianceShare().get(0)).isGreaterThan(0.99);
    for (Map2D.Point p : map.points()) {
      // |x| = sqrt(2) |t| up to the sign of the component
      assertThat(Math.abs(p.x()))
          .isCloseTo(
              Math.sqrt(2) * Math.abs(p.row() - 250.0 - meanT()),
              org.assertj.core.api.Assertions.within(0.01));
    }
  }

  private static double meanT() {
    return -0.5; // mean of i - 250 for i in 0..499
  }

  @Test
  void umapShouldBeDeterministicAndKeepBlobsApart() {
    assertEmbedding(Method.UMAP);
  }

  @Test
  void tsneShouldBeDeterministicAndKeepBlobsApart() {
    assertEmbedding(Method.TSNE);
  }

  private static void assertEmbedding(Method method) {
    Map2D map = Map2D.of(FIVE.rows(), method, 300, 8);
    Map2D again = Map2D.of(FIVE.rows(), method, 300, 8);
    assertThat(map.method()).isEqualTo(method.wireName());
    assertThat(map.points()).hasSize(300).isEqualTo(again.points());
    // clustering the 2-D points recovers the blobs the sampled rows came from
    double[][] xy =
        map.points().stream().map(p -> new double[] {p.x(), p.y()}).toArray(double[][]::new);
    int[] truth = map.points().stream().mapToInt(p -> FIVE.truth()[p.row()]).toArray();
    ClusterModel model = Clustering.fit(xy, List.of("x", "y"), ClusteringOptions.DEFAULT.withK(5));
    assertThat(ClusterQuality.adjustedRandIndex(truth, model.labels())).isGreaterThan(0.95);
    assertThat(Arrays.stream(truth).distinct().count()).isEqualTo(5);
  }

  @Test
  void tooFewRowsShouldBeRejected() {
    assertThatThrownBy(() -> Map2D.of(new double[][] {{1}, {2}}, Method.PCA, 10, 1))
        .hasMessageContaining("at least 3 customers");
  }
}
