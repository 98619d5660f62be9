package io.tessera.segment.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How {@link Clustering#fit} partitions customers. The config block is {@code clustering:} in
 * tessera.yaml; every message names the key to change.
 *
 * @param algorithm {@code kmeans} (default), {@code gmm}, {@code hdbscan}, {@code dbscan} or {@code
 *     ward}
 * @param k the number of clusters, or 0 for automatic choice in [kMin, kMax] (see {@link
 *     Clustering}); not used by the density methods
 * @param kMin smallest k tried by the automatic choice (at least 2)
 * @param kMax largest k tried by the automatic choice
 * @param seed the seed of every random choice: the same options and rows give the same labels
 * @param silhouetteSample how many points the silhouette is computed on (a seeded sample)
 * @param restarts k-means++ restarts per k; the one with the lowest within-cluster sum of squares
 *     is kept
 * @param maxIter iteration limit of k-means (Lloyd) and of the mixture's EM
 * @param fitSample how many points the density methods and Ward are fitted on (a seeded sample; the
 *     other points are assigned afterwards): their cost grows with n² or worse
 * @param minClusterSize HDBSCAN: the smallest group that counts as a cluster
 * @param minPoints HDBSCAN and DBSCAN: neighbours that make a point a core point
 * @param eps DBSCAN: the neighbourhood radius, in transformed (scaled) feature units
 */
public record ClusteringOptions(
    @JsonProperty("algorithm") Algorithm algorithm,
    @JsonProperty("k") int k,
    @JsonProperty("k_min") int kMin,
    @JsonProperty("k_max") int kMax,
    @JsonProperty("seed") long seed,
    @JsonProperty("sample") int silhouetteSample,
    @JsonProperty("restarts") int restarts,
    @JsonProperty("max_iter") int maxIter,
    @JsonProperty("fit_sample") int fitSample,
    @JsonProperty("min_cluster_size") int minClusterSize,
    @JsonProperty("min_points") int minPoints,
    @JsonProperty("eps") double eps) {

  /** The clustering algorithms. */
  public enum Algorithm {
    /** k-means with k-means++ seeding (Smile, Lloyd iterations). */
    @JsonProperty("kmeans")
    KMEANS,
    /** A Gaussian mixture with full covariances, fitted by EM (Smile). */
    @JsonProperty("gmm")
    GMM,
    /** Hierarchical DBSCAN (Tribuo); points in no dense region are noise. */
    @JsonProperty("hdbscan")
    HDBSCAN,
    /** DBSCAN (Smile) with a fixed radius; points in no dense region are noise. */
    @JsonProperty("dbscan")
    DBSCAN,
    /** Agglomerative clustering with Ward's linkage (Smile), cut at k. */
    @JsonProperty("ward")
    WARD;

    /** The name in configs and JSON, e.g. {@code kmeans}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the method finds its own number of clusters and marks noise. */
    public boolean isDensity() {
      return this == HDBSCAN || this == DBSCAN;
    }

    static String allNames() {
      return Arrays.stream(values()).map(Algorithm::wireName).collect(Collectors.joining(", "));
    }
  }

  /** k = 0: choose k automatically. */
  public static final int AUTO = 0;

  /**
   * k-means, automatic k in [2, 10], seed 42, silhouette on 5,000 points, 10 restarts (as
   * scikit-learn's long-standing {@code n_init=10}). With 5, one of seven generated shops (seed 1)
   * kept a local optimum at k = 7 in which VIPs shared a cluster with loyal regulars; its
   * silhouette lost to k = 6 and the planted personas were recovered at 0.91 instead of 0.95.
   */
  public static final ClusteringOptions DEFAULT =
      new ClusteringOptions(Algorithm.KMEANS, AUTO, 2, 10, 42, 5_000, 10, 100, 5_000, 25, 10, 0.5);

  private static final Set<String> KEYS =
      Set.of(
          "algorithm",
          "k",
          "k_min",
          "k_max",
          "seed",
          "sample",
          "restarts",
          "max_iter",
          "fit_sample",
          "min_cluster_size",
          "min_points",
          "eps");

  public ClusteringOptions {
    if (algorithm == null) {
      throw new IllegalArgumentException(
          "clustering.algorithm must be one of " + Algorithm.allNames());
    }
    if (k != AUTO && k < 2) {
      throw new IllegalArgumentException("clustering.k must be >= 2 or auto, got " + k);
    }
    if (kMin < 2) {
      throw new IllegalArgumentException("clustering.k_min must be >= 2, got " + kMin);
    }
    if (kMax < kMin) {
      throw new IllegalArgumentException(
          "clustering.k_max must be >= clustering.k_min (" + kMin + "), got " + kMax);
    }
    if (silhouetteSample < 100) {
      throw new IllegalArgumentException(
          "clustering.sample must be >= 100 (points the silhouette is computed on), got "
              + silhouetteSample);
    }
    if (restarts < 1) {
      throw new IllegalArgumentException("clustering.restarts must be >= 1, got " + restarts);
    }
    if (maxIter < 1) {
      throw new IllegalArgumentException("clustering.max_iter must be >= 1, got " + maxIter);
    }
    if (fitSample < 100) {
      throw new IllegalArgumentException(
          "clustering.fit_sample must be >= 100 (points hdbscan, dbscan and ward are fitted on),"
              + " got "
              + fitSample);
    }
    if (minClusterSize < 2) {
      throw new IllegalArgumentException(
          "clustering.min_cluster_size must be >= 2, got " + minClusterSize);
    }
    if (minPoints < 1) {
      throw new IllegalArgumentException("clustering.min_points must be >= 1, got " + minPoints);
    }
    if (!(eps > 0) || !Double.isFinite(eps)) {
      throw new IllegalArgumentException(
          "clustering.eps must be a positive number (radius in scaled feature units), got " + eps);
    }
  }

  /** Whether k is chosen automatically. */
  public boolean autoK() {
    return k == AUTO;
  }

  public ClusteringOptions withAlgorithm(Algorithm a) {
    return new ClusteringOptions(
        a,
        k,
        kMin,
        kMax,
        seed,
        silhouetteSample,
        restarts,
        maxIter,
        fitSample,
        minClusterSize,
        minPoints,
        eps);
  }

  public ClusteringOptions withK(int value) {
    return new ClusteringOptions(
        algorithm,
        value,
        kMin,
        kMax,
        seed,
        silhouetteSample,
        restarts,
        maxIter,
        fitSample,
        minClusterSize,
        minPoints,
        eps);
  }

  public ClusteringOptions withKRange(int min, int max) {
    return new ClusteringOptions(
        algorithm,
        k,
        min,
        max,
        seed,
        silhouetteSample,
        restarts,
        maxIter,
        fitSample,
        minClusterSize,
        minPoints,
        eps);
  }

  public ClusteringOptions withSeed(long value) {
    return new ClusteringOptions(
        algorithm,
        k,
        kMin,
        kMax,
        value,
        silhouetteSample,
        restarts,
        maxIter,
        fitSample,
        minClusterSize,
        minPoints,
        eps);
  }

  public ClusteringOptions withRestarts(int value) {
    return new ClusteringOptions(
        algorithm,
        k,
        kMin,
        kMax,
        seed,
        silhouetteSample,
        value,
        maxIter,
        fitSample,
        minClusterSize,
        minPoints,
        eps);
  }

  public ClusteringOptions withFitSample(int value) {
    return new ClusteringOptions(
        algorithm,
        k,
        kMin,
        kMax,
        seed,
        silhouetteSample,
        restarts,
        maxIter,
        value,
        minClusterSize,
        minPoints,
        eps);
  }

  public ClusteringOptions withDensity(
      int minClusterSizeValue, int minPointsValue, double epsValue) {
    return new ClusteringOptions(
        algorithm,
        k,
        kMin,
        kMax,
        seed,
        silhouetteSample,
        restarts,
        maxIter,
        fitSample,
        minClusterSizeValue,
        minPointsValue,
        epsValue);
  }

  /**
   * Reads the {@code clustering:} block of tessera.yaml (as a Jackson tree; snake_case keys, any
   * key may be left out for its default; {@code k: auto} or {@code k: 0} chooses k).
   *
   * @param node the block, or null / missing for the defaults
   * @throws IllegalArgumentException naming the key and what it accepts
   */
  public static ClusteringOptions fromConfig(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return DEFAULT;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          "clustering must be a block of keys (" + String.join(", ", sorted(KEYS)) + ")");
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String key = entry.getKey();
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "clustering."
                + key
                + " is not a clustering setting; known: "
                + String.join(", ", sorted(KEYS)));
      }
    }
    ClusteringOptions d = DEFAULT;
    Algorithm algorithm = d.algorithm();
    if (node.has("algorithm")) {
      String text = node.get("algorithm").asText("").strip().toLowerCase(Locale.ROOT);
      algorithm =
          Arrays.stream(Algorithm.values())
              .filter(a -> a.wireName().equals(text))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "clustering.algorithm must be one of "
                              + Algorithm.allNames()
                              + ", got '"
                              + node.get("algorithm").asText()
                              + "'"));
    }
    int k = d.k();
    if (node.has("k")) {
      JsonNode v = node.get("k");
      if (v.isTextual() && v.asText().strip().equalsIgnoreCase("auto")) {
        k = AUTO;
      } else {
        k = integer(v, "k", "an integer >= 2 or auto");
        if (k != AUTO && k < 2) {
          throw new IllegalArgumentException("clustering.k must be >= 2 or auto, got " + k);
        }
      }
    }
    return new ClusteringOptions(
        algorithm,
        k,
        intOr(node, "k_min", d.kMin()),
        intOr(node, "k_max", d.kMax()),
        longOr(node, "seed", d.seed()),
        intOr(node, "sample", d.silhouetteSample()),
        intOr(node, "restarts", d.restarts()),
        intOr(node, "max_iter", d.maxIter()),
        intOr(node, "fit_sample", d.fitSample()),
        intOr(node, "min_cluster_size", d.minClusterSize()),
        intOr(node, "min_points", d.minPoints()),
        doubleOr(node, "eps", d.eps()));
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }

  private static int intOr(JsonNode node, String key, int fallback) {
    return node.has(key) ? integer(node.get(key), key, "an integer") : fallback;
  }

  private static int integer(JsonNode v, String key, String what) {
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      return v.asInt();
    }
    if (v.isTextual()) {
      try {
        return Integer.parseInt(v.asText().strip());
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    throw new IllegalArgumentException(
        "clustering." + key + " must be " + what + ", got '" + v.asText() + "'");
  }

  private static long longOr(JsonNode node, String key, long fallback) {
    if (!node.has(key)) {
      return fallback;
    }
    JsonNode v = node.get(key);
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asLong();
    }
    if (v.isTextual()) {
      try {
        return Long.parseLong(v.asText().strip());
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    throw new IllegalArgumentException(
        "clustering." + key + " must be an integer, got '" + v.asText() + "'");
  }

  private static double doubleOr(JsonNode node, String key, double fallback) {
    if (!node.has(key)) {
      return fallback;
    }
    JsonNode v = node.get(key);
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isTextual()) {
      try {
        return Double.parseDouble(v.asText().strip());
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    throw new IllegalArgumentException(
        "clustering." + key + " must be a number, got '" + v.asText() + "'");
  }
}
