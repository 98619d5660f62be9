package io.tessera.segment.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.segment.cluster.ClusteringOptions.Algorithm;
import java.util.Arrays;
import java.util.List;
import smile.stat.distribution.MultivariateMixture;

/**
 * A fitted clustering: one label per training row, the clusters' centroids in the transformed
 * feature space, and {@link #assign(double[])} for a new customer. Immutable: accessors return
 * copies.
 *
 * <p>Labels are 0..k-1, numbered by size (0 is the largest cluster); {@link #NOISE} (-1) marks a
 * point that the density methods place in no cluster, which the caller reports as an "unusual
 * customers" segment. How a new row is assigned depends on the algorithm: k-means and Ward take the
 * nearest centroid; the mixture takes its most probable component; the density methods take the
 * label of the nearest clustered fit-sample point when the row lies within that point's reach (its
 * core distance for HDBSCAN, eps for DBSCAN), and noise otherwise.
 */
public final class ClusterModel {
  /** The label of a point in no cluster. */
  public static final int NOISE = -1;

  /** The version of {@link #toJson()}'s shape. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Where a model came from.
   *
   * @param algorithm the algorithm's wire name
   * @param seed the seed of every random choice
   * @param rows rows labelled
   * @param fitRows rows the algorithm itself was fitted on (a seeded sample for the density methods
   *     and Ward; the others equal rows)
   * @param features the feature names, in column order
   * @param library the library that fitted it
   * @param inputSha256 SHA-256 of the input rows' IEEE-754 bits, row by row
   * @param fitMillis wall time of the fit including the choice of k
   * @param libraries Tessera's and Smile's versions ({@link io.tessera.model.Versions})
   * @param fittedAt when the fit ended, ISO-8601 UTC
   */
  public record Provenance(
      @JsonProperty("algorithm") String algorithm,
      @JsonProperty("seed") long seed,
      @JsonProperty("rows") int rows,
      @JsonProperty("fit_rows") int fitRows,
      @JsonProperty("features") List<String> features,
      @JsonProperty("library") String library,
      @JsonProperty("input_sha256") String inputSha256,
      @JsonProperty("fit_millis") long fitMillis,
      @JsonProperty("libraries") java.util.Map<String, String> libraries,
      @JsonProperty("fitted_at") String fittedAt) {
    public Provenance {
      features = List.copyOf(features);
      libraries =
          libraries == null
              ? java.util.Map.of()
              : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(libraries));
    }
  }

  private final ClusteringOptions options;
  private final List<String> features;
  private final int k;
  private final int[] labels;
  private final double[][] centroids;
  private final int[] sizes;
  private final int noise;
  private final List<KScore> kSelection;
  private final Dendrogram dendrogram;
  private final double[][] memberships;
  private final MultivariateMixture mixture;
  private final int[] componentLabel;
  private final double[][] exemplars;
  private final int[] exemplarLabels;
  private final double[] exemplarReach;
  private final KSelection.Choice kChoice;
  private final Provenance provenance;

  /** The parts of a model, as {@link Clustering} builds them (arrays are taken, not copied). */
  record Parts(
      ClusteringOptions options,
      List<String> features,
      int k,
      int[] labels,
      double[][] centroids,
      List<KScore> kSelection,
      Dendrogram dendrogram,
      double[][] memberships,
      MultivariateMixture mixture,
      int[] componentLabel,
      double[][] exemplars,
      int[] exemplarLabels,
      double[] exemplarReach,
      KSelection.Choice kChoice,
      Provenance provenance) {}

  ClusterModel(Parts p) {
    this.options = p.options();
    this.features = List.copyOf(p.features());
    this.k = p.k();
    this.labels = p.labels();
    this.centroids = p.centroids();
    this.kSelection = p.kSelection() == null ? List.of() : List.copyOf(p.kSelection());
    this.dendrogram = p.dendrogram();
    this.memberships = p.memberships();
    this.mixture = p.mixture();
    this.componentLabel = p.componentLabel();
    this.exemplars = p.exemplars();
    this.exemplarLabels = p.exemplarLabels();
    this.exemplarReach = p.exemplarReach();
    this.kChoice = p.kChoice();
    this.provenance = p.provenance();
    this.sizes = new int[k];
    int unclustered = 0;
    for (int label : labels) {
      if (label >= 0) {
        sizes[label]++;
      } else {
        unclustered++;
      }
    }
    this.noise = unclustered;
  }

  /** A model read back from its JSON: no training labels, the sizes and noise as written. */
  ClusterModel(Parts p, int[] sizes, int noise) {
    this.options = p.options();
    this.features = List.copyOf(p.features());
    this.k = p.k();
    this.labels = new int[0];
    this.centroids = p.centroids();
    this.kSelection = p.kSelection() == null ? List.of() : List.copyOf(p.kSelection());
    this.dendrogram = p.dendrogram();
    this.memberships = null;
    this.mixture = p.mixture();
    this.componentLabel = p.componentLabel();
    this.exemplars = p.exemplars();
    this.exemplarLabels = p.exemplarLabels();
    this.exemplarReach = p.exemplarReach();
    this.kChoice = p.kChoice();
    this.provenance = p.provenance();
    this.sizes = sizes.clone();
    this.noise = noise;
  }

  public Algorithm algorithm() {
    return options.algorithm();
  }

  public ClusteringOptions options() {
    return options;
  }

  public List<String> features() {
    return features;
  }

  /** The number of clusters (noise not counted). */
  public int k() {
    return k;
  }

  /** How many rows were labelled (0 for a model read from its JSON, which keeps no labels). */
  public int rows() {
    return labels.length;
  }

  /** The label of training row {@code i}: 0..k-1, or {@link #NOISE}. */
  public int label(int i) {
    return labels[i];
  }

  /** A copy of all training labels. */
  public int[] labels() {
    return labels.clone();
  }

  /** Rows per cluster, by label. */
  public int[] sizes() {
    return sizes.clone();
  }

  /** Rows labelled {@link #NOISE}. */
  public int noise() {
    return noise;
  }

  /** A copy of the centroid of cluster {@code c}: the mean of its rows. */
  public double[] centroid(int c) {
    return centroids[c].clone();
  }

  /** The indices of each candidate k, in k order; empty when k was given or not applicable. */
  public List<KScore> kSelection() {
    return kSelection;
  }

  /** Why k was chosen (automatic k with k-means or a mixture), else null. */
  public KSelection.Choice kChoice() {
    return kChoice;
  }

  /** The merge tree of the fit sample (Ward only), else null. */
  public Dendrogram dendrogram() {
    return dendrogram;
  }

  /** Whether {@link #membership(int)} is available (Gaussian mixtures). */
  public boolean hasMemberships() {
    return memberships != null;
  }

  /**
   * The posterior probability of each cluster for training row {@code i} (mixtures only), indexed
   * by label; sums to 1.
   *
   * @throws IllegalStateException for an algorithm without probabilities
   */
  public double[] membership(int i) {
    if (memberships == null) {
      throw new IllegalStateException(
          "membership probabilities exist only for clustering.algorithm gmm, not "
              + algorithm().wireName());
    }
    return memberships[i].clone();
  }

  /** The posterior probabilities of a new row (mixtures only), indexed by label. */
  public double[] membershipOf(double[] row) {
    if (mixture == null) {
      throw new IllegalStateException(
          "membership probabilities exist only for clustering.algorithm gmm, not "
              + algorithm().wireName());
    }
    checkWidth(row);
    return byLabel(mixture.posteriori(row));
  }

  double[] byLabel(double[] posterior) {
    double[] out = new double[k];
    for (int c = 0; c < posterior.length; c++) {
      out[componentLabel[c]] += posterior[c];
    }
    return out;
  }

  public Provenance provenance() {
    return provenance;
  }

  /**
   * The cluster of a new row in the same transformed feature space (the live path).
   *
   * @return a label 0..k-1, or {@link #NOISE}
   * @throws IllegalArgumentException when the row has the wrong width
   */
  public int assign(double[] row) {
    checkWidth(row);
    return switch (algorithm()) {
      case KMEANS, WARD -> nearest(centroids, row);
      case GMM -> {
        double[] p = membershipOf(row);
        int best = 0;
        for (int c = 1; c < p.length; c++) {
          if (p[c] > p[best]) {
            best = c;
          }
        }
        yield best;
      }
      case HDBSCAN, DBSCAN -> {
        if (exemplars.length == 0) {
          yield NOISE;
        }
        int e = nearest(exemplars, row);
        yield ClusterQuality.distance(exemplars[e], row) <= exemplarReach[e]
            ? exemplarLabels[e]
            : NOISE;
      }
    };
  }

  private void checkWidth(double[] row) {
    if (row.length != features.size()) {
      throw new IllegalArgumentException(
          "clustering: expected "
              + features.size()
              + " values ("
              + String.join(", ", features)
              + "), got "
              + row.length);
    }
  }

  static int nearest(double[][] points, double[] row) {
    int best = 0;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int c = 0; c < points.length; c++) {
      double d = ClusterQuality.squaredDistance(points[c], row);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best;
  }

  /**
   * The model as {@code models/clustering.json}: format_version, algorithm, options, features, k,
   * k_selection, k_choice (why k, automatic k-means or mixture), centroids, sizes, noise,
   * components (mixtures, each with its label, component index, weight, mean and covariance),
   * dendrogram (Ward), exemplars (HDBSCAN, DBSCAN: the clustered fit-sample points, their labels
   * and reach), provenance. {@link ClusterModelJson#read} reads it back into a model that assigns a
   * row exactly as this one does.
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("algorithm", algorithm().wireName());
    root.set("options", JSON.valueToTree(options));
    root.set("features", JSON.valueToTree(features));
    root.put("k", k);
    root.set("k_selection", JSON.valueToTree(kSelection));
    if (kChoice != null) {
      root.set("k_choice", JSON.valueToTree(kChoice));
    }
    root.set("centroids", JSON.valueToTree(centroids));
    root.set("sizes", JSON.valueToTree(sizes));
    root.put("noise", noise());
    if (mixture != null) {
      ArrayNode components = root.putArray("components");
      MultivariateMixture.Component[] byComponent = mixture.components;
      for (int label = 0; label < k; label++) {
        for (int c = 0; c < byComponent.length; c++) {
          if (componentLabel[c] == label) {
            ObjectNode o = components.addObject();
            o.put("label", label);
            // the mixture's own order, so that a model read back sums its posteriors alike
            o.put("component", c);
            o.put("weight", byComponent[c].priori());
            if (byComponent[c].distribution() instanceof RidgedGaussian g) {
              o.set("mean", JSON.valueToTree(g.mean()));
              o.set("covariance", JSON.valueToTree(g.covariance()));
            }
          }
        }
      }
    }
    if (dendrogram != null) {
      root.set("dendrogram", JSON.valueToTree(dendrogram));
    }
    if (exemplars != null) {
      // what assign() needs for a density clustering: the clustered fit-sample points
      ObjectNode e = root.putObject("exemplars");
      e.set("points", JSON.valueToTree(exemplars));
      e.set("labels", JSON.valueToTree(exemplarLabels));
      e.set("reach", JSON.valueToTree(exemplarReach));
    }
    root.set("provenance", JSON.valueToTree(provenance));
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing the clustering model failed", e);
    }
  }

  /**
   * Reads {@link #toJson()} (or a run's {@code models/clustering.json}, whose extra keys are
   * ignored) into a model that {@link #assign assigns} a new row exactly as the fitted one did. It
   * keeps no training labels and no training memberships.
   *
   * @param file the file's name as the user knows it, for messages
   * @throws io.tessera.config.ConfigException naming the file and key of what is missing or
   *     malformed, or of a {@code format_version} newer than {@link #FORMAT_VERSION}
   */
  public static ClusterModel fromJson(String json, String file) {
    return ClusterModelJson.read(json, file);
  }

  /** The parts a reader rebuilds, for {@link ClusterModelJson}. */
  static ClusterModel of(Parts parts, int[] sizes, int noise) {
    return new ClusterModel(parts, sizes, noise);
  }

  @Override
  public String toString() {
    return "ClusterModel["
        + algorithm().wireName()
        + ", k="
        + k
        + ", sizes="
        + Arrays.toString(sizes)
        + ", noise="
        + noise()
        + "]";
  }
}
