package io.tessera.segment.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.segment.cluster.ClusteringOptions.Algorithm;
import org.junit.jupiter.api.Test;

class ClusteringOptionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ClusteringOptions parse(String json) throws Exception {
    return ClusteringOptions.fromConfig(JSON.readTree(json));
  }

  @Test
  void aMissingBlockShouldGiveTheDefaults() throws Exception {
    assertThat(ClusteringOptions.fromConfig(null)).isEqualTo(ClusteringOptions.DEFAULT);
    assertThat(parse("{}")).isEqualTo(ClusteringOptions.DEFAULT);
    assertThat(ClusteringOptions.DEFAULT.algorithm()).isEqualTo(Algorithm.KMEANS);
    assertThat(ClusteringOptions.DEFAULT.autoK()).isTrue();
    assertThat(ClusteringOptions.DEFAULT.kMin()).isEqualTo(2);
    assertThat(ClusteringOptions.DEFAULT.kMax()).isEqualTo(10);
  }

  @Test
  void shouldReadEverySnakeCaseKey() throws Exception {
    ClusteringOptions o =
        parse(
            """
            {"algorithm": "HDBSCAN", "k": "auto", "k_min": 3, "k_max": 8, "seed": 7,
             "sample": 2000, "restarts": 2, "max_iter": 50, "fit_sample": 3000,
             "min_cluster_size": 40, "min_points": 5, "eps": 0.8}
            """);
    assertThat(o)
        .isEqualTo(
            new ClusteringOptions(Algorithm.HDBSCAN, 0, 3, 8, 7, 2000, 2, 50, 3000, 40, 5, 0.8));
    assertThat(parse("{\"k\": 6}").k()).isEqualTo(6);
    assertThat(parse("{\"k\": \"6\"}").k()).isEqualTo(6);
    assertThat(parse("{\"k\": 0}").autoK()).isTrue();
  }

  @Test
  void badValuesShouldNameTheKeyAndWhatItAccepts() {
    assertThatThrownBy(() -> parse("{\"algorithm\": \"spectral\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "clustering.algorithm must be one of kmeans, gmm, hdbscan, dbscan, ward, got"
                + " 'spectral'");
    assertThatThrownBy(() -> parse("{\"k\": 1}"))
        .hasMessage("clustering.k must be >= 2 or auto, got 1");
    assertThatThrownBy(() -> parse("{\"k\": \"many\"}"))
        .hasMessage("clustering.k must be an integer >= 2 or auto, got 'many'");
    assertThatThrownBy(() -> parse("{\"k_min\": 1}"))
        .hasMessage("clustering.k_min must be >= 2, got 1");
    assertThatThrownBy(() -> parse("{\"k_min\": 6, \"k_max\": 4}"))
        .hasMessage("clustering.k_max must be >= clustering.k_min (6), got 4");
    assertThatThrownBy(() -> parse("{\"sample\": 10}")).hasMessageStartingWith("clustering.sample");
    assertThatThrownBy(() -> parse("{\"eps\": -1}")).hasMessageStartingWith("clustering.eps");
    assertThatThrownBy(() -> parse("{\"eps\": \"wide\"}"))
        .hasMessage("clustering.eps must be a number, got 'wide'");
    assertThatThrownBy(() -> parse("{\"restarts\": 0}"))
        .hasMessage("clustering.restarts must be >= 1, got 0");
    assertThatThrownBy(() -> parse("{\"clusters\": 5}"))
        .hasMessageStartingWith(
            "clustering.clusters is not a clustering setting; known: algorithm,");
    assertThatThrownBy(() -> parse("[1]")).hasMessageStartingWith("clustering must be a block");
  }

  @Test
  void optionsShouldRoundTripThroughTheirJson() throws Exception {
    JsonNode node = JSON.valueToTree(ClusteringOptions.DEFAULT.withAlgorithm(Algorithm.WARD));
    assertThat(node.get("algorithm").asText()).isEqualTo("ward");
    assertThat(node.get("k_max").asInt()).isEqualTo(10);
    assertThat(ClusteringOptions.fromConfig(node))
        .isEqualTo(ClusteringOptions.DEFAULT.withAlgorithm(Algorithm.WARD));
  }
}
