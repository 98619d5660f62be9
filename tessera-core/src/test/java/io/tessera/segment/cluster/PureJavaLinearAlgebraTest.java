package io.tessera.segment.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import smile.stat.distribution.MultivariateMixture;

/**
 * The pure-Java replacements for Smile's native-backed PCA, Gaussian and UMAP pieces, checked
 * against closed forms and against the reference implementation's published constants. (The
 * surefire configuration points Smile's BLAS / LAPACK bindings at a library that does not exist, so
 * these and every other test also prove that nothing reaches native code.)
 */
class PureJavaLinearAlgebraTest {

  @Test
  void principalComponentsShouldFindTheAxesAndVariancesOfAKnownCovariance() {
    // x = 3 u (1, 1) / sqrt 2 + 1 v (1, -1) / sqrt 2 with u, v independent standard normals:
    // variances 9 and 1 along (1, 1) and (1, -1)
    SplittableRandom random = new SplittableRandom(5);
    double[][] rows = new double[20_000][];
    double r = Math.sqrt(0.5);
    for (int i = 0; i < rows.length; i++) {
      double u = 3 * Blobs.gaussian(random);
      double v = Blobs.gaussian(random);
      rows[i] = new double[] {r * (u + v) + 4, r * (u - v) - 2};
    }
    PrincipalComponents pca = PrincipalComponents.fit(rows);
    assertThat(pca.variance()[0]).isCloseTo(9, within(0.25));
    assertThat(pca.variance()[1]).isCloseTo(1, within(0.05));
    assertThat(pca.varianceShare()[0] + pca.varianceShare()[1]).isCloseTo(1, within(1e-12));
    // unit axes, orthogonal, the largest loading positive
    double[] first = pca.axis(0);
    double[] second = pca.axis(1);
    assertThat(first[0]).isCloseTo(r, within(0.01));
    assertThat(first[1]).isCloseTo(r, within(0.01));
    assertThat(Math.abs(second[0])).isCloseTo(r, within(0.01));
    assertThat(first[0] * second[0] + first[1] * second[1]).isCloseTo(0, within(1e-12));
    assertThat(Math.max(Math.abs(second[0]), Math.abs(second[1])))
        .isEqualTo(Math.max(second[0], second[1]));
    // projection centres on the mean
    double[][] xy = pca.project(new double[][] {{4, -2}, {4 + r * 3, -2 + r * 3}}, 2);
    assertThat(xy[0][0]).isCloseTo(0, within(0.05));
    assertThat(xy[1][0]).isCloseTo(3, within(0.05));
    assertThatThrownBy(() -> pca.project(rows, 3)).hasMessageContaining("between 1 and 2");
  }

  @Test
  void gaussianDensityShouldMatchTheClosedForm() {
    // covariance [[4, 1.2], [1.2, 1]]: det 2.56, inverse [[1, -1.2], [-1.2, 4]] / 2.56
    RidgedGaussian g =
        new RidgedGaussian(new double[] {1, -1}, new double[][] {{4, 1.2}, {1.2, 1}});
    double[] x = {2.5, 0.5};
    double dx = 1.5;
    double dy = 1.5;
    double quad = (dx * dx - 2 * 1.2 * dx * dy + 4 * dy * dy) / 2.56;
    double expected = -Math.log(2 * Math.PI) - 0.5 * Math.log(2.56) - quad / 2;
    assertThat(g.logp(x)).isCloseTo(expected, within(1e-12));
    assertThat(g.p(x)).isCloseTo(Math.exp(expected), within(1e-15));
    assertThat(g.entropy())
        .isCloseTo(1 + Math.log(2 * Math.PI) + 0.5 * Math.log(2.56), within(1e-12));
    assertThat(g.length()).isEqualTo(2 + 3);
    assertThat(g.covariance()).isDeepEqualTo(new double[][] {{4, 1.2}, {1.2, 1}});
    assertThatThrownBy(
            () -> new RidgedGaussian(new double[] {0, 0}, new double[][] {{1, 2}, {2, 1}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not positive definite");
  }

  @Test
  void theEmUpdateShouldAddTheRidgeSoAConstantFeatureStaysFactorisable() {
    // the second feature is 0 for every member (never-buyers' frequency): its variance is 0
    double[][] x = {{1, 0}, {2, 0}, {3, 0}, {10, 5}};
    double[] weight = {1, 1, 1, 0};
    RidgedGaussian start = new RidgedGaussian(new double[] {0, 0}, new double[][] {{1, 0}, {0, 1}});
    MultivariateMixture.Component c = start.M(x, weight);
    RidgedGaussian updated = (RidgedGaussian) c.distribution();
    assertThat(c.priori()).isCloseTo(0.75, within(1e-12));
    assertThat(updated.mean()).containsExactly(2, 0);
    assertThat(updated.covariance()[0][0])
        .isCloseTo(2.0 / 3 + Clustering.COVARIANCE_RIDGE, within(1e-12));
    assertThat(updated.covariance()[1][1]).isEqualTo(Clustering.COVARIANCE_RIDGE);
    assertThat(updated.logp(new double[] {2, 0})).isFinite();
    // a component that lost every member keeps its shape with no weight
    assertThat(start.M(x, new double[4]).priori()).isZero();
  }

  @Test
  void umapCurveShouldMatchTheReferenceImplementationsDefaults() {
    // umap-learn's find_ab_params(spread=1.0, min_dist=0.1): a = 1.577, b = 0.895
    double[] ab = Umap.curve(Umap.SPREAD, Umap.MIN_DIST);
    assertThat(ab[0]).isCloseTo(1.577, within(0.005));
    assertThat(ab[1]).isCloseTo(0.895, within(0.005));
  }

  @Test
  void umapGraphShouldBeASymmetricFuzzyUnion() {
    // a line of points 0, 1, 2, 3, 4, 5 with 3 neighbours each (itself and two others)
    int[][] knn = {{1, 2}, {0, 2}, {1, 3}, {2, 4}, {3, 5}, {4, 3}};
    double[][] dist = {{1, 2}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 2}};
    Umap.Graph graph = Umap.fuzzyGraph(knn, dist, 3, 500);
    Map<Long, Double> weight = new HashMap<>();
    for (int e = 0; e < graph.head().length; e++) {
      weight.put((long) graph.head()[e] * 6 + graph.tail()[e], graph.weight()[e]);
    }
    for (Map.Entry<Long, Double> e : weight.entrySet()) {
      long i = e.getKey() / 6;
      long j = e.getKey() % 6;
      assertThat(weight.get(j * 6 + i)).as("edge %d-%d both ways", i, j).isEqualTo(e.getValue());
      assertThat(e.getValue()).isBetween(0.0, 1.0);
    }
    // the nearest neighbour is fully a member: weight 1 (0-1, 4-5)
    assertThat(weight.get(1L)).isEqualTo(1.0);
    assertThat(weight.get(4L * 6 + 5)).isEqualTo(1.0);
    // 0-2 is the farther neighbour of 0 and not a neighbour of 2 the other way: weight below 1
    assertThat(weight.get(2L)).isLessThan(1.0).isGreaterThan(0.0);
    assertThat(weight).doesNotContainKey(3L);
  }
}
