package io.tessera.server.score;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.pipeline.outputs.CustomerOutputs;
import io.tessera.pipeline.outputs.CustomerRow;
import io.tessera.predict.clv.BgNbd;
import io.tessera.predict.clv.ClvReport;
import io.tessera.predict.clv.GammaGamma;
import io.tessera.predict.clv.TransactionSummary;
import io.tessera.server.http.Json;
import io.tessera.store.live.ScoreTables;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How {@link CustomerScores} keeps a run in the store ({@link ScoreTables}): the rows of
 * customer_scores as written, and the saved models (BG/NBD, clv) as read back after a restart.
 */
final class StoredScores {
  private StoredScores() {}

  /** A next-purchase BG/NBD as score_models keeps it. */
  static BgNbd bgNbd(String json) throws IOException {
    JsonNode n = Json.MAPPER.readTree(json);
    return BgNbd.of(
        n.get("r").asDouble(),
        n.get("alpha").asDouble(),
        n.get("a").asDouble(),
        n.get("b").asDouble());
  }

  /** A run's rows as customer_scores keeps them: the figures as customers.csv writes them. */
  static List<ScoreTables.ScoreRow> rows(List<CustomerRow> rows) throws IOException {
    List<ScoreTables.ScoreRow> out = new ArrayList<>(rows.size());
    for (CustomerRow r : rows) {
      Map<String, Double> probabilities = new java.util.LinkedHashMap<>();
      r.clusterProbabilities()
          .forEach((k, v) -> probabilities.put(k, Double.valueOf(CustomerOutputs.probability(v))));
      out.add(
          new ScoreTables.ScoreRow(
              r.customerId(),
              CustomerOutputs.asWritten(r.churnProbability()),
              CustomerOutputs.asWritten(r.pAlive()),
              CustomerOutputs.asWritten(r.expectedPurchases90d()),
              CustomerOutputs.asWritten(r.clv365d()),
              CustomerOutputs.asWritten(r.pPurchase30d()),
              r.nextPurchaseBand(),
              r.clusterProbability() == null
                  ? null
                  : Double.valueOf(CustomerOutputs.probability(r.clusterProbability())),
              null,
              probabilities.isEmpty() ? null : Json.MAPPER.writeValueAsString(probabilities),
              r.churnReasons().isEmpty() ? null : Json.MAPPER.writeValueAsString(r.churnReasons()),
              r.clusterReasons().isEmpty()
                  ? null
                  : Json.MAPPER.writeValueAsString(r.clusterReasons())));
    }
    return out;
  }

  /** A next-purchase BG/NBD (days) as score_models keeps it for a restart. */
  static String bgNbdJson(BgNbd m) throws IOException {
    return Json.MAPPER.writeValueAsString(
        Map.of("time_unit", "days", "r", m.r(), "alpha", m.alpha(), "a", m.a(), "b", m.b()));
  }

  private static final com.fasterxml.jackson.core.type.TypeReference<List<String>> STRINGS =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  /** A stored JSON array of strings. */
  static List<String> strings(String json) {
    try {
      return List.copyOf(Json.MAPPER.readValue(json, STRINGS));
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * The BG/NBD and Gamma-Gamma of a stored clv model, or null when it has none (not fitted). A row
   * of a store loaded before the models carried a format_version holds only the parameters.
   */
  static ClvReport clvReport(String runId, String clvText) throws IOException {
    if (clvText == null) {
      return null;
    }
    JsonNode n = Json.MAPPER.readTree(clvText);
    if (!n.has("format_version")) {
      return legacyClvReport(n);
    }
    ClvReport report = ClvReport.fromJson(clvText, "score_runs.clv_model of run " + runId);
    return report.purchases() == null ? null : report;
  }

  /** The parameters-only clv model of an older store, as a report with only what live needs. */
  private static ClvReport legacyClvReport(JsonNode n) {
    JsonNode bg = n.path("bgnbd");
    JsonNode gg = n.path("gamma_gamma");
    if (!bg.isObject() || !gg.isObject()) {
      return null;
    }
    TransactionSummary.TimeUnit unit =
        TransactionSummary.TimeUnit.valueOf(
            n.path("time_unit").asText("days").toUpperCase(Locale.ROOT));
    return new ClvReport(
        unit,
        n.hasNonNull("calibration_end") ? LocalDate.parse(n.get("calibration_end").asText()) : null,
        ClvReport.FITTED,
        null,
        null,
        null,
        0,
        List.of(),
        BgNbd.of(
            bg.get("r").asDouble(),
            bg.get("alpha").asDouble(),
            bg.get("a").asDouble(),
            bg.get("b").asDouble()),
        GammaGamma.of(gg.get("p").asDouble(), gg.get("q").asDouble(), gg.get("gamma").asDouble()),
        Double.NaN,
        null,
        0,
        null);
  }
}
