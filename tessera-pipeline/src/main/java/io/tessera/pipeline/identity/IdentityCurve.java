package io.tessera.pipeline.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.identity.IdentityEvaluation;
import io.tessera.identity.IdentityGraph;
import io.tessera.identity.IdentityOptions;
import io.tessera.identity.ThresholdCurve;
import io.tessera.report.ReportModel;
import io.tessera.store.IdentityTables;
import io.tessera.store.RunOutputs;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The identity threshold curve of a run: the pairs each threshold accepts and the match-weight
 * distribution always; with the data's planted truth ({@code truth/identities.csv} beside the
 * config, as {@code tessera generate} writes it) also each threshold's pairwise precision and
 * recall. Written into data_health.json's identity section ({@code threshold_curve}) and read back
 * from it for the report.
 */
public final class IdentityCurve {
  /** Where the generator puts the planted identities, relative to the data folder. */
  static final String TRUTH = "truth/identities.csv";

  private IdentityCurve() {}

  /**
   * The run's curve; against the truth when the data folder holds one.
   *
   * @param warnings collects a one-line reason when the truth exists but cannot be read
   */
  static ThresholdCurve of(
      TesseraConfig config,
      Store store,
      IdentityOptions options,
      Set<String> excluded,
      IdentityGraph graph,
      List<String> warnings) {
    ThresholdCurve counts = graph.report().curve();
    Path file = config.baseDir() == null ? null : config.baseDir().resolve(TRUTH);
    if (file == null || !Files.isRegularFile(file)) {
      return counts;
    }
    List<IdentityEvaluation.Truth> truth;
    try {
      truth = IdentityEvaluation.read(file);
    } catch (IOException e) {
      warnings.add(
          "the identity truth "
              + file
              + " cannot be read ("
              + e.getMessage()
              + "): the curve shows pair counts only; fix or remove the file");
      return counts;
    }
    return IdentityEvaluation.curve(
        truth,
        graph,
        t -> IdentityTables.graph(store, options.withMinConfidence(t), excluded),
        TRUTH);
  }

  static ObjectNode json(ThresholdCurve c) {
    ObjectNode n = RunOutputs.JSON.createObjectNode();
    if (c.truth() == null) {
      n.putNull("truth");
    } else {
      n.put("truth", c.truth());
    }
    ArrayNode points = n.putArray("points");
    for (ThresholdCurve.Point p : c.points()) {
      ObjectNode o = points.addObject().put("threshold", p.threshold()).put("pairs", p.pairs());
      if (p.precision() != null) {
        o.put("precision", p.precision())
            .put("recall", p.recall())
            .put("planted_recall", p.plantedRecall())
            .put("traps_wrong", p.trapsWrong());
      }
    }
    ArrayNode weights = n.putArray("match_weights");
    for (ThresholdCurve.WeightBin b : c.weights()) {
      weights.addObject().put("from", b.from()).put("to", b.to()).put("pairs", b.pairs());
    }
    return n;
  }

  /**
   * The report's identity part from the stage's section, the object data_health.json's {@code
   * identity} is written from; null when the run resolved nothing.
   */
  public static ReportModel.Identity of(JsonNode s) {
    if (s == null || !s.isObject()) {
      return null;
    }
    JsonNode c = s.path("threshold_curve");
    boolean truth = c.path("truth").isTextual();
    List<ReportModel.CurvePoint> points = new ArrayList<>();
    for (JsonNode p : c.path("points")) {
      points.add(
          new ReportModel.CurvePoint(
              p.path("threshold").asDouble(),
              p.path("pairs").asLong(),
              truth ? p.path("precision").asDouble() : null,
              truth ? p.path("recall").asDouble() : null,
              truth ? p.path("traps_wrong").asLong() : null));
    }
    List<ReportModel.WeightBin> weights = new ArrayList<>();
    for (JsonNode b : c.path("match_weights")) {
      weights.add(
          new ReportModel.WeightBin(
              b.path("from").asDouble(), b.path("to").asDouble(), b.path("pairs").asLong()));
    }
    long malformed = 0;
    for (JsonNode m : s.path("malformed")) {
      malformed += m.asLong();
    }
    return new ReportModel.Identity(
        s.path("accounts").asLong(),
        s.path("resolved_customers").asLong(),
        s.path("merged_customers").asLong(),
        counts(s.path("account_links_by_rule")),
        counts(s.path("records_linked_by_rule")),
        s.path("records_unlinked").asLong(),
        s.path("conflict_count").asLong(),
        s.path("shared_count").asLong(),
        s.path("ambiguous_count").asLong(),
        s.path("consent_blocked").asLong(),
        malformed,
        s.path("min_confidence").asDouble(),
        truth,
        points,
        weights);
  }

  private static Map<String, Long> counts(JsonNode n) {
    Map<String, Long> out = new TreeMap<>();
    n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }
}
