package io.tessera.segment.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.contract.Customer;
import io.tessera.feature.Feature;
import io.tessera.feature.FeatureExtractor;
import io.tessera.feature.FeatureTransform;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileSettings;
import io.tessera.segment.Segment;
import io.tessera.segment.cluster.ClusterModel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The last trained clustering as the live engine uses it: read from a run's {@code
 * models/clustering.json} (its {@code centroids}, {@code transform} and {@code segments}), it
 * assigns one customer to the cluster whose centroid is nearest in the transformed feature space.
 * Immutable.
 *
 * <p>The raw row comes from {@link FeatureExtractor} (the batch matrix's code) over the transform's
 * input names, then {@link FeatureTransform#apply(double[])}. For k-means and Ward this equals
 * {@link ClusterModel#assign(double[])}. For a Gaussian mixture or a density clustering (HDBSCAN,
 * DBSCAN) the file holds no fitted mixture object or exemplars to rebuild, so this class also takes
 * the nearest centroid: a mixture's most probable component and a density method's noise label can
 * then differ from the batch labels; the live engine never assigns noise.
 */
public final class NearestCentroid {
  /** One assignment: the cluster label, its segment id ({@code cluster:<n>}) and names. */
  public record Assignment(int label, String segmentId, Segment.Text name) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String algorithm;
  private final double[][] centroids;
  private final FeatureTransform transform;
  private final FeatureExtractor extractor;
  private final List<Assignment> segments;

  private NearestCentroid(
      String algorithm,
      double[][] centroids,
      FeatureTransform transform,
      FeatureExtractor extractor,
      List<Assignment> segments) {
    this.algorithm = algorithm;
    this.centroids = centroids;
    this.transform = transform;
    this.extractor = extractor;
    this.segments = List.copyOf(segments);
  }

  /**
   * Reads {@code models/clustering.json}.
   *
   * @throws IllegalArgumentException naming the missing or malformed key
   */
  public static NearestCentroid fromJson(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException(
          "clustering.json is not JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode c = root.path("centroids");
    if (!c.isArray() || c.isEmpty()) {
      throw new IllegalArgumentException(
          "clustering.json: 'centroids' is missing or empty; use the models/clustering.json of a"
              + " tessera run");
    }
    if (!root.path("transform").isObject()) {
      throw new IllegalArgumentException(
          "clustering.json: 'transform' is missing; use the models/clustering.json of a tessera"
              + " run");
    }
    FeatureTransform transform = FeatureTransform.fromJson(root.get("transform").toString());
    int width = transform.outputNames().size();
    double[][] centroids = new double[c.size()][];
    for (int i = 0; i < c.size(); i++) {
      JsonNode row = c.get(i);
      if (!row.isArray() || row.size() != width) {
        throw new IllegalArgumentException(
            "clustering.json: centroid "
                + i
                + " must hold "
                + width
                + " numbers ("
                + String.join(", ", transform.outputNames())
                + ")");
      }
      centroids[i] = new double[width];
      for (int j = 0; j < width; j++) {
        centroids[i][j] = row.get(j).asDouble();
      }
    }
    List<Assignment> segments = new ArrayList<>();
    for (int label = 0; label < centroids.length; label++) {
      String id = "cluster:" + label;
      Segment.Text name = new Segment.Text(id, id);
      for (JsonNode s : root.path("segments")) {
        if (id.equals(s.path("id").asText())) {
          JsonNode n = s.path("name");
          name = new Segment.Text(n.path("en").asText(id), n.path("ko").asText(id));
        }
      }
      segments.add(new Assignment(label, id, name));
    }
    return new NearestCentroid(
        root.path("algorithm").asText("kmeans"),
        centroids,
        transform,
        new FeatureExtractor(features(transform.inputNames())),
        segments);
  }

  /** The features named by a transform's input names. */
  static List<Feature> features(List<String> names) {
    List<Feature> out = new ArrayList<>();
    for (String name : names) {
      if (name.startsWith(Feature.CATEGORY_PREFIX)) {
        out.add(new Feature.CategoryShare(name.substring(Feature.CATEGORY_PREFIX.length())));
      } else if (name.startsWith(Feature.ATTRIBUTE_PREFIX)) {
        out.add(new Feature.Attribute(name.substring(Feature.ATTRIBUTE_PREFIX.length())));
      } else {
        out.add(
            new Feature.Profile(
                ProfileField.byName(name)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "clustering.json: unknown feature '" + name + "' in transform"))));
      }
    }
    return out;
  }

  /** The algorithm the model was fitted with (assignment is nearest centroid regardless). */
  public String algorithm() {
    return algorithm;
  }

  /** The cluster segments, by label. */
  public List<Assignment> segments() {
    return segments;
  }

  /** The number of clusters. */
  public int k() {
    return centroids.length;
  }

  /** The raw feature names, in the order {@link #assignRaw(double[])} expects. */
  public List<String> inputNames() {
    return transform.inputNames();
  }

  /** The cluster of a row already in the transformed space. */
  public Assignment assignTransformed(double[] row) {
    if (row.length != centroids[0].length) {
      throw new IllegalArgumentException(
          "clustering: expected " + centroids[0].length + " values, got " + row.length);
    }
    // squared Euclidean distance, the rule of ClusterModel#assign for k-means and Ward
    int best = 0;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int c = 0; c < centroids.length; c++) {
      double d = 0;
      for (int j = 0; j < row.length; j++) {
        double diff = centroids[c][j] - row[j];
        d += diff * diff;
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return segments.get(best);
  }

  /** The cluster of a raw row (input order, NaN = missing). */
  public Assignment assignRaw(double[] raw) {
    return assignTransformed(transform.apply(raw));
  }

  /**
   * The cluster of one customer, from the same feature code the batch matrix uses.
   *
   * @param profile the profile, or null when the customer has no record
   * @param customer the customers-file row, or null
   */
  public Assignment assign(
      CustomerProfile profile, Customer customer, ProfileSettings settings, LocalDate asOf) {
    return assignRaw(extractor.row(profile, customer, settings, asOf));
  }
}
