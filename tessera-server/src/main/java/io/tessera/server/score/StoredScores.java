package io.tessera.server.score;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.pipeline.outputs.CustomerOutputs;
import io.tessera.pipeline.outputs.CustomerRow;
import io.tessera.predict.clv.BgNbd;
import io.tessera.predict.clv.ClvReport;
import io.tessera.predict.clv.GammaGamma;
import io.tessera.predict.clv.TransactionSummary;
import io.tessera.server.http.Json;
import io.tessera.store.Db;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How {@link CustomerScores} keeps a run in the store: the score tables, the rows of
 * customer_scores as written, and the saved models (BG/NBD, clv) as read back after a restart.
 */
final class StoredScores {
  private StoredScores() {}

  /** Creates the score tables, and adds the columns a store written by an older version lacks. */
  static void createTables(Db db) {
    db.update(
        "CREATE TABLE IF NOT EXISTS score_runs (run_id VARCHAR, loaded_at TIMESTAMP, scored_as_of"
            + " DATE, customers BIGINT, churn_model VARCHAR, churn_status VARCHAR, churn_roc_auc"
            + " DOUBLE, next_purchase_source VARCHAR, clv_model JSON)");
    db.update(
        "CREATE TABLE IF NOT EXISTS customer_scores (run_id VARCHAR, customer_id VARCHAR,"
            + " churn_probability DOUBLE, p_alive DOUBLE, expected_purchases_90d DOUBLE, clv_365d"
            + " DOUBLE, p_purchase_30d DOUBLE, next_purchase_band VARCHAR, reasons VARCHAR)");
    // added with soft cluster membership: a store written before gets the columns, empty
    db.update("ALTER TABLE customer_scores ADD COLUMN IF NOT EXISTS cluster_probability DOUBLE");
    db.update("ALTER TABLE customer_scores ADD COLUMN IF NOT EXISTS cluster_probabilities VARCHAR");
    // the reasons as typed lists (JSON arrays); `reasons` holds the joined cell of older stores
    db.update("ALTER TABLE customer_scores ADD COLUMN IF NOT EXISTS churn_reasons JSON");
    db.update("ALTER TABLE customer_scores ADD COLUMN IF NOT EXISTS cluster_reasons JSON");
    db.update("CREATE INDEX IF NOT EXISTS customer_scores_id ON customer_scores (customer_id)");
    // the saved models of the served run: churn, next_purchase (classifier), next_purchase_bgnbd
    db.update(
        "CREATE TABLE IF NOT EXISTS score_models (run_id VARCHAR, name VARCHAR, body VARCHAR)");
  }

  /** A next-purchase BG/NBD as score_models keeps it. */
  static BgNbd bgNbd(String json) throws IOException {
    JsonNode n = Json.MAPPER.readTree(json);
    return BgNbd.of(
        n.get("r").asDouble(),
        n.get("alpha").asDouble(),
        n.get("a").asDouble(),
        n.get("b").asDouble());
  }

  /** Rows per INSERT statement when loading a run's scores. */
  private static final int INSERT_ROWS = 200;

  private static final String INSERT_COLUMNS =
      "run_id, customer_id, churn_probability, p_alive, expected_purchases_90d, clv_365d,"
          + " p_purchase_30d, next_purchase_band, cluster_probability, cluster_probabilities,"
          + " churn_reasons, cluster_reasons";

  /** One INSERT of several rows with its parameters. */
  record Insert(String sql, Object[] params) {}

  private static Insert insert(String runId, List<CustomerRow> rows) throws IOException {
    List<Object> params = new ArrayList<>(rows.size() * 12);
    StringBuilder sql = new StringBuilder("INSERT INTO customer_scores (" + INSERT_COLUMNS + ")");
    sql.append(" VALUES ");
    for (int i = 0; i < rows.size(); i++) {
      CustomerRow r = rows.get(i);
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      params.add(runId);
      params.add(r.customerId());
      params.add(CustomerOutputs.asWritten(r.churnProbability()));
      params.add(CustomerOutputs.asWritten(r.pAlive()));
      params.add(CustomerOutputs.asWritten(r.expectedPurchases90d()));
      params.add(CustomerOutputs.asWritten(r.clv365d()));
      params.add(CustomerOutputs.asWritten(r.pPurchase30d()));
      params.add(r.nextPurchaseBand());
      params.add(
          r.clusterProbability() == null
              ? null
              : Double.valueOf(CustomerOutputs.probability(r.clusterProbability())));
      Map<String, Double> probabilities = new java.util.LinkedHashMap<>();
      r.clusterProbabilities()
          .forEach((k, v) -> probabilities.put(k, Double.valueOf(CustomerOutputs.probability(v))));
      params.add(probabilities.isEmpty() ? null : Json.MAPPER.writeValueAsString(probabilities));
      params.add(
          r.churnReasons().isEmpty() ? null : Json.MAPPER.writeValueAsString(r.churnReasons()));
      params.add(
          r.clusterReasons().isEmpty() ? null : Json.MAPPER.writeValueAsString(r.clusterReasons()));
    }
    return new Insert(sql.toString(), params.toArray());
  }

  /** The INSERTs of a run's rows, {@link #INSERT_ROWS} rows each. */
  static List<Insert> inserts(String runId, List<CustomerRow> rows) throws IOException {
    List<Insert> inserts = new ArrayList<>();
    for (int from = 0; from < rows.size(); from += INSERT_ROWS) {
      inserts.add(insert(runId, rows.subList(from, Math.min(rows.size(), from + INSERT_ROWS))));
    }
    return inserts;
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
