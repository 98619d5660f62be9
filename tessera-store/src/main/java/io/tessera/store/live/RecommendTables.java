package io.tessera.store.live;

import io.tessera.store.Db;
import java.util.List;

/**
 * The server's copy of the served batch run's recommendations ({@code run_recommendations}, stored
 * from the run's result when it ends) and the products a customer already bought, for {@code GET
 * /api/v1/customers/{id}/recommendations}.
 */
public final class RecommendTables {
  /** One recommended item of a customer, as the run ranked it. */
  public record Recommended(String item, double score, String reason) {}

  private final Db db;

  public RecommendTables(Db db) {
    this.db = db;
    db.update(
        "CREATE TABLE IF NOT EXISTS run_recommendations (run_id VARCHAR, customer_id VARCHAR,"
            + " rank INTEGER, item VARCHAR, score DOUBLE, reason VARCHAR)");
  }

  /** Whether the run's recommendations are stored. */
  public boolean stored(String runId) {
    return !db.query(
            "SELECT 1 FROM run_recommendations WHERE run_id = ? LIMIT 1", r -> r.getInt(1), runId)
        .isEmpty();
  }

  /** One row of a run's recommendations, as recommendations.csv writes it. */
  public record Row(String customerId, int rank, String item, double score, String reason) {}

  /** Rows per INSERT statement. */
  private static final int INSERT_ROWS = 500;

  /**
   * Replaces the stored recommendations with the run's, in one transaction: the server serves them
   * from here, so they survive a restart and no run file is read back.
   */
  public void replace(String runId, List<Row> rows) {
    db.transaction(
        () -> {
          db.update("DELETE FROM run_recommendations");
          for (int from = 0; from < rows.size(); from += INSERT_ROWS) {
            List<Row> part = rows.subList(from, Math.min(rows.size(), from + INSERT_ROWS));
            StringBuilder sql = new StringBuilder("INSERT INTO run_recommendations VALUES ");
            Object[] params = new Object[part.size() * 6];
            int p = 0;
            for (int i = 0; i < part.size(); i++) {
              Row r = part.get(i);
              sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?)");
              params[p++] = runId;
              params[p++] = r.customerId();
              params[p++] = r.rank();
              params[p++] = r.item();
              params[p++] = r.score();
              params[p++] = r.reason();
            }
            db.update(sql.toString(), params);
          }
        });
  }

  /** The products of the customer's completed orders. */
  public List<String> bought(String customerId) {
    return db.query(
        "SELECT DISTINCT i.product_id FROM order_items i JOIN orders o ON o.order_id ="
            + " i.order_id WHERE o.customer_id = ? AND o.status = 'completed'",
        r -> r.getString(1),
        customerId);
  }

  /** The customer's recommendations of the run, best first. */
  public List<Recommended> of(String runId, String customerId) {
    return db.query(
        "SELECT item, score, reason FROM run_recommendations WHERE run_id = ? AND customer_id"
            + " = ? ORDER BY rank",
        r -> new Recommended(r.getString(1), r.getDouble(2), r.getString(3)),
        runId,
        customerId);
  }
}
