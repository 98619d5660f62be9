package io.tessera.segment.rfm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.config.ConfigException;
import io.tessera.model.Fingerprint;
import io.tessera.model.ModelJson;
import io.tessera.model.ModelProvenance;
import io.tessera.model.Versions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a run puts every customer into one RFM group, as {@code models/rfm.json} holds it: the
 * buyers' quintile edges ({@link RfmModel}), the placement of customers without a completed order
 * by their visits ({@link VisitorPlacement}), and each group's size. It scores a buyer ({@link
 * #score}) and places a visitor ({@link #place}) the same way after a round trip through its JSON.
 *
 * <p>The file's keys (public API): {@code format_version, as_of, quintile_edges {recency_days,
 * frequency, monetary}} (absent without buyers), {@code visitors {rule,
 * days_since_last_activity_edges}}, {@code groups {<id> {name {en, ko}, size, visitors,
 * journey_stage, actions {en, ko}}}} for every group in {@link RfmGroup} order, and {@code
 * provenance}. A skipped stage's file holds {@code format_version, status: skipped, reason}.
 *
 * @param asOf the as-of date of the scores, or null when skipped
 * @param buyers the buyers' quintile edges, or null without buyers
 * @param visitors the placement of customers without a completed order, or null when skipped
 * @param sizes customers per group (buyers and visitors)
 * @param visitorSizes of those, customers placed by their visits
 * @param skipped why no one was placed, else null
 * @param provenance where the fit came from, or null (skipped, or an older file)
 */
public record RfmReport(
    LocalDate asOf,
    RfmModel buyers,
    VisitorPlacement visitors,
    Map<RfmGroup, Integer> sizes,
    Map<RfmGroup, Integer> visitorSizes,
    String skipped,
    ModelProvenance provenance) {

  /** The version of {@link #toJson()}'s shape. */
  public static final int FORMAT_VERSION = 1;

  /** The rule of {@link VisitorPlacement} in words, as the file states it. */
  public static final String VISITOR_RULE =
      "customers without a completed order are placed by days since their last activity"
          + " (quintile edges below, over everyone): visit recency 5 with the first activity"
          + " also within it -> new, 5 or 4 -> must_catch_now, 3 -> needs_attention, 2 ->"
          + " hibernating, 1 -> lost; no activity at all -> hibernating";

  public RfmReport {
    sizes = copy(sizes);
    visitorSizes = copy(visitorSizes);
    if (skipped == null && (asOf == null || visitors == null)) {
      throw new IllegalArgumentException("RFM scoring needs its as-of date and visitor placement");
    }
  }

  private static Map<RfmGroup, Integer> copy(Map<RfmGroup, Integer> m) {
    Map<RfmGroup, Integer> out = new EnumMap<>(RfmGroup.class);
    out.putAll(m);
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The file of a run without orders or events: why there are no groups. */
  public static RfmReport skipped(String reason) {
    return new RfmReport(null, null, null, Map.of(), Map.of(), reason, null);
  }

  /**
   * The provenance of a scoring: a fingerprint of the buyers' recency, frequency and monetary
   * values and of everyone's days since their last activity, the as-of date and the quintiles.
   */
  public static ModelProvenance provenance(
      double[] recency,
      double[] frequency,
      double[] monetary,
      double[] daysSinceLastActivity,
      LocalDate asOf,
      long startNanos) {
    Fingerprint f = new Fingerprint();
    f.add(recency).add("|").add(frequency).add("|").add(monetary).add("|");
    f.add(daysSinceLastActivity);
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("as_of", asOf.toString());
    options.put("quantiles", 5);
    options.put("groups", "R x F grid (RfmGroup), visitors by visit recency (VisitorPlacement)");
    return ModelProvenance.endingNow(f.value(), options, Versions.of(), startNanos);
  }

  /** A buyer's scores and group. */
  public RfmModel.Score score(double recencyDays, double frequency, double monetary) {
    if (buyers == null) {
      throw new IllegalStateException("this RFM scoring has no buyers' quintiles");
    }
    return buyers.score(recencyDays, frequency, monetary);
  }

  /** The group of a customer without a completed order ({@link VisitorPlacement#place}). */
  public RfmGroup place(double daysSinceLastActivity, double daysSinceFirstActivity) {
    if (visitors == null) {
      throw new IllegalStateException("this RFM scoring was skipped: " + skipped);
    }
    return visitors.place(daysSinceLastActivity, daysSinceFirstActivity);
  }

  /** The scoring as {@code models/rfm.json}. */
  public String toJson() {
    return ModelJson.write(toJsonTree());
  }

  /** {@link #toJson()} as a tree, keys in the file's order. */
  public ObjectNode toJsonTree() {
    ObjectNode root = ModelJson.MAPPER.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    if (skipped != null) {
      root.put("status", "skipped");
      root.put("reason", skipped);
      return root;
    }
    root.put("as_of", asOf.toString());
    if (buyers != null) {
      ObjectNode edges = root.putObject("quintile_edges");
      edges.set("recency_days", ModelJson.MAPPER.valueToTree(buyers.recencyEdges()));
      edges.set("frequency", ModelJson.MAPPER.valueToTree(buyers.frequencyEdges()));
      edges.set("monetary", ModelJson.MAPPER.valueToTree(buyers.monetaryEdges()));
    }
    ObjectNode v = root.putObject("visitors");
    v.put("rule", VISITOR_RULE);
    v.set("days_since_last_activity_edges", ModelJson.MAPPER.valueToTree(visitors.recencyEdges()));
    ObjectNode g = root.putObject("groups");
    for (RfmGroup group : RfmGroup.values()) {
      ObjectNode n = g.putObject(group.id());
      n.putObject("name").put("en", group.english()).put("ko", group.korean());
      n.put("size", sizes.getOrDefault(group, 0));
      n.put("visitors", visitorSizes.getOrDefault(group, 0));
      n.put("journey_stage", group.stage().wireName());
      ObjectNode actions = n.putObject("actions");
      actions.set("en", ModelJson.MAPPER.valueToTree(group.actionsEn()));
      actions.set("ko", ModelJson.MAPPER.valueToTree(group.actionsKo()));
    }
    if (provenance != null) {
      provenance.writeTo(root.putObject("provenance"));
    }
    return root;
  }

  /**
   * Reads {@code models/rfm.json}.
   *
   * @param file the file's name as the user knows it, for messages
   * @throws ConfigException naming the file and key of what is missing or malformed, or of a {@code
   *     format_version} newer than {@link #FORMAT_VERSION}
   */
  public static RfmReport fromJson(String json, String file) {
    ObjectNode root = ModelJson.read(json, file, FORMAT_VERSION);
    if ("skipped".equals(root.path("status").asText())) {
      return skipped(ModelJson.text(root, "reason", "", file));
    }
    String day = ModelJson.text(root, "as_of", "", file);
    LocalDate asOf;
    try {
      asOf = LocalDate.parse(day);
    } catch (java.time.format.DateTimeParseException e) {
      throw ConfigException.inFile(file, "as_of", "'" + day + "' is not a date");
    }
    RfmModel buyers = null;
    JsonNode q = root.path("quintile_edges");
    try {
      if (!q.isMissingNode()) {
        buyers =
            new RfmModel(
                edges(q, "recency_days", "quintile_edges", file),
                edges(q, "frequency", "quintile_edges", file),
                edges(q, "monetary", "quintile_edges", file));
      }
    } catch (IllegalArgumentException e) {
      throw ConfigException.inFile(file, "quintile_edges", e.getMessage());
    }
    JsonNode v = ModelJson.requireObject(root.path("visitors"), "visitors", file);
    VisitorPlacement visitors;
    try {
      visitors = new VisitorPlacement(edges(v, "days_since_last_activity_edges", "visitors", file));
    } catch (IllegalArgumentException e) {
      throw ConfigException.inFile(file, "visitors.days_since_last_activity_edges", e.getMessage());
    }
    JsonNode g = ModelJson.requireObject(root.path("groups"), "groups", file);
    Map<RfmGroup, Integer> sizes = new EnumMap<>(RfmGroup.class);
    Map<RfmGroup, Integer> visitorSizes = new EnumMap<>(RfmGroup.class);
    for (RfmGroup group : RfmGroup.values()) {
      JsonNode n = g.path(group.id());
      if (n.isMissingNode()) {
        continue;
      }
      String where = "groups." + group.id();
      int size = (int) ModelJson.number(n, "size", where, file);
      int fromVisits = (int) ModelJson.number(n, "visitors", where, file);
      if (size > 0) {
        sizes.put(group, size);
      }
      if (fromVisits > 0) {
        visitorSizes.put(group, fromVisits);
      }
    }
    JsonNode provenance = root.path("provenance");
    return new RfmReport(
        asOf,
        buyers,
        visitors,
        sizes,
        visitorSizes,
        null,
        provenance.isMissingNode() ? null : ModelProvenance.fromJson(provenance, file));
  }

  private static List<Double> edges(JsonNode node, String key, String where, String file) {
    List<Double> out = new ArrayList<>();
    for (double d : ModelJson.numbers(node, key, where, file)) {
      out.add(d);
    }
    return out;
  }
}
