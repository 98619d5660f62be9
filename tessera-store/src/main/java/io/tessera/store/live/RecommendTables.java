package io.tessera.store.live;

import io.tessera.store.CsvOutput;
import io.tessera.store.Db;
import java.nio.file.Path;
import java.util.List;

/**
 * The server's copy of a batch run's recommendations ({@code run_recommendations}) and the products
 * a customer already bought, for {@code GET /api/v1/customers/{id}/recommendations}.
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

  /** Replaces the stored recommendations with the run's recommendations.csv. */
  public void load(String runId, Path csv) {
    String file = csv.toAbsolutePath().toString().replace("'", "''");
    db.transaction(
        () -> {
          db.update("DELETE FROM run_recommendations");
          db.update(
              "INSERT INTO run_recommendations SELECT ?, "
                  + CsvOutput.restoreSql("customer_id")
                  + ", CAST(rank AS INTEGER), "
                  + CsvOutput.restoreSql("item")
                  + ", CAST(score AS DOUBLE), "
                  + CsvOutput.restoreSql("reason")
                  + " FROM read_csv('"
                  + file
                  + "', header = true, all_varchar = true)",
              runId);
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
