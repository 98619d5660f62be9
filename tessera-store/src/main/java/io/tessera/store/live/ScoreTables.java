package io.tessera.store.live;

import io.tessera.contract.Customer;
import io.tessera.store.Db;
import io.tessera.store.StoreRecords;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's copy of the last batch run's scores: the run ({@code score_runs}), each customer's
 * scores ({@code customer_scores}) and the run's saved models ({@code score_models}), kept so that
 * they survive restarts; and the reads the live scores make (a customer's completed orders, their
 * customers-file row). The JSON columns are passed through as text: the server's score package owns
 * their shape.
 */
public final class ScoreTables {
  /**
   * A run whose scores are stored.
   *
   * @param clvModel the run's BG/NBD and Gamma-Gamma as JSON, or null
   */
  public record ScoreRun(
      String runId,
      Instant loadedAt,
      LocalDate scoredAsOf,
      long customers,
      String churnModel,
      String churnStatus,
      Double churnRocAuc,
      String nextPurchaseSource,
      String clvModel) {}

  /**
   * One customer's stored scores (null where the run gave none). The three last fields are JSON (a
   * map by segment id, two arrays of strings); {@code reasonsCell} is the joined reasons cell of a
   * store loaded before the typed lists were kept.
   */
  public record ScoreRow(
      String customerId,
      Double churnProbability,
      Double pAlive,
      Double expectedPurchases90d,
      Double clv365d,
      Double pPurchase30d,
      String nextPurchaseBand,
      Double clusterProbability,
      String reasonsCell,
      String clusterProbabilitiesJson,
      String churnReasonsJson,
      String clusterReasonsJson) {}

  /** One completed order of a customer: when, and its amount (0 when it has none). */
  public record CompletedOrder(Instant orderedAt, double amount) {}

  /** Rows per INSERT statement when loading a run's scores. */
  private static final int INSERT_ROWS = 200;

  private static final String INSERT_COLUMNS =
      "run_id, customer_id, churn_probability, p_alive, expected_purchases_90d, clv_365d,"
          + " p_purchase_30d, next_purchase_band, cluster_probability, cluster_probabilities,"
          + " churn_reasons, cluster_reasons";

  private final Db db;

  /** The score tables of {@code db}'s store, created (or given the newer columns) when missing. */
  public ScoreTables(Db db) {
    this.db = db;
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

  /** The run loaded last, if any. */
  public Optional<ScoreRun> last() {
    return db
        .query(
            "SELECT run_id, loaded_at, scored_as_of, customers, churn_model, churn_status,"
                + " churn_roc_auc, next_purchase_source, clv_model FROM score_runs ORDER BY"
                + " loaded_at DESC LIMIT 1",
            r ->
                new ScoreRun(
                    r.getString(1),
                    Db.instant(r, 2),
                    r.getObject(3, LocalDate.class),
                    r.getLong(4),
                    r.getString(5),
                    r.getString(6),
                    (Double) r.getObject(7),
                    r.getString(8),
                    r.getString(9)))
        .stream()
        .findFirst();
  }

  /** The run's saved models' bodies by name. */
  public Map<String, String> models(String runId) {
    Map<String, String> saved = new HashMap<>();
    db.query(
        "SELECT name, body FROM score_models WHERE run_id = ?",
        r -> saved.put(r.getString(1), r.getString(2)),
        runId);
    return saved;
  }

  /**
   * Replaces the stored run, its rows and its models in one transaction: either all of the new run
   * is stored or, on an error, the previous one stays.
   *
   * @param models model bodies by name (a null body is not stored)
   */
  public void replace(ScoreRun run, List<ScoreRow> rows, Map<String, String> models) {
    db.transaction(
        () -> {
          db.update("DELETE FROM customer_scores");
          for (int from = 0; from < rows.size(); from += INSERT_ROWS) {
            insert(run.runId(), rows.subList(from, Math.min(rows.size(), from + INSERT_ROWS)));
          }
          db.update(
              "INSERT INTO score_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              run.runId(),
              run.loadedAt(),
              run.scoredAsOf(),
              run.customers(),
              run.churnModel(),
              run.churnStatus(),
              run.churnRocAuc(),
              run.nextPurchaseSource(),
              run.clvModel());
          db.update("DELETE FROM score_models");
          for (Map.Entry<String, String> m : models.entrySet()) {
            if (m.getValue() != null) {
              db.update(
                  "INSERT INTO score_models VALUES (?, ?, ?)",
                  run.runId(),
                  m.getKey(),
                  m.getValue());
            }
          }
        });
  }

  private void insert(String runId, List<ScoreRow> rows) {
    Object[] params = new Object[rows.size() * 12];
    StringBuilder sql = new StringBuilder("INSERT INTO customer_scores (" + INSERT_COLUMNS + ")");
    sql.append(" VALUES ");
    int p = 0;
    for (int i = 0; i < rows.size(); i++) {
      ScoreRow r = rows.get(i);
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      params[p++] = runId;
      params[p++] = r.customerId();
      params[p++] = r.churnProbability();
      params[p++] = r.pAlive();
      params[p++] = r.expectedPurchases90d();
      params[p++] = r.clv365d();
      params[p++] = r.pPurchase30d();
      params[p++] = r.nextPurchaseBand();
      params[p++] = r.clusterProbability();
      params[p++] = r.clusterProbabilitiesJson();
      params[p++] = r.churnReasonsJson();
      params[p++] = r.clusterReasonsJson();
    }
    db.update(sql.toString(), params);
  }

  /**
   * The customer's stored scores, if the stored run scored them (a table the live engine's log does
   * not write: read without waiting for it, {@link Db#queryNow}).
   */
  public Optional<ScoreRow> scores(String customerId) {
    return db
        .queryNow(
            "SELECT customer_id, churn_probability, p_alive, expected_purchases_90d, clv_365d,"
                + " p_purchase_30d, next_purchase_band, cluster_probability, reasons,"
                + " cluster_probabilities, churn_reasons, cluster_reasons FROM customer_scores"
                + " WHERE customer_id = ?",
            r ->
                new ScoreRow(
                    r.getString(1),
                    (Double) r.getObject(2),
                    (Double) r.getObject(3),
                    (Double) r.getObject(4),
                    (Double) r.getObject(5),
                    (Double) r.getObject(6),
                    r.getString(7),
                    (Double) r.getObject(8),
                    r.getString(9),
                    r.getString(10),
                    r.getString(11),
                    r.getString(12)),
            customerId)
        .stream()
        .findFirst();
  }

  /**
   * The customer's completed orders placed before {@code before}, oldest first: the caller turns
   * the instants into purchase days in its zone. Read without waiting for the live engine's log
   * ({@link Db#queryNow}): the caller first waits for the customer's own orders in it.
   */
  public List<CompletedOrder> completedOrders(String customerId, Instant before) {
    return db.queryNow(
        "SELECT epoch_us(ordered_at), coalesce(amount, 0) FROM orders WHERE customer_id = ? AND"
            + " status = 'completed' AND ordered_at < ? ORDER BY ordered_at",
        r ->
            new CompletedOrder(
                Instant.EPOCH.plus(r.getLong(1), java.time.temporal.ChronoUnit.MICROS),
                r.getDouble(2)),
        customerId,
        before);
  }

  /** The customer's row of the customers file (not written live), or null. */
  public Customer customer(String customerId) {
    return db
        .queryNow(
            "SELECT " + StoreRecords.CUSTOMER_COLUMNS + " FROM customers WHERE customer_id = ?",
            StoreRecords::customer,
            customerId)
        .stream()
        .findFirst()
        .orElse(null);
  }
}
