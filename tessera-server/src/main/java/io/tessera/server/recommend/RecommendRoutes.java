package io.tessera.server.recommend;

import io.javalin.http.Context;
import io.tessera.server.http.ApiException;
import io.tessera.server.api.Endpoint;
import io.tessera.server.auth.AuditLog;
import io.tessera.server.auth.Principal;
import io.tessera.server.auth.Role;
import io.tessera.server.live.LiveEngine;
import io.tessera.server.score.CustomerScores;
import io.tessera.store.CsvOutput;
import io.tessera.store.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/customers/{id}/recommendations}: the customer's recommendations of the last
 * batch run whose scores are served, without the items they have bought since (completed live
 * orders in the store), re-ranked. The same roles, consent rule and audit as {@code GET
 * /api/v1/customers/{id}}: a customer without a live profile (unknown, or without consent to
 * profiling) is not found.
 */
public final class RecommendRoutes {
  static final String TABLE =
      "CREATE TABLE IF NOT EXISTS run_recommendations (run_id VARCHAR, customer_id VARCHAR,"
          + " rank INTEGER, item VARCHAR, score DOUBLE, reason VARCHAR)";

  private final LiveEngine engine;
  private final Db db;
  private final AuditLog audit;
  private final CustomerScores scores;
  private final Path runsRoot;
  private String loadedRun;

  /**
   * @param runsRoot the folder of the server's batch runs ({@code <store>.runs}); a run's
   *     recommendations are {@code <runsRoot>/<run id>/out/recommendations.csv}
   */
  public RecommendRoutes(
      LiveEngine engine, Db db, AuditLog audit, CustomerScores scores, Path runsRoot) {
    this.engine = engine;
    this.db = db;
    this.audit = audit;
    this.scores = scores;
    this.runsRoot = runsRoot;
    db.update(TABLE);
  }

  public List<Endpoint> endpoints() {
    return List.of(
        new Endpoint(
            "GET",
            "/api/v1/customers/{id}/recommendations",
            "A customer's recommended items (item, score, reason) from the last batch run, without"
                + " what they bought since",
            Role.CUSTOMER_READERS,
            "customers",
            200,
            this::recommendations));
  }

  private void recommendations(Context ctx, Principal who) {
    String id = ctx.pathParam("id");
    if (engine.customer(id) == null) {
      throw ApiException.notFound("no customer with id '" + id + "'");
    }
    audit.record(who, "customer.recommendations", id);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("customer_id", id);
    CustomerScores.ScoreRun run = scores.current();
    String runId = run == null ? null : load(run.runId());
    out.put("run_id", runId);
    if (runId == null) {
      out.put("recommendations", List.of());
      out.put(
          "message",
          run == null
              ? "no batch run has finished yet: POST /api/v1/runs"
              : "the last run wrote no recommendations.csv (see its models/recommend.json)");
      ctx.json(out);
      return;
    }
    Set<String> bought =
        new HashSet<>(
            db.query(
                "SELECT DISTINCT i.product_id FROM order_items i JOIN orders o ON o.order_id ="
                    + " i.order_id WHERE o.customer_id = ? AND o.status = 'completed'",
                r -> r.getString(1),
                id));
    List<Map<String, Object>> items = new ArrayList<>();
    List<String> leftOut = new ArrayList<>();
    for (Map<String, Object> row :
        db.query(
            "SELECT item, score, reason FROM run_recommendations WHERE run_id = ? AND customer_id"
                + " = ? ORDER BY rank",
            r -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("item", r.getString(1));
              m.put("score", r.getDouble(2));
              m.put("reason", r.getString(3));
              return m;
            },
            runId,
            id)) {
      if (bought.contains((String) row.get("item"))) {
        leftOut.add((String) row.get("item"));
        continue;
      }
      Map<String, Object> ranked = new LinkedHashMap<>();
      ranked.put("rank", items.size() + 1);
      ranked.putAll(row);
      items.add(ranked);
    }
    out.put("scored_as_of", run.scoredAsOf() == null ? null : run.scoredAsOf().toString());
    out.put("recommendations", items);
    out.put("left_out_bought", leftOut);
    ctx.json(out);
  }

  /** Loads the run's recommendations.csv into the store once; the run id, or null without one. */
  private synchronized String load(String runId) {
    if (runId.equals(loadedRun)) {
      return runId;
    }
    Path csv = runsRoot.resolve(runId).resolve("out").resolve("recommendations.csv");
    boolean stored =
        !db.query(
                "SELECT 1 FROM run_recommendations WHERE run_id = ? LIMIT 1",
                r -> r.getInt(1),
                runId)
            .isEmpty();
    if (!stored) {
      if (!Files.isRegularFile(csv)) {
        return null;
      }
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
    loadedRun = runId;
    return runId;
  }
}
