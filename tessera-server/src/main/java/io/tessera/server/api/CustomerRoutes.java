package io.tessera.server.api;

import static io.tessera.server.api.Requests.readTree;

import io.javalin.http.Context;
import io.tessera.segment.live.NearestCentroid;
import io.tessera.server.auth.AuditLog;
import io.tessera.server.auth.Principal;
import io.tessera.server.auth.Role;
import io.tessera.server.feed.ChangeStream;
import io.tessera.server.http.ApiException;
import io.tessera.server.live.LiveEngine;
import io.tessera.server.score.CustomerScores;
import io.tessera.store.live.LiveQueries;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One customer: the live profile, segments and RFM score, the last batch run's scores and reasons,
 * the live scores, and the membership history. Every read is audited.
 */
final class CustomerRoutes {
  private final LiveEngine engine;
  private final LiveQueries live;
  private final AuditLog audit;
  private final CustomerScores scores;

  CustomerRoutes(LiveEngine engine, LiveQueries live, AuditLog audit, CustomerScores scores) {
    this.engine = engine;
    this.live = live;
    this.audit = audit;
    this.scores = scores;
  }

  List<Endpoint> endpoints(String v) {
    return List.of(
        new Endpoint(
            "GET",
            v + "/customers/{id}",
            "A customer's profile, segments, RFM score, cluster, the last batch run's scores and"
                + " reasons (churn, lifetime value, next purchase) and the live lifetime value",
            Role.CUSTOMER_READERS,
            "customers",
            200,
            this::customer),
        new Endpoint(
            "GET",
            v + "/customers/{id}/history",
            "A customer's membership changes, oldest first",
            Role.CUSTOMER_READERS,
            "customers",
            200,
            this::history));
  }

  private void customer(Context ctx, Principal who) {
    String id = ctx.pathParam("id");
    LiveEngine.CustomerView c = engine.customer(id);
    if (c == null) {
      throw ApiException.notFound("no customer with id '" + id + "'");
    }
    audit.record(who, "customer.read", id);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("customer_id", c.customerId());
    out.put("as_of", c.asOf().toString());
    out.put("segments", c.segments());
    if (c.rfm() != null) {
      out.put(
          "rfm",
          Map.of(
              "r_score", c.rfm().r(),
              "f_score", c.rfm().f(),
              "m_score", c.rfm().m(),
              "segment", "rfm:" + c.rfm().group().id(),
              "journey_stage", c.rfm().group().stage().wireName()));
    }
    NearestCentroid clusters = engine.clusteringModel();
    if (clusters != null) {
      for (NearestCentroid.Assignment a : clusters.segments()) {
        if (c.segments().contains(a.segmentId())) {
          out.put(
              "cluster",
              Map.of(
                  "segment_id",
                  a.segmentId(),
                  "name",
                  Map.of("en", a.name().en(), "ko", a.name().ko())));
        }
      }
    }
    out.put("profile", c.profile());
    if (scores != null) {
      out.put("scores", batchScores(id, who));
      out.put("live_scores", liveScores(id, who));
    }
    if (who.role().seesAttributes()) {
      out.put("anonymous_ids", c.anonymousIds());
      // an identify acknowledged but not yet in DuckDB: the engine has its traits meanwhile
      String traits = engine.pendingTraits(id);
      if (traits == null) {
        traits = live.latestTraits(id);
      }
      out.put("traits", traits == null ? Map.of() : readTree(traits));
    }
    ctx.json(out);
  }

  /** The last batch run's scores of the customer, or null before any run. */
  private Map<String, Object> batchScores(String id, Principal who) {
    CustomerScores.ScoreRun run = scores.current();
    if (run == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", run.runId());
    m.put("scored_as_of", run.scoredAsOf() == null ? null : run.scoredAsOf().toString());
    m.put("loaded_at", run.loadedAt().toString());
    var found = scores.batch(id);
    m.put("scored", found.isPresent());
    if (found.isEmpty()) {
      m.put(
          "message",
          "run "
              + run.runId()
              + " did not score this customer (new since the run, or without data then); see"
              + " live_scores");
      return m;
    }
    CustomerScores.BatchScores b = found.get();
    boolean raw = who.role().seesAttributes();
    Map<String, Object> churn = new LinkedHashMap<>();
    churn.put("probability", b.churnProbability());
    churn.put("model", run.churnModel());
    churn.put("model_roc_auc", run.churnRocAuc());
    churn.put("status", run.churnStatus());
    churn.put("reasons", CustomerScores.visibleReasons(b.churnReasons(), raw));
    m.put("churn", churn);
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("p_alive", b.pAlive());
    value.put("expected_purchases_90d", b.expectedPurchases90d());
    value.put("clv_365d", b.clv365d());
    m.put("lifetime_value", value);
    Map<String, Object> next = new LinkedHashMap<>();
    next.put("p_purchase_30d", b.pPurchase30d());
    next.put("band", b.nextPurchaseBand());
    next.put("source", run.nextPurchaseSource());
    m.put("next_purchase", next);
    m.put("cluster_reasons", CustomerScores.visibleTraits(b.clusterReasons(), raw));
    m.put("cluster_probability", b.clusterProbability());
    m.put("cluster_probabilities", b.clusterProbabilities());
    return m;
  }

  /**
   * The scores computed now from the served run's models: the lifetime value (BG/NBD and
   * Gamma-Gamma on the customer's orders), churn (the saved classifier on the live profile or the
   * customers-file row) and the next-purchase probability; null before any run.
   */
  private Map<String, Object> liveScores(String id, Principal who) {
    LocalDate today = engine.today();
    var value = scores.live(id, today).orElse(null);
    var churn = scores.liveChurn(id, today, engine).orElse(null);
    var next = scores.liveNextPurchase(id, today, engine).orElse(null);
    if (value == null && churn == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("as_of", today.toString());
    if (value != null) {
      m.put("model_run_id", value.modelRunId());
      m.put(
          "model_calibration_end",
          value.modelCalibrationEnd() == null ? null : value.modelCalibrationEnd().toString());
      m.put("purchase_days", value.purchaseDays());
      if (value.value() == null) {
        m.put("message", "no completed order yet: BG/NBD scores buyers only");
      } else {
        m.put("p_alive", value.value().pAlive());
        m.put("expected_purchases_90d", value.value().expectedPurchases90d());
        m.put("clv_365d", value.value().clv365d());
      }
    } else {
      m.put("model_run_id", churn.modelRunId());
      m.put("message", "the run fitted no lifetime-value model");
    }
    if (churn != null) {
      m.put("churn", liveChurn(churn, who));
    }
    if (next != null) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("model_run_id", next.modelRunId());
      n.put("source", next.source());
      n.put("p_purchase_30d", next.pPurchase30d());
      n.put("band", next.band());
      if (next.message() != null) {
        n.put("message", next.message());
      }
      m.put("next_purchase", n);
    }
    return m;
  }

  private static Map<String, Object> liveChurn(CustomerScores.LiveChurn churn, Principal who) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("model_run_id", churn.modelRunId());
    c.put("model", churn.model());
    c.put("model_as_of", churn.modelAsOf() == null ? null : churn.modelAsOf().toString());
    c.put("features", churn.features());
    c.put("scored", churn.probability() != null);
    if (churn.probability() != null) {
      c.put("probability", churn.probability());
      c.put("threshold", churn.threshold());
      c.put("at_risk", churn.atRisk());
      c.put("reasons", CustomerScores.visibleReasons(churn.reasons(), who.role().seesAttributes()));
      c.put("reasons_scale", churn.contributionScale());
    } else {
      c.put("message", churn.message());
    }
    return c;
  }

  private void history(Context ctx, Principal who) {
    String id = ctx.pathParam("id");
    if (engine.customer(id) == null) {
      throw ApiException.notFound("no customer with id '" + id + "'");
    }
    audit.record(who, "customer.history", id);
    ctx.json(
        Map.of(
            "customer_id",
            id,
            "changes",
            live.changesOf(id).stream().map(ChangeStream::json).toList()));
  }
}
