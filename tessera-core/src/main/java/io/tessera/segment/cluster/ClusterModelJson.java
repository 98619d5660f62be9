package io.tessera.segment.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.config.ConfigException;
import io.tessera.model.ModelJson;
import java.util.ArrayList;
import java.util.List;
import smile.stat.distribution.MultivariateMixture;

/**
 * Reads {@link ClusterModel#toJson()} back into a model: the options, features, centroids and
 * sizes, the k selection, and what {@link ClusterModel#assign} needs beyond the centroids (a
 * mixture's components in their own order, a density clustering's exemplars).
 */
final class ClusterModelJson {
  private ClusterModelJson() {}

  /** Lenient about keys a newer writer may add inside the objects it reads. */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .disable(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static ClusterModel read(String json, String file) {
    ObjectNode root = ModelJson.read(json, file, ClusterModel.FORMAT_VERSION);
    if (!root.has("centroids") && root.has("status")) {
      throw ConfigException.inFile(
          file,
          "centroids",
          "is missing: the run skipped clustering ("
              + root.path("reason").asText(root.path("status").asText())
              + "), so there is no model to read");
    }
    ClusteringOptions options = value(root, "options", ClusteringOptions.class, file);
    List<String> features = new ArrayList<>();
    JsonNode f = root.path("features");
    if (!f.isArray() || f.isEmpty()) {
      throw ConfigException.inFile(file, "features", "must be a non-empty list of feature names");
    }
    f.forEach(n -> features.add(n.asText()));
    int k = (int) ModelJson.number(root, "k", "", file);
    double[][] centroids = matrix(root.path("centroids"), "centroids", features.size(), file);
    if (centroids.length != k) {
      throw ConfigException.inFile(
          file, "centroids", "holds " + centroids.length + " centroids but k is " + k);
    }
    double[] sizeValues = ModelJson.numbers(root, "sizes", "", file);
    int[] sizes = new int[sizeValues.length];
    for (int c = 0; c < sizes.length; c++) {
      sizes[c] = (int) sizeValues[c];
    }
    List<KScore> kSelection = new ArrayList<>();
    for (JsonNode s : root.path("k_selection")) {
      kSelection.add(convert(s, "k_selection", KScore.class, file));
    }
    KSelection.Choice choice =
        root.has("k_choice") ? value(root, "k_choice", KSelection.Choice.class, file) : null;
    Dendrogram dendrogram =
        root.has("dendrogram") ? value(root, "dendrogram", Dendrogram.class, file) : null;
    MultivariateMixture mixture = null;
    int[] componentLabel = null;
    if (root.has("components")) {
      componentLabel = new int[root.path("components").size()];
      mixture = mixture(root.path("components"), componentLabel, file);
    }
    Exemplars e = exemplars(root, options, features.size(), file);
    ClusterModel.Provenance provenance =
        root.has("provenance")
            ? value(root, "provenance", ClusterModel.Provenance.class, file)
            : null;
    return ClusterModel.of(
        new ClusterModel.Parts(
            options,
            features,
            k,
            new int[0],
            centroids,
            kSelection,
            dendrogram,
            null,
            mixture,
            componentLabel,
            e.points(),
            e.labels(),
            e.reach(),
            choice,
            provenance),
        sizes,
        (int) ModelJson.number(root, "noise", "", file));
  }

  /**
   * A mixture's components in their own order; fills {@code componentLabel} (component -> label).
   */
  private static MultivariateMixture mixture(JsonNode comps, int[] componentLabel, String file) {
    int m = comps.size();
    MultivariateMixture.Component[] byComponent = new MultivariateMixture.Component[m];
    for (int i = 0; i < m; i++) {
      JsonNode c = comps.get(i);
      String where = "components[" + i + "]";
      int index = c.has("component") ? (int) ModelJson.number(c, "component", where, file) : i;
      if (index < 0 || index >= m || byComponent[index] != null) {
        throw ConfigException.inFile(file, where + ".component", "is out of range or repeated");
      }
      double[] mean = ModelJson.numbers(c, "mean", where, file);
      double[][] cov = matrix(c.path("covariance"), where + ".covariance", mean.length, file);
      try {
        byComponent[index] =
            new MultivariateMixture.Component(
                ModelJson.number(c, "weight", where, file), new RidgedGaussian(mean, cov));
      } catch (IllegalArgumentException e) {
        throw ConfigException.inFile(file, where, e.getMessage());
      }
      componentLabel[index] = (int) ModelJson.number(c, "label", where, file);
    }
    return new MultivariateMixture(byComponent);
  }

  /** A density clustering's clustered fit-sample points, their labels and reach. */
  private record Exemplars(double[][] points, int[] labels, double[] reach) {}

  private static Exemplars exemplars(
      JsonNode root, ClusteringOptions options, int width, String file) {
    if (root.has("exemplars")) {
      JsonNode e = root.path("exemplars");
      double[][] points = matrix(e.path("points"), "exemplars.points", width, file);
      double[] labels = ModelJson.numbers(e, "labels", "exemplars", file);
      double[] reach = ModelJson.numbers(e, "reach", "exemplars", file);
      if (labels.length != points.length || reach.length != points.length) {
        throw ConfigException.inFile(
            file, "exemplars", "points, labels and reach must have one entry per exemplar");
      }
      int[] exemplarLabels = new int[labels.length];
      for (int i = 0; i < labels.length; i++) {
        exemplarLabels[i] = (int) labels[i];
      }
      return new Exemplars(points, exemplarLabels, reach);
    }
    if (options.algorithm() == ClusteringOptions.Algorithm.HDBSCAN
        || options.algorithm() == ClusteringOptions.Algorithm.DBSCAN) {
      // a file from before exemplars were saved: nothing to place a row near, so every row is
      // noise (ClusterModel.assign with no exemplars)
      return new Exemplars(new double[0][], new int[0], new double[0]);
    }
    return new Exemplars(null, null, null);
  }

  private static <T> T value(JsonNode root, String key, Class<T> type, String file) {
    JsonNode node = root.path(key);
    if (node.isMissingNode()) {
      throw ConfigException.inFile(file, key, "is missing");
    }
    return convert(node, key, type, file);
  }

  private static <T> T convert(JsonNode node, String key, Class<T> type, String file) {
    try {
      return JSON.treeToValue(node, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException i ? i : e;
      throw ConfigException.inFile(
          file,
          key,
          "cannot be read ("
              + (cause instanceof com.fasterxml.jackson.core.JsonProcessingException j
                  ? j.getOriginalMessage()
                  : cause.getMessage())
              + ")");
    }
  }

  private static double[][] matrix(JsonNode node, String key, int width, String file) {
    if (!node.isArray()) {
      throw ConfigException.inFile(file, key, "must be a list of rows of numbers");
    }
    double[][] out = new double[node.size()][];
    for (int i = 0; i < out.length; i++) {
      JsonNode row = node.get(i);
      if (!row.isArray() || row.size() != width) {
        throw ConfigException.inFile(
            file, key + "[" + i + "]", "must hold " + width + " numbers, one per feature");
      }
      out[i] = new double[width];
      for (int j = 0; j < width; j++) {
        out[i][j] = row.get(j).asDouble();
      }
    }
    return out;
  }
}
