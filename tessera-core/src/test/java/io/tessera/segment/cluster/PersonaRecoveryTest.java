package io.tessera.segment.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.feature.FeatureMatrix;
import io.tessera.feature.FeatureTransform;
import io.tessera.feature.TransformOptions;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default pipeline (fold, default features, clustering transform, default clustering) on a
 * generated shop with seven planted personas, compared with the truth by the adjusted Rand index.
 *
 * <p>Measured (4,000 customers): 0.949 on seed 7 (k = 7), and 0.950 / 0.949 / 0.949 / 0.949 / 0.949
 * / 0.949 on seeds 7077, 11, 1, 2, 3, 4. On seed 7 every persona is nearly whole in its own
 * cluster; the misplaced customers are loyal regulars and bargain hunters whose last 90 days were
 * quiet (beside the lapsing VIPs) or who bought once (beside the one-time buyers). The history of
 * the figure (0.43 with the first defaults, 0.81 with four behavioural counts, then basket size,
 * smoothed discount use, days since first activity, standardising, no redundant indicator and 10
 * restarts) is in {@link io.tessera.feature.FeatureMatrix#DEFAULT_FEATURES} and the README.
 */
@Tag("slow")
class PersonaRecoveryTest {
  private static GeneratedPopulation population;
  private static FeatureMatrix matrix;
  private static int[] truth;
  private static ClusterModel model;

  @BeforeAll
  static void clusterAGeneratedShop(@TempDir Path dir) {
    population = GeneratedPopulation.generate(4_000, 7, dir);
    FeatureMatrix raw =
        FeatureMatrix.build(
            population.profiles(),
            population.customers(),
            FeatureMatrix.DEFAULT_FEATURES,
            population.asOf());
    matrix = FeatureTransform.fit(raw, TransformOptions.CLUSTERING).matrix();
    truth = population.personaLabels(matrix.ids());
    model = Clustering.fit(matrix.toRowMajor(), matrix.names(), ClusteringOptions.DEFAULT);
  }

  @Test
  void theDefaultPipelineShouldFindStructureAndKeepVipsTogether() {
    assertThat(matrix.rows()).isEqualTo(4_000);
    // seven personas, seven clusters chosen by the k rule (silhouette, CH and DB nominate 7)
    assertThat(model.k()).isEqualTo(7);
    // the VIPs (planted: 16 orders a year, 190 USD per order) share one cluster
    int vip = truth[indexOfPersona("vip")];
    int[] vipClusters = new int[model.k()];
    int vips = 0;
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] == vip) {
        vipClusters[model.label(i)]++;
        vips++;
      }
    }
    assertThat(Arrays.stream(vipClusters).max().orElse(0)).isGreaterThanOrEqualTo(vips * 95 / 100);
  }

  @Test
  void theDefaultPipelineShouldRecoverThePlantedPersonas() {
    // issue 3's bar; chance is 0, the first defaults reached 0.43
    assertThat(ClusterQuality.adjustedRandIndex(truth, model.labels())).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void aGaussianMixtureShouldFitTheSameFeaturesAtEveryKAndRecoverThePersonas() {
    // the other model-based method the config offers, on the same matrix: every k from 2 to 10
    // fits, and the personas come out as well as with k-means
    ClusterModel gmm =
        Clustering.fit(
            matrix.toRowMajor(),
            matrix.names(),
            ClusteringOptions.DEFAULT.withAlgorithm(ClusteringOptions.Algorithm.GMM));
    assertThat(gmm.kSelection()).hasSize(9);
    assertThat(gmm.hasMemberships()).isTrue();
    assertThat(ClusterQuality.adjustedRandIndex(truth, gmm.labels())).isGreaterThanOrEqualTo(0.9);
  }

  private static int indexOfPersona(String persona) {
    for (int i = 0; i < matrix.rows(); i++) {
      if (persona.equals(population.personas().get(matrix.id(i)))) {
        return i;
      }
    }
    throw new IllegalStateException("no customer with persona " + persona);
  }
}
