package io.tessera.pipeline.segment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.contract.CustomerId;
import io.tessera.feature.FeatureMatrix;
import io.tessera.profile.ProfileField.Kind;
import io.tessera.segment.cluster.ClusteringOptions;
import io.tessera.segment.cluster.Map2D;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The maps of a fit are drawn on their own thread and finished after {@link Clusters#fit} returns
 * (beside the run's later stages): they must be the maps drawn alone, on the calling thread.
 */
class ClustersTest {
  @Test
  void givenThreeBlobs_whenFitted_thenTheMapsEqualTheMapsDrawnAloneOnThisThread() throws Exception {
    // three seeded blobs of 300 customers each in three features
    SplittableRandom random = new SplittableRandom(11);
    int n = 900;
    double[][] columns = new double[3][n];
    List<CustomerId> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(CustomerId.of("c" + i));
      for (int j = 0; j < 3; j++) {
        columns[j][i] = (i % 3 == j ? 4.0 : 0.0) + random.nextGaussian();
      }
    }
    FeatureMatrix scaled =
        FeatureMatrix.of(
            ids, List.of("a", "b", "c"), List.of(Kind.COUNT, Kind.COUNT, Kind.COUNT), columns);
    ClusteringOptions options =
        ClusteringOptions.fromConfig(new ObjectMapper().readTree("{\"k\": 3}"));

    Clusters.Fit fit = Clusters.fit(scaled, options, Map2D.Method.UMAP);

    double[][] rows = scaled.toRowMajor();
    assertThat(fit.chosenK()).isEqualTo(3);
    assertThat(fit.map())
        .isEqualTo(Map2D.of(rows, Map2D.Method.UMAP, Map2D.DEFAULT_SAMPLE, options.seed()));
    assertThat(fit.pca())
        .isEqualTo(Map2D.of(rows, Map2D.Method.PCA, Map2D.DEFAULT_SAMPLE, options.seed()));
    assertThat(fit.map().points()).hasSize(n);
  }
}
