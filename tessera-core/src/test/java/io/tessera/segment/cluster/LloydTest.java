package io.tessera.segment.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import smile.clustering.CentroidClustering;
import smile.clustering.KMeans;
import smile.math.MathEx;

/** {@link Lloyd} gives the partition of Smile's {@code KMeans.lloyd} for the same seed. */
class LloydTest {

  /** Overlapping blobs: many points near the borders, so the bounds are tested, not bypassed. */
  private static double[][] overlapping(int n, int p, int blobs, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] centers = new double[blobs][p];
    for (double[] c : centers) {
      for (int j = 0; j < p; j++) {
        c[j] = random.nextDouble(-2, 2);
      }
    }
    double[][] rows = new double[n][p];
    for (int i = 0; i < n; i++) {
      double[] c = centers[random.nextInt(blobs)];
      for (int j = 0; j < p; j++) {
        rows[i][j] = c[j] + Blobs.gaussian(random);
      }
    }
    return rows;
  }

  @Test
  void sameLabelsAndDistortionAsSmileOnOverlappingData() {
    double[][] rows = overlapping(3_000, 7, 6, 11);
    int runs = 0;
    int iterations = 0;
    for (int k = 2; k <= 10; k++) {
      for (long seed = 1; seed <= 3; seed++) {
        MathEx.setSeed(seed * 1_000 + k);
        CentroidClustering<double[], double[]> smile =
            KMeans.lloyd(rows, new smile.clustering.Clustering.Options(k, 100));
        MathEx.setSeed(seed * 1_000 + k);
        Lloyd.Result ours = Lloyd.fit(rows, k, 100);
        assertThat(ours.labels()).as("k=%d seed=%d", k, seed).isEqualTo(smile.group());
        assertThat(ours.distortion())
            .as("k=%d seed=%d", k, seed)
            .isCloseTo(smile.distortion(), org.assertj.core.data.Offset.offset(1e-12));
        iterations += ours.iterations();
        runs++;
      }
    }
    // the runs iterate (the bounds are exercised over many steps), they do not stop at once
    assertThat(iterations).isGreaterThan(5 * runs);
  }

  @Test
  void sameLabelsAndDistortionBitsAsSmileForOneToNineFeatures() {
    // the distance pass adds the features four at a time: every remainder (1, 2, 3, 0 mod 4) and
    // one or several groups; two iterations keep the labels sensitive to every seeding draw
    for (int p = 1; p <= 9; p++) {
      double[][] rows = overlapping(1_500, p, 5, 20 + p);
      for (int k : new int[] {2, 5, 9}) {
        for (int maxIter : new int[] {2, 100}) {
          MathEx.setSeed(p * 100L + k);
          CentroidClustering<double[], double[]> smile =
              KMeans.lloyd(rows, new smile.clustering.Clustering.Options(k, maxIter));
          MathEx.setSeed(p * 100L + k);
          Lloyd.Result ours = Lloyd.fit(rows, k, maxIter);
          assertThat(ours.labels())
              .as("p=%d k=%d maxIter=%d", p, k, maxIter)
              .isEqualTo(smile.group());
          assertThat(ours.distortion())
              .as("p=%d k=%d maxIter=%d", p, k, maxIter)
              .isEqualTo(smile.distortion());
        }
      }
    }
  }

  @Test
  void sameAsSmileWithAnIterationLimitAndOnSeparatedBlobs() {
    Blobs blobs = Blobs.around(Blobs.FIVE, 200, 1.0, 3);
    for (int k : new int[] {3, 5, 8}) {
      MathEx.setSeed(7);
      CentroidClustering<double[], double[]> smile =
          KMeans.lloyd(blobs.rows(), new smile.clustering.Clustering.Options(k, 2));
      MathEx.setSeed(7);
      Lloyd.Result ours = Lloyd.fit(blobs.rows(), k, 2);
      assertThat(ours.labels()).isEqualTo(smile.group());
      assertThat(ours.iterations()).isLessThanOrEqualTo(2);
    }
    MathEx.setSeed(5);
    Lloyd.Result five = Lloyd.fit(blobs.rows(), 5, 100);
    assertThat(ClusterQuality.adjustedRandIndex(blobs.truth(), five.labels())).isGreaterThan(0.99);
    // the inertia is the within-cluster sum of squares of the labels it returns
    assertThat(five.inertia())
        .isCloseTo(
            KCriteria.withinSs(blobs.rows(), five.labels()),
            org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void restartsRunSideBySideGiveTheSameCandidateAsOneByOne() {
    double[][] rows = overlapping(2_000, 5, 5, 4);
    ClusteringOptions options = ClusteringOptions.DEFAULT.withK(5);
    int[] together = Clustering.kmeans(rows, 5, options).labels();
    Lloyd.Result best = null;
    for (int r = 0; r < options.restarts(); r++) {
      MathEx.setSeed(Clustering.seedOf(options.seed(), 5, r));
      Lloyd.Result c = Lloyd.fit(rows, 5, options.maxIter());
      if (best == null || c.distortion() < best.distortion()) {
        best = c;
      }
    }
    assertThat(together).isEqualTo(best.labels());
  }

  @Test
  void rowsPreparedOnceGiveEveryFitTheSamePartitionAsUnprepared() {
    double[][] rows = overlapping(1_000, 5, 4, 3);
    Lloyd.Prepared data = Lloyd.prepare(rows);
    for (int k = 2; k <= 7; k++) {
      MathEx.setSeed(77 + k);
      Lloyd.Result alone = Lloyd.fit(rows, k, 100);
      MathEx.setSeed(77 + k);
      Lloyd.Result prepared = Lloyd.fit(data, k, 100);
      assertThat(prepared.labels()).as("k=%d", k).isEqualTo(alone.labels());
      assertThat(prepared.distortion()).as("k=%d", k).isEqualTo(alone.distortion());
      assertThat(prepared.iterations()).as("k=%d", k).isEqualTo(alone.iterations());
      assertThat(prepared.centroids()).as("k=%d", k).isDeepEqualTo(alone.centroids());
    }
  }
}
