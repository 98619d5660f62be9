package io.tessera.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.config.ConfigException;
import io.tessera.contract.Customer;
import io.tessera.feature.Feature;
import io.tessera.feature.FeatureExtractor;
import io.tessera.feature.FeatureSelection;
import io.tessera.feature.FeatureTransform;
import io.tessera.model.ModelJson;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileSettings;
import io.tessera.segment.cluster.ClusterModel;
import io.tessera.segment.cluster.Map2D;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The clustering of a run as {@code models/clustering.json} holds it (here rather than in {@code
 * segment/cluster}, which depends on nothing of Tessera's feature and profile code): the fitted
 * {@link ClusterModel}, the transform from raw features to the clustered space, the maps, the
 * feature selection and the named cluster segments; or, when the customers could not be clustered,
 * why. It places one customer ({@link #assign}) from the same feature code the batch matrix uses,
 * by the model's own rule ({@link ClusterModel#assign}), so a customer with the batch's profile
 * gets the batch's cluster, and reads back from its JSON to the same placement.
 *
 * <p>The file's keys (public API): those of {@link ClusterModel#toJson()}, then {@code map
 * {<method>: {method, points, variance_share}}}, {@code customers, input_features, transform},
 * {@code feature_selection {rule, candidates}} (orders-only defaults), {@code segments [{id, size,
 * name {en, ko}}]}. A skipped file holds {@code format_version, status: skipped, reason, customers,
 * input_features, segments: []}.
 *
 * @param model the fitted model, or null when skipped
 * @param map the map shown in the report (UMAP, t-SNE or PCA), or null
 * @param pca the PCA map, or null
 * @param customers customers segmented
 * @param inputFeatures the raw features clustered on, in order
 * @param transform raw features to the clustered space, or null when skipped
 * @param selection what the orders-only rule chose, or null when the features were given
 * @param segments the cluster segments (the clusters by label, then the noise segment if any)
 * @param skipped why the customers were not clustered, else null
 */
public record ClusteringReport(
    ClusterModel model,
    Map2D map,
    Map2D pca,
    int customers,
    List<String> inputFeatures,
    FeatureTransform transform,
    Selection selection,
    List<SegmentEntry> segments,
    String skipped) {

  /** The file, for messages. */
  public static final String FILE = "models/clustering.json";

  /** The segment of a density clustering's noise points. */
  public static final String NOISE_ID = "cluster:unusual";

  /**
   * One cluster segment as the file lists it.
   *
   * @param id {@code cluster:<label>}, or {@link #NOISE_ID}
   * @param size its customers
   * @param name its name in English and Korean
   */
  public record SegmentEntry(String id, long size, Segment.Text name) {}

  /**
   * The orders-only feature rule's choice.
   *
   * @param rule the rule in words ({@link FeatureSelection#RULE})
   * @param candidates what it did with each candidate
   */
  public record Selection(String rule, List<FeatureSelection.Decision> candidates) {
    public Selection {
      candidates = List.copyOf(candidates);
    }
  }

  public ClusteringReport {
    inputFeatures = List.copyOf(inputFeatures);
    segments = List.copyOf(segments);
    if (skipped == null && (model == null || transform == null)) {
      throw new IllegalArgumentException("a clustering report needs its model and transform");
    }
  }

  /** The file of customers that could not be clustered: why, and what would have been. */
  public static ClusteringReport skipped(String reason, int customers, List<String> features) {
    return new ClusteringReport(
        null, null, null, customers, features, null, null, List.of(), reason);
  }

  /** Whether the customers were clustered (else {@link #skipped} says why). */
  public boolean clustered() {
    return skipped == null;
  }

  /**
   * The segment of one customer, from the same feature code the batch matrix uses.
   *
   * @param profile the profile, or null when the customer has no record
   * @param customer the customers-file row, or null
   * @return the segment, or null for a noise point when the run had no noise segment
   */
  public SegmentEntry assign(
      CustomerProfile profile, Customer customer, ProfileSettings settings, LocalDate asOf) {
    return assignRaw(extractor().row(profile, customer, settings, asOf));
  }

  /** The segment of a raw row (input order, NaN = missing). */
  public SegmentEntry assignRaw(double[] raw) {
    if (!clustered()) {
      throw new IllegalStateException("the run skipped clustering: " + skipped);
    }
    int label = model.assign(transform.apply(raw));
    String id = label == ClusterModel.NOISE ? NOISE_ID : "cluster:" + label;
    for (SegmentEntry s : segments) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    return label == ClusterModel.NOISE ? null : new SegmentEntry(id, 0, new Segment.Text(id, id));
  }

  private FeatureExtractor extractor() {
    List<Feature> out = new ArrayList<>();
    for (String name : transform.inputNames()) {
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
                            ConfigException.inFile(
                                FILE, "transform", "unknown feature '" + name + "'"))));
      }
    }
    return new FeatureExtractor(out);
  }

  /** The report as {@code models/clustering.json}. */
  public String toJson() {
    return ModelJson.write(toJsonTree());
  }

  /** {@link #toJson()} as a tree, keys in the file's order. */
  public ObjectNode toJsonTree() {
    ObjectNode root;
    if (!clustered()) {
      root = ModelJson.MAPPER.createObjectNode();
      root.put("format_version", ClusterModel.FORMAT_VERSION);
      root.put("status", "skipped");
      root.put("reason", skipped);
    } else {
      try {
        root = (ObjectNode) ModelJson.MAPPER.readTree(model.toJson());
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        throw new IllegalStateException("reading back the clustering model failed", e);
      }
      ObjectNode maps = root.putObject("map");
      if (map != null) {
        maps.set(map.method(), ModelJson.MAPPER.valueToTree(map));
      }
      if (pca != null && (map == null || !map.method().equals(pca.method()))) {
        maps.set(pca.method(), ModelJson.MAPPER.valueToTree(pca));
      }
    }
    root.put("customers", customers);
    root.set("input_features", ModelJson.MAPPER.valueToTree(inputFeatures));
    if (clustered()) {
      try {
        root.set("transform", ModelJson.MAPPER.readTree(transform.toJson()));
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        throw new IllegalStateException("reading back the feature transform failed", e);
      }
      if (selection != null) {
        ObjectNode chosen = root.putObject("feature_selection");
        chosen.put("rule", selection.rule());
        chosen.set("candidates", ModelJson.MAPPER.valueToTree(selection.candidates()));
      }
    }
    ArrayNode segs = root.putArray("segments");
    for (SegmentEntry s : segments) {
      segs.addObject()
          .put("id", s.id())
          .put("size", s.size())
          .set("name", ModelJson.MAPPER.valueToTree(s.name()));
    }
    return root;
  }

  /**
   * Reads {@code models/clustering.json}.
   *
   * @param file the file's name as the user knows it, for messages
   * @throws ConfigException naming the file and key of what is missing or malformed, or of a {@code
   *     format_version} newer than {@link ClusterModel#FORMAT_VERSION}
   */
  public static ClusteringReport fromJson(String json, String file) {
    ObjectNode root = ModelJson.read(json, file, ClusterModel.FORMAT_VERSION);
    List<String> inputs = new ArrayList<>();
    root.path("input_features").forEach(f -> inputs.add(f.asText()));
    int customers = (int) ModelJson.number(root, "customers", "", file);
    if ("skipped".equals(root.path("status").asText())) {
      return skipped(ModelJson.text(root, "reason", "", file), customers, inputs);
    }
    ClusterModel model = ClusterModel.fromJson(json, file);
    JsonNode t = ModelJson.requireObject(root.path("transform"), "transform", file);
    FeatureTransform transform;
    try {
      transform = FeatureTransform.fromJson(t.toString());
    } catch (IllegalArgumentException e) {
      throw ConfigException.inFile(file, "transform", e.getMessage());
    }
    Map2D map = null;
    Map2D pca = null;
    for (var e : root.path("map").properties()) {
      Map2D m = map(e.getValue(), "map." + e.getKey(), file);
      if (e.getKey().equals("pca")) {
        pca = m;
      }
      if (map == null || !e.getKey().equals("pca")) {
        map = m;
      }
    }
    Selection selection = null;
    JsonNode fs = root.path("feature_selection");
    if (fs.isObject()) {
      List<FeatureSelection.Decision> decisions = new ArrayList<>();
      for (JsonNode d : fs.path("candidates")) {
        decisions.add(
            new FeatureSelection.Decision(
                d.path("feature").asText(),
                d.path("kept").asBoolean(),
                d.path("log1p").asBoolean(),
                d.path("reason").asText()));
      }
      selection = new Selection(ModelJson.text(fs, "rule", "feature_selection", file), decisions);
    }
    List<SegmentEntry> segments = new ArrayList<>();
    int i = 0;
    for (JsonNode s : root.path("segments")) {
      String where = "segments[" + i++ + "]";
      String id = ModelJson.text(s, "id", where, file);
      JsonNode n = s.path("name");
      segments.add(
          new SegmentEntry(
              id,
              (long) ModelJson.number(s, "size", where, file),
              new Segment.Text(n.path("en").asText(id), n.path("ko").asText(id))));
    }
    return new ClusteringReport(
        model, map, pca, customers, inputs, transform, selection, segments, null);
  }

  private static Map2D map(JsonNode node, String key, String file) {
    try {
      return ModelJson.MAPPER.treeToValue(node, Map2D.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      throw ConfigException.inFile(file, key, "cannot be read (" + e.getMessage() + ")");
    }
  }
}
