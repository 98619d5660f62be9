package io.tessera.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.feature.FeatureMatrix;
import io.tessera.segment.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The run's bridge to the clustering package: options from the config, a fit, its map. */
final class Clusters {
  private Clusters() {}

  /** One k tried: silhouette, Calinski-Harabasz, Davies-Bouldin. */
  record KScore(int k, double silhouette, double calinskiHarabasz, double daviesBouldin) {}

  /**
   * A fitted clustering as the run uses it.
   *
   * @param segmentIds segment ids, by segment index
   * @param segmentIndex each row's segment index
   * @param fixedNames given names (the noise segment), by segment index
   * @param modelJson the model for models/clustering.json
   * @param kScores the k tried, or empty
   * @param chosenK the k chosen
   * @param mapMethod the 2-D map's method, or null
   * @param mapRows the rows on the map
   * @param mapX their x
   * @param mapY their y
   */
  record Fit(
      List<String> segmentIds,
      int[] segmentIndex,
      Map<Integer, Segment.Text> fixedNames,
      String modelJson,
      List<KScore> kScores,
      int chosenK,
      String mapMethod,
      int[] mapRows,
      double[] mapX,
      double[] mapY) {}

  static Fit fit(FeatureMatrix scaled, JsonNode options) {
    int k = options == null ? 6 : options.path("k").asInt(6);
    var model = smile.clustering.KMeans.lloyd(scaled.toRowMajor(), k, 100);
    List<String> ids = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      ids.add("cluster:" + c);
    }
    return new Fit(
        ids,
        model.group(),
        Map.of(),
        "{\"algorithm\":\"kmeans\"}",
        List.of(),
        k,
        null,
        new int[0],
        new double[0],
        new double[0]);
  }
}
