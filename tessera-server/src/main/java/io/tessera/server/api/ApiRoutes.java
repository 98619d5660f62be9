package io.tessera.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.tessera.segment.rule.RuleParser;
import io.tessera.segment.rule.RuleSyntaxException;
import io.tessera.server.ApiException;
import io.tessera.server.Db;
import io.tessera.server.Json;
import io.tessera.server.auth.ApiKeys;
import io.tessera.server.auth.AuditLog;
import io.tessera.server.auth.Principal;
import io.tessera.server.auth.Role;
import io.tessera.server.auth.StreamTokens;
import io.tessera.server.feed.ChangeStream;
import io.tessera.server.hook.Webhook;
import io.tessera.server.hook.Webhooks;
import io.tessera.server.live.LiveEngine;
import io.tessera.server.live.RuleSegment;
import io.tessera.server.score.CustomerScores;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The REST API under {@code /api/v1}: customers, segments, rules, changes, webhooks, keys. */
public final class ApiRoutes {
  private static final Set<Role> ADMIN = Set.of(Role.ADMIN);
  private static final Set<Role> MODELLERS = Set.of(Role.ADMIN, Role.ANALYST);

  private final LiveEngine engine;
  private final Db db;
  private final ApiKeys keys;
  private final AuditLog audit;
  private final Webhooks webhooks;
  private final io.tessera.server.runs.BatchRuns runs;
  private CustomerScores scores;
  private ChangeStream changeStream;
  private StreamTokens streamTokens;

  public ApiRoutes(
      LiveEngine engine,
      Db db,
      ApiKeys keys,
      AuditLog audit,
      Webhooks webhooks,
      io.tessera.server.runs.BatchRuns runs) {
    this.runs = runs;
    this.engine = engine;
    this.db = db;
    this.keys = keys;
    this.audit = audit;
    this.webhooks = webhooks;
  }

  /** Serves the customers' scores of the last batch run and the live lifetime value. */
  public ApiRoutes withScores(CustomerScores s) {
    this.scores = s;
    return this;
  }

  /** Serves the pushed change feed and the tokens that open it. */
  public ApiRoutes withChangeStream(ChangeStream stream, StreamTokens tokens) {
    this.changeStream = stream;
    this.streamTokens = tokens;
    return this;
  }

  public List<Endpoint> endpoints() {
    String v = "/api/v1";
    List<Endpoint> out = new ArrayList<>(base(v));
    if (changeStream != null) {
      out.add(
          new Endpoint(
              "POST",
              v + "/stream-tokens",
              "A token that opens the change stream for "
                  + StreamTokens.TTL.toSeconds()
                  + " s (for a browser's EventSource, which cannot send the key header)",
              Role.CUSTOMER_READERS,
              "changes",
              201,
              this::streamToken));
      out.add(
          new Endpoint(
              "GET",
              v + "/changes/stream",
              "The membership change feed pushed as server-sent events (event: change, id: seq);"
                  + " ?after=<seq> or Last-Event-ID resumes; authenticate with the key header or"
                  + " ?token=<stream token>",
              Role.CUSTOMER_READERS,
              "changes",
              200,
              (ctx, who) -> {
                // the feed names customers and their segments: who opened it is audited
                audit.record(who, "changes.stream", null);
                changeStream.serve(ctx);
              },
              true));
    }
    return List.copyOf(out);
  }

  private List<Endpoint> base(String v) {
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
            this::customerHistory),
        new Endpoint(
            "GET",
            v + "/segments",
            "The live segment catalog with sizes",
            Role.ALL_USERS,
            "segments",
            200,
            this::segments),
        new Endpoint(
            "GET",
            v + "/segments/{id}",
            "One segment with its size by day",
            Role.ALL_USERS,
            "segments",
            200,
            this::segment),
        new Endpoint(
            "GET",
            v + "/segments/{id}/members",
            "Members of a segment, paged by ?after=<id>&limit=n",
            Role.CUSTOMER_READERS,
            "segments",
            200,
            this::members),
        new Endpoint(
            "GET", v + "/rules", "The rule segments", Role.ALL_USERS, "rules", 200, this::rules),
        new Endpoint(
            "POST",
            v + "/rules/validate",
            "Checks a rule's syntax without saving it",
            Role.ALL_USERS,
            "rules",
            200,
            this::validateRule),
        new Endpoint(
            "POST",
            v + "/rules",
            "Creates a rule segment {id, name, expression}",
            Role.EDITORS,
            "rules",
            201,
            this::createRule),
        new Endpoint(
            "PUT",
            v + "/rules/{id}",
            "Replaces a rule segment's name and expression",
            Role.EDITORS,
            "rules",
            200,
            this::updateRule),
        new Endpoint(
            "DELETE",
            v + "/rules/{id}",
            "Deletes a rule segment (its members leave it)",
            Role.EDITORS,
            "rules",
            204,
            this::deleteRule),
        new Endpoint(
            "GET",
            v + "/changes",
            "The membership change feed after ?after=<seq>",
            Role.CUSTOMER_READERS,
            "changes",
            200,
            this::changes),
        new Endpoint(
            "POST",
            v + "/runs",
            "Refits the RFM model on the live profiles and, under `tessera serve`, starts a batch"
                + " run over the store in the background (poll it at /runs/{id})",
            MODELLERS,
            "runs",
            200,
            this::run),
        new Endpoint(
            "GET",
            v + "/runs/{id}",
            "A batch run's status (running, done, failed or interrupted, with its message) and"
                + " output files",
            MODELLERS,
            "runs",
            200,
            this::runStatus),
        new Endpoint(
            "GET",
            v + "/runs",
            "The batch runs, newest first (?limit=n), kept across restarts",
            MODELLERS,
            "runs",
            200,
            this::runList),
        new Endpoint(
            "GET",
            v + "/webhooks",
            "The registered webhooks",
            ADMIN,
            "webhooks",
            200,
            this::webhooks),
        new Endpoint(
            "POST",
            v + "/webhooks",
            "Registers a webhook {url, triggers, segment_id?, secret?}",
            ADMIN,
            "webhooks",
            201,
            this::createWebhook),
        new Endpoint(
            "DELETE",
            v + "/webhooks/{id}",
            "Removes a webhook",
            ADMIN,
            "webhooks",
            204,
            this::deleteWebhook),
        new Endpoint(
            "GET",
            v + "/webhooks/{id}/deliveries",
            "A webhook's deliveries and their attempts",
            Set.of(Role.ADMIN, Role.MARKETER),
            "webhooks",
            200,
            this::deliveries),
        new Endpoint(
            "GET",
            v + "/keys",
            "The API keys (never their secrets)",
            ADMIN,
            "keys",
            200,
            this::keys),
        new Endpoint(
            "POST",
            v + "/keys",
            "Creates an API key {name, role}; the key is shown once",
            ADMIN,
            "keys",
            201,
            this::createKey),
        new Endpoint(
            "DELETE", v + "/keys/{id}", "Revokes an API key", ADMIN, "keys", 204, this::revokeKey),
        new Endpoint(
            "GET",
            v + "/audit",
            "Reads of customers' personal data, newest first",
            ADMIN,
            "audit",
            200,
            this::audit),
        new Endpoint(
            "GET",
            v + "/me",
            "The calling key's id, name and role",
            Role.ALL_USERS,
            "keys",
            200,
            (ctx, who) ->
                ctx.json(
                    Map.of("id", who.keyId(), "name", who.name(), "role", who.role().wireName()))));
  }

  // ---- customers

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
    io.tessera.segment.live.NearestCentroid clusters = engine.clusteringModel();
    if (clusters != null) {
      for (io.tessera.segment.live.NearestCentroid.Assignment a : clusters.segments()) {
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
      List<JsonNode> traits =
          db.query(
              "SELECT traits FROM live_traits WHERE customer_id = ? ORDER BY received_at DESC LIMIT"
                  + " 1",
              r -> readTree(r.getString(1)),
              id);
      out.put("traits", traits.isEmpty() ? Map.of() : traits.get(0));
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
    var live = scores.live(id, today).orElse(null);
    var churn = scores.liveChurn(id, today, engine).orElse(null);
    var next = scores.liveNextPurchase(id, today, engine).orElse(null);
    if (live == null && churn == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("as_of", today.toString());
    if (live != null) {
      m.put("model_run_id", live.modelRunId());
      m.put(
          "model_calibration_end",
          live.modelCalibrationEnd() == null ? null : live.modelCalibrationEnd().toString());
      m.put("purchase_days", live.purchaseDays());
      if (live.value() == null) {
        m.put("message", "no completed order yet: BG/NBD scores buyers only");
      } else {
        m.put("p_alive", live.value().pAlive());
        m.put("expected_purchases_90d", live.value().expectedPurchases90d());
        m.put("clv_365d", live.value().clv365d());
      }
    } else {
      m.put("model_run_id", churn.modelRunId());
      m.put("message", "the run fitted no lifetime-value model");
    }
    if (churn != null) {
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
        c.put(
            "reasons", CustomerScores.visibleReasons(churn.reasons(), who.role().seesAttributes()));
        c.put("reasons_scale", churn.contributionScale());
      } else {
        c.put("message", churn.message());
      }
      m.put("churn", c);
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

  private void customerHistory(Context ctx, Principal who) {
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
            db.query(
                "SELECT seq, changed_at, segment_id, change, cause, cause_event_id FROM"
                    + " membership_changes WHERE customer_id = ? ORDER BY seq",
                r ->
                    change(
                        r.getLong(1),
                        Db.instant(r, 2),
                        id,
                        r.getString(3),
                        r.getString(4),
                        r.getString(5),
                        r.getString(6)),
                id)));
  }

  private static Map<String, Object> change(
      long seq,
      java.time.Instant at,
      String customer,
      String segment,
      String change,
      String cause,
      String event) {
    return ChangeStream.json(
        new io.tessera.server.live.MembershipChange(
            seq, at, customer, segment, change, cause, event));
  }

  // ---- segments

  private void segments(Context ctx, Principal who) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("format_version", 1);
    out.put("customers", engine.customerCount());
    out.put("segments", engine.segments());
    ctx.json(out);
  }

  private void segment(Context ctx, Principal who) {
    String id = ctx.pathParam("id");
    LiveEngine.SegmentView s =
        engine.segments().stream()
            .filter(x -> x.id().equals(id))
            .findFirst()
            .orElseThrow(() -> ApiException.notFound("no segment with id '" + id + "'"));
    List<Map<String, Object>> byDay = new ArrayList<>();
    long running = 0;
    for (Object[] row :
        db.query(
            "SELECT changed_at::DATE, sum(CASE change WHEN 'entered' THEN 1 ELSE -1 END) FROM"
                + " membership_changes WHERE segment_id = ? GROUP BY 1 ORDER BY 1",
            r -> new Object[] {r.getObject(1, java.time.LocalDate.class), r.getLong(2)},
            id)) {
      running += (Long) row[1];
      byDay.add(Map.of("day", row[0].toString(), "size", running));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("segment", s);
    out.put("size_by_day", byDay);
    ctx.json(out);
  }

  private void members(Context ctx, Principal who) {
    String id = ctx.pathParam("id");
    if (!engine.segmentExists(id)) {
      throw ApiException.notFound("no segment with id '" + id + "'");
    }
    int limit = intParam(ctx, "limit", 100, 1, 1000);
    String after = ctx.queryParam("after");
    List<String> page = engine.members(id, after, limit);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("segment_id", id);
    out.put("members", page);
    out.put("next_after", page.size() == limit ? page.get(page.size() - 1) : null);
    ctx.json(out);
  }

  // ---- rules

  private void rules(Context ctx, Principal who) {
    ctx.json(Map.of("rules", engine.rules().stream().map(ApiRoutes::rule).toList()));
  }

  private static Map<String, Object> rule(RuleSegment r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("segment_id", r.segmentId());
    m.put("name", r.name());
    m.put("expression", r.expression());
    m.put("canonical", r.condition().toString());
    m.put("version", r.version());
    m.put("updated_at", r.updatedAt().toString());
    return m;
  }

  private void validateRule(Context ctx, Principal who) {
    JsonNode body = body(ctx);
    String expression = requireText(body, "expression");
    try {
      ctx.json(Map.of("valid", true, "canonical", RuleParser.parse(expression).toString()));
    } catch (RuleSyntaxException e) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("valid", false);
      out.put("message", e.getMessage());
      out.put("position", e.position());
      out.put("expected", e.expected());
      ctx.json(out);
    }
  }

  private void createRule(Context ctx, Principal who) {
    JsonNode body = body(ctx);
    String id = requireText(body, "id");
    if (engine.rule(id) != null) {
      throw new ApiException(
          409, "exists", "a rule segment with id '" + id + "' exists; PUT to change it");
    }
    saveRule(ctx, id, body, 201);
  }

  private void updateRule(Context ctx, Principal who) {
    String id = ctx.pathParam("id");
    if (engine.rule(id) == null) {
      throw ApiException.notFound("no rule segment with id '" + id + "'");
    }
    saveRule(ctx, id, body(ctx), 200);
  }

  private void saveRule(Context ctx, String id, JsonNode body, int status) {
    String name = requireText(body, "name");
    String expression = requireText(body, "expression");
    var future = engine.putRule(id, name, expression);
    ctx.future(() -> future.thenAccept(r -> ctx.status(status).json(rule(r))));
  }

  private void deleteRule(Context ctx, Principal who) {
    String id = ctx.pathParam("id");
    ctx.future(
        () ->
            engine
                .deleteRule(id)
                .thenAccept(
                    found -> {
                      if (!found) {
                        throw ApiException.notFound("no rule segment with id '" + id + "'");
                      }
                      ctx.status(204);
                    }));
  }

  // ---- changes and runs

  private void changes(Context ctx, Principal who) {
    long after = ctx.queryParam("after") == null ? 0 : longParam(ctx, "after");
    int limit = intParam(ctx, "limit", 100, 1, 1000);
    // the feed names customers and their segments: each read is audited (no one customer)
    audit.record(who, "changes.read", null);
    List<Map<String, Object>> rows =
        db.query(
            "SELECT seq, changed_at, customer_id, segment_id, change, cause, cause_event_id FROM"
                + " membership_changes WHERE seq > ? ORDER BY seq LIMIT ?",
            r ->
                change(
                    r.getLong(1),
                    Db.instant(r, 2),
                    r.getString(3),
                    r.getString(4),
                    r.getString(5),
                    r.getString(6),
                    r.getString(7)),
            after,
            limit);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("changes", rows);
    out.put("next_after", rows.isEmpty() ? after : rows.get(rows.size() - 1).get("seq"));
    ctx.json(out);
  }

  private void run(Context ctx, Principal who) {
    io.tessera.server.runs.BatchRuns.Run batch = runs.available() ? runs.start(who.keyId()) : null;
    ctx.future(
        () ->
            engine
                .refitRfm()
                .thenAccept(
                    m -> {
                      Map<String, Object> out = new LinkedHashMap<>();
                      out.put("kind", "rfm");
                      out.put("status", "done");
                      out.put("model", m);
                      out.put("customers", engine.customerCount());
                      out.put("batch_run", batch == null ? null : runJson(batch));
                      ctx.json(out);
                    }));
  }

  private void runStatus(Context ctx, Principal who) {
    String id = ctx.pathParam("id");
    io.tessera.server.runs.BatchRuns.Run r = runs.get(id);
    if (r == null) {
      throw ApiException.notFound("no batch run with id '" + id + "'");
    }
    ctx.json(runJson(r));
  }

  private void runList(Context ctx, Principal who) {
    ctx.json(
        Map.of(
            "runs",
            runs.latest(intParam(ctx, "limit", 20, 1, 1000)).stream()
                .map(ApiRoutes::runJson)
                .toList()));
  }

  private void streamToken(Context ctx, Principal who) {
    StreamTokens.Token t = streamTokens.issue(who);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("token", t.token());
    out.put("expires_at", t.expiresAt().toString());
    out.put("stream", "/api/v1/changes/stream?token=" + t.token());
    ctx.status(201).json(out);
  }

  private static Map<String, Object> runJson(io.tessera.server.runs.BatchRuns.Run r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", r.id());
    out.put("status", r.status().wireName());
    out.put("message", r.message());
    out.put("started_at", r.startedAt().toString());
    out.put("finished_at", r.finishedAt() == null ? null : r.finishedAt().toString());
    out.put("out", r.out().toAbsolutePath().toString());
    out.put("files", r.files());
    out.put("started_by", r.startedBy());
    return out;
  }

  // ---- webhooks

  private void webhooks(Context ctx, Principal who) {
    ctx.json(Map.of("webhooks", webhooks.all().stream().map(w -> webhook(w, false)).toList()));
  }

  private static Map<String, Object> webhook(Webhook w, boolean withSecret) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", w.id());
    m.put("url", w.url());
    m.put("triggers", w.triggers().stream().sorted().toList());
    m.put("segment_id", w.segmentId());
    m.put("created_at", w.createdAt().toString());
    if (withSecret) {
      m.put("secret", w.secret());
    }
    return m;
  }

  private void createWebhook(Context ctx, Principal who) {
    JsonNode body = body(ctx);
    List<String> triggers = new ArrayList<>();
    JsonNode t = body.get("triggers");
    if (t == null || !t.isArray()) {
      throw ApiException.badRequest(
          "invalid_webhook", "triggers must be an array, e.g. [\"segment.entered\"]");
    }
    t.forEach(x -> triggers.add(x.asText()));
    String segment = body.hasNonNull("segment_id") ? body.get("segment_id").asText() : null;
    if (segment != null && !engine.segmentExists(segment)) {
      throw ApiException.badRequest(
          "invalid_webhook",
          "segment_id '" + segment + "' is not a segment; see GET /api/v1/segments");
    }
    try {
      Webhook w =
          webhooks.create(
              requireText(body, "url"),
              triggers,
              segment,
              body.hasNonNull("secret") ? body.get("secret").asText() : null);
      ctx.status(201).json(webhook(w, true));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid_webhook", e.getMessage());
    }
  }

  private void deleteWebhook(Context ctx, Principal who) {
    if (!webhooks.delete(ctx.pathParam("id"))) {
      throw ApiException.notFound("no webhook with id '" + ctx.pathParam("id") + "'");
    }
    ctx.status(204);
  }

  private void deliveries(Context ctx, Principal who) {
    String id = ctx.pathParam("id");
    if (webhooks.get(id).isEmpty()) {
      throw ApiException.notFound("no webhook with id '" + id + "'");
    }
    int limit = intParam(ctx, "limit", 100, 1, 1000);
    List<Map<String, Object>> out =
        db.query(
            "SELECT delivery_id, trigger, payload, created_at, state, attempts, next_attempt_at"
                + " FROM webhook_deliveries WHERE webhook_id = ? ORDER BY created_at DESC LIMIT ?",
            r -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("delivery_id", r.getString(1));
              m.put("trigger", r.getString(2));
              m.put("payload", readTree(r.getString(3)));
              m.put("created_at", Db.instant(r, 4).toString());
              m.put("state", r.getString(5));
              m.put("attempts", r.getInt(6));
              java.time.Instant next = Db.instant(r, 7);
              m.put("next_attempt_at", next == null ? null : next.toString());
              return m;
            },
            id,
            limit);
    for (Map<String, Object> d : out) {
      d.put(
          "attempt_log",
          db.query(
              "SELECT attempt, attempted_at, status_code, error, duration_ms FROM webhook_attempts"
                  + " WHERE delivery_id = ? ORDER BY attempt",
              r -> {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("attempt", r.getInt(1));
                a.put("at", Db.instant(r, 2).toString());
                a.put("status_code", r.getObject(3));
                a.put("error", r.getString(4));
                a.put("duration_ms", r.getLong(5));
                return a;
              },
              d.get("delivery_id")));
    }
    ctx.json(Map.of("webhook_id", id, "deliveries", out));
  }

  // ---- keys and audit

  private void keys(Context ctx, Principal who) {
    ctx.json(Map.of("keys", keys.list()));
  }

  private void createKey(Context ctx, Principal who) {
    JsonNode body = body(ctx);
    Role role;
    try {
      role = Role.fromWire(requireText(body, "role"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid_key", e.getMessage());
    }
    ApiKeys.NewKey k = keys.create(requireText(body, "name"), role);
    ctx.status(201)
        .json(
            Map.of(
                "key",
                k.key(),
                "id",
                k.info().id(),
                "name",
                k.info().name(),
                "role",
                role.wireName()));
  }

  private void revokeKey(Context ctx, Principal who) {
    String id = ctx.pathParam("id");
    if (id.equals(who.keyId())) {
      throw new ApiException(409, "own_key", "a key cannot revoke itself; use another admin key");
    }
    if (!keys.revoke(id)) {
      throw ApiException.notFound("no active key with id '" + id + "'");
    }
    ctx.status(204);
  }

  private void audit(Context ctx, Principal who) {
    ctx.json(
        Map.of(
            "entries",
            audit.latest(ctx.queryParam("customer_id"), intParam(ctx, "limit", 100, 1, 1000))));
  }

  // ---- helpers

  private static JsonNode body(Context ctx) {
    return io.tessera.server.RequestBody.object(ctx);
  }

  private static String requireText(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw ApiException.badRequest("missing_field", field + " is required (a non-empty string)");
    }
    return v.asText();
  }

  private static JsonNode readTree(String json) {
    try {
      return json == null ? null : Json.MAPPER.readTree(json);
    } catch (IOException e) {
      return Json.MAPPER.getNodeFactory().textNode(json);
    }
  }

  private static int intParam(Context ctx, String name, int dflt, int min, int max) {
    String s = ctx.queryParam(name);
    if (s == null) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(s);
      if (v < min || v > max) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "invalid_parameter",
          name + " must be a whole number in " + min + ".." + max + ", got '" + s + "'");
    }
  }

  private static long longParam(Context ctx, String name) {
    String s = ctx.queryParam(name);
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "invalid_parameter", name + " must be a whole number, got '" + s + "'");
    }
  }
}
