package io.tessera.segment.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClusterQualityTest {
  private static final double[][] LINE = {{0}, {1}, {5}, {6}};
  private static final int[] PAIRS = {0, 0, 1, 1};

  @Test
  void silhouetteShouldMatchAHandComputation() {
    // point 0: a = 1, b = (5 + 6) / 2 = 5.5, s = 4.5 / 5.5 = 9/11; point 1: a = 1, b = 4.5,
    // s = 7/9; points 5 and 6 mirror them: mean (9/11 + 7/9) / 2 = 158/198
    assertThat(ClusterQuality.silhouette(LINE, PAIRS)).isCloseTo(158.0 / 198, within(1e-12));
  }

  @Test
  void aPointAloneInItsClusterShouldHaveSilhouetteZero() {
    // points 0 and 1: a = 1, b = 10 and 9 -> 0.9 and 8/9; point 10 alone -> 0
    double s = ClusterQuality.silhouette(new double[][] {{0}, {1}, {10}}, new int[] {0, 0, 1});
    assertThat(s).isCloseTo((0.9 + 8.0 / 9) / 3, within(1e-12));
  }

  @Test
  void silhouetteShouldBeUndefinedForOneClusterAndIgnoreNoise() {
    assertThat(ClusterQuality.silhouette(LINE, new int[] {0, 0, 0, 0})).isNaN();
    // a noise point far away changes nothing
    double[][] withNoise = {{0}, {1}, {5}, {6}, {100}};
    assertThat(ClusterQuality.silhouette(withNoise, new int[] {0, 0, 1, 1, -1}))
        .isCloseTo(158.0 / 198, within(1e-12));
  }

  @Test
  void silhouetteShouldEqualAStraightforwardComputationOnRandomData() {
    SplittableRandom r = new SplittableRandom(5);
    double[][] x = new double[120][3];
    int[] labels = new int[120];
    for (int i = 0; i < x.length; i++) {
      labels[i] = i % 3;
      for (int j = 0; j < 3; j++) {
        x[i][j] = labels[i] * 2 + r.nextDouble() * 3;
      }
    }
    // independent O(n^2) computation, written out plainly
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      double[] sum = new double[3];
      int[] count = new int[3];
      for (int j = 0; j < x.length; j++) {
        if (i != j) {
          double d = 0;
          for (int c = 0; c < 3; c++) {
            d += (x[i][c] - x[j][c]) * (x[i][c] - x[j][c]);
          }
          sum[labels[j]] += Math.sqrt(d);
          count[labels[j]]++;
        }
      }
      double a = sum[labels[i]] / count[labels[i]];
      double b = Double.MAX_VALUE;
      for (int c = 0; c < 3; c++) {
        if (c != labels[i]) {
          b = Math.min(b, sum[c] / count[c]);
        }
      }
      total += (b - a) / Math.max(a, b);
    }
    assertThat(ClusterQuality.silhouette(x, labels)).isCloseTo(total / x.length, within(1e-12));
    // a sample as large as the data is the data
    assertThat(ClusterQuality.silhouette(x, labels, 120, 9))
        .isCloseTo(total / x.length, within(1e-12));
    // a smaller sample is an estimate, and the same seed gives the same estimate
    double sampled = ClusterQuality.silhouette(x, labels, 60, 9);
    assertThat(sampled).isEqualTo(ClusterQuality.silhouette(x, labels, 60, 9));
    assertThat(sampled).isNotEqualTo(total / x.length).isCloseTo(total / x.length, within(0.1));
  }

  @Test
  void silhouettesOfSeveralPartitionsShouldEachBeTheSameDoubleAsAlone() {
    SplittableRandom r = new SplittableRandom(8);
    double[][] x = new double[301][4];
    for (double[] row : x) {
      for (int j = 0; j < row.length; j++) {
        row[j] = r.nextGaussian() + (row == x[0] ? 0 : r.nextInt(3));
      }
    }
    java.util.List<int[]> partitions = new java.util.ArrayList<>();
    for (int k = 2; k <= 6; k++) {
      int[] labels = new int[x.length];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = r.nextInt(k);
      }
      partitions.add(labels);
    }
    partitions.add(new int[x.length]); // one cluster: NaN
    for (int sample : new int[] {Integer.MAX_VALUE, 120}) {
      double[] together = ClusterQuality.silhouettes(x, partitions, sample, 4);
      for (int l = 0; l < partitions.size(); l++) {
        double alone = ClusterQuality.silhouette(x, partitions.get(l), sample, 4);
        // bit for bit: the shared pass adds the same distances in the same order
        assertThat(Double.valueOf(together[l]))
            .as("partition %d, sample %d", l, sample)
            .isEqualTo(Double.valueOf(alone));
      }
      assertThat(together[partitions.size() - 1]).isNaN();
      assertThat(together[0]).isBetween(-1.0, 1.0);
    }
    // partitions clustering different rows (noise points) are each computed alone
    int[] noisy = partitions.get(1).clone();
    noisy[5] = -1;
    double[] mixed =
        ClusterQuality.silhouettes(x, java.util.List.of(partitions.get(0), noisy), 500, 4);
    assertThat(mixed[0]).isEqualTo(ClusterQuality.silhouette(x, partitions.get(0), 500, 4));
    assertThat(mixed[1]).isEqualTo(ClusterQuality.silhouette(x, noisy, 500, 4));
  }

  @Test
  void calinskiHarabaszShouldMatchAHandComputation() {
    // grand mean 3, centroids 0.5 and 5.5: between = 2 x 2.5^2 x 2 = 25, within = 4 x 0.25 = 1;
    // (25 / (2 - 1)) / (1 / (4 - 2)) = 50
    assertThat(ClusterQuality.calinskiHarabasz(LINE, PAIRS)).isCloseTo(50, within(1e-12));
  }

  @Test
  void daviesBouldinShouldMatchAHandComputation() {
    // scatters 0.5 and 0.5, centroid distance 5: (0.5 + 0.5) / 5 = 0.2 for both clusters
    assertThat(ClusterQuality.daviesBouldin(LINE, PAIRS)).isCloseTo(0.2, within(1e-12));
    // three clusters on a line: {0,2} c=1 s=1; {10,12} c=11 s=1; {13,15} c=14 s=1
    // R12 = 2/10, R13 = 2/13, R23 = 2/3: max per cluster 0.2, 2/3, 2/3 -> mean 1.5333/3
    double db =
        ClusterQuality.daviesBouldin(
            new double[][] {{0}, {2}, {10}, {12}, {13}, {15}}, new int[] {0, 0, 1, 1, 2, 2});
    assertThat(db).isCloseTo((0.2 + 2.0 / 3 + 2.0 / 3) / 3, within(1e-12));
  }

  @Test
  void adjustedRandIndexShouldMatchPublishedValues() {
    // scikit-learn's documented example: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 4/7
    assertThat(ClusterQuality.adjustedRandIndex(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 2}))
        .isCloseTo(4.0 / 7, within(1e-12));
    // renaming labels changes nothing, noise (-1) is one more group
    assertThat(ClusterQuality.adjustedRandIndex(new int[] {0, 0, 1, 1}, new int[] {7, 7, -1, -1}))
        .isCloseTo(1, within(1e-12));
    // scikit-learn: adjusted_rand_score([0, 0, 1, 1], [0, 1, 0, 1]) = -0.5
    assertThat(ClusterQuality.adjustedRandIndex(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}))
        .isCloseTo(-0.5, within(1e-12));
    assertThatThrownBy(() -> ClusterQuality.adjustedRandIndex(new int[] {0}, new int[] {0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 vs 2");
  }
}
