package io.tessera.server.recommend;

import io.javalin.http.Context;
import io.tessera.server.api.Endpoint;
import io.tessera.server.auth.AuditLog;
import io.tessera.server.auth.Principal;
import io.tessera.server.auth.Role;
import io.tessera.server.http.ApiException;
import io.tessera.server.live.LiveEngine;
import io.tessera.server.score.CustomerScores;
import io.tessera.store.Db;
import io.tessera.store.live.RecommendTables;
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
  private final LiveEngine engine;
  private final RecommendTables tables;
  private final AuditLog audit;
  private final CustomerScores scores;

  /**
   * The routes over the store's copy of the served run's recommendations ({@link RecommendTables},
   * stored by {@code BatchRuns} from the run's result): no run file is read.
   */
  public RecommendRoutes(LiveEngine engine, Db db, AuditLog audit, CustomerScores scores) {
    this.engine = engine;
    this.tables = new RecommendTables(db);
    this.audit = audit;
    this.scores = scores;
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
    String runId = run == null || !tables.stored(run.runId()) ? null : run.runId();
    out.put("run_id", runId);
    if (runId == null) {
      out.put("recommendations", List.of());
      out.put(
          "message",
          run == null
              ? "no batch run has finished yet: POST /api/v1/runs"
              : "the last run made no recommendations (see its models/recommend.json)");
      ctx.json(out);
      return;
    }
    Set<String> bought = new HashSet<>(tables.bought(id));
    List<Map<String, Object>> items = new ArrayList<>();
    List<String> leftOut = new ArrayList<>();
    for (RecommendTables.Recommended r : tables.of(runId, id)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("item", r.item());
      row.put("score", r.score());
      row.put("reason", r.reason());
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
}
