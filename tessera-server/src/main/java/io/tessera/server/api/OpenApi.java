package io.tessera.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.server.auth.Role;
import io.tessera.server.http.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The OpenAPI 3.1 document of the endpoint table, served at {@code /openapi.json}. */
public final class OpenApi {
  private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");

  private OpenApi() {}

  /** Query and header parameters of the operations that take them: name, in, description. */
  private static final Map<String, List<String[]>> QUERY =
      Map.of(
          "GET /api/v1/changes/stream",
          List.of(
              new String[] {"token", "query", "a stream token, instead of the key header"},
              new String[] {"after", "query", "first send the logged changes after this seq"},
              new String[] {
                "Last-Event-ID", "header", "as after; an EventSource sends it when reconnecting"
              }),
          "GET /api/v1/changes",
          List.of(
              new String[] {"after", "query", "changes after this seq (default 0)"},
              new String[] {"limit", "query", "at most this many (1..1000, default 100)"}),
          "GET /api/v1/runs",
          List.<String[]>of(
              new String[] {"limit", "query", "at most this many runs (default 20)"}));

  /** The response schemas documented field by field (others are described by their summary). */
  private static final Map<String, String> RESPONSES =
      Map.of(
          "GET /api/v1/customers/{id}", "Customer",
          "GET /api/v1/runs/{id}", "Run",
          "GET /api/v1/runs", "Runs",
          "POST /api/v1/stream-tokens", "StreamToken",
          "GET /api/v1/changes/stream", "ChangeEvent");

  private static ObjectNode object(ObjectNode schemas, String name, String description) {
    ObjectNode o = schemas.putObject(name).put("type", "object");
    o.put("description", description);
    o.putObject("properties");
    return o;
  }

  private static void field(ObjectNode schema, String name, String type, String description) {
    ObjectNode p = ((ObjectNode) schema.get("properties")).putObject(name);
    if (type.startsWith("#")) {
      p.put("$ref", "#/components/schemas/" + type.substring(1));
    } else if (type.endsWith("[]")) {
      p.put("type", "array").putObject("items").put("type", type.substring(0, type.length() - 2));
    } else {
      p.putArray("type").add(type).add("null");
    }
    p.put("description", description);
  }

  private static void schemas(ObjectNode schemas) {
    customer(schemas);
    batchScores(schemas);
    liveScores(schemas);
    liveChurn(schemas);
    runs(schemas);
    streamToken(schemas);
    changeEvent(schemas);
  }

  /** The customer read (GET /customers/{id}). */
  private static void customer(ObjectNode schemas) {
    ObjectNode c =
        object(
            schemas,
            "Customer",
            "A customer: live profile and memberships, the last batch run's scores, the live"
                + " lifetime value; anonymous_ids and traits for admin and analyst keys only."
                + " Every read is written to the audit log.");
    field(c, "customer_id", "string", "the customer");
    field(c, "as_of", "string", "the day the profile is evaluated for");
    field(c, "segments", "string[]", "segment ids the customer is in now");
    field(c, "rfm", "object", "r_score, f_score, m_score, segment, journey_stage");
    field(c, "cluster", "object", "segment_id and name {en, ko} of the live clustering");
    field(c, "profile", "object", "profile field -> value (null where undefined)");
    field(c, "scores", "#BatchScores", "null before the first batch run");
    field(
        c,
        "live_scores",
        "#LiveScores",
        "null before a run fitted BG/NBD and Gamma-Gamma or saved a churn model");
    field(c, "anonymous_ids", "string[]", "admin and analyst only");
    field(c, "traits", "object", "the last identify traits; admin and analyst only");
  }

  /** A customer's scores of the last batch run. */
  private static void batchScores(ObjectNode schemas) {
    ObjectNode b =
        object(
            schemas,
            "BatchScores",
            "The scores of the last batch run that loaded scores (customers.csv, churn.json),"
                + " kept in the store across restarts");
    field(b, "run_id", "string", "the batch run");
    field(b, "scored_as_of", "string", "the run's as-of date: its data ends there");
    field(b, "loaded_at", "string", "when the server loaded the run's scores");
    field(b, "scored", "boolean", "false when the run did not score this customer");
    field(b, "message", "string", "why there are no scores (when scored is false)");
    field(
        b,
        "churn",
        "object",
        "probability (calibrated, of no completed order in the next 90 days), model, model_roc_auc"
            + " (cross-validated), status, reasons (the top three signed factors; a factor from a"
            + " customers-file column shows its value to admin and analyst keys only)");
    field(b, "lifetime_value", "object", "p_alive, expected_purchases_90d, clv_365d");
    field(
        b,
        "next_purchase",
        "object",
        "p_purchase_30d, band (very_likely .. very_unlikely), source (bgnbd or classifier)");
    field(b, "cluster_reasons", "string[]", "the traits the customer shares with their cluster");
    field(
        b,
        "cluster_probability",
        "number",
        "the posterior probability of the customer's own cluster (clustering.algorithm gmm; null"
            + " otherwise)");
    field(
        b,
        "cluster_probabilities",
        "object",
        "cluster segment id -> posterior probability, summing to 1 (gmm runs; null otherwise)");
  }

  /** A customer's scores computed at the request. */
  private static void liveScores(ObjectNode schemas) {
    ObjectNode l =
        object(
            schemas,
            "LiveScores",
            "Scores computed at the request, by the batch run's own code with the served run's"
                + " models: the lifetime value from the customer's completed orders in the store"
                + " and the run's BG/NBD and Gamma-Gamma parameters (models/clv.json); churn from"
                + " the run's saved classifier (models/churn_model.json) on the customer's live"
                + " profile as of today (or their customers-file row for a label-column model);"
                + " the next-purchase probability from the run's chosen source");
    field(l, "as_of", "string", "today");
    field(l, "model_run_id", "string", "the run whose parameters are used");
    field(l, "churn", "#LiveChurn", "absent when the run saved no churn model");
    field(
        l,
        "next_purchase",
        "object",
        "model_run_id, source (classifier: the run's saved classifier on the live profile; bgnbd:"
            + " its parameters on the customer's orders), p_purchase_30d, band (very_likely .."
            + " very_unlikely), message when not computed (no completed order)");
    field(l, "model_calibration_end", "string", "the last day of the data they were fitted on");
    field(l, "purchase_days", "integer", "days with a completed order");
    field(l, "p_alive", "number", "absent without a completed order");
    field(l, "expected_purchases_90d", "number", "absent without a completed order");
    field(l, "clv_365d", "number", "absent without a completed order");
    field(l, "message", "string", "why there are no figures");
  }

  /** The live churn score. */
  private static void liveChurn(ObjectNode schemas) {
    ObjectNode lc =
        object(
            schemas,
            "LiveChurn",
            "Churn computed now by the run's saved model, next to the batch figure in scores: as of"
                + " the run's date and on an unchanged profile it equals the batch score; events"
                + " since move it");
    field(lc, "model_run_id", "string", "the run that trained the model");
    field(lc, "model", "string", "xgboost, random_forest or logistic");
    field(lc, "model_as_of", "string", "the day the run scored its customers as of");
    field(
        lc,
        "features",
        "string",
        "profile (time-split model: profile features as of today) or customers_file (label-column"
            + " model: the customer's row of the customers file)");
    field(lc, "scored", "boolean", "false when the model does not score the customer");
    field(
        lc, "probability", "number", "calibrated probability of no completed order in the horizon");
    field(lc, "threshold", "number", "the run's decision threshold (max F1 or target recall)");
    field(lc, "at_risk", "boolean", "probability >= threshold");
    field(
        lc,
        "reasons",
        "string[]",
        "the top three signed factors of the live score; a factor from a customers-file column"
            + " shows its value to admin and analyst keys only");
    field(lc, "reasons_scale", "string", "log-odds or probability");
    field(lc, "message", "string", "why the customer is not scored (when scored is false)");
  }

  /** A batch run and the list of runs. */
  private static void runs(ObjectNode schemas) {
    ObjectNode r =
        object(
            schemas, "Run", "A batch run, kept in the store; running, done, failed or interrupted");
    field(r, "id", "string", "the run id");
    field(
        r,
        "status",
        "string",
        "running, done, failed, or interrupted (the server stopped while it ran)");
    field(r, "message", "string", "what it loaded, or why it failed");
    field(r, "started_at", "string", "when it started");
    field(r, "finished_at", "string", "when it ended (null while running)");
    field(r, "out", "string", "the output folder on the server");
    field(r, "files", "string[]", "output files relative to out");
    field(r, "started_by", "string", "the id of the key that started it");
    ObjectNode runs = object(schemas, "Runs", "Batch runs, newest first");
    ((ObjectNode) runs.get("properties"))
        .putObject("runs")
        .put("type", "array")
        .putObject("items")
        .put("$ref", "#/components/schemas/Run");
  }

  /** The token that opens the change stream. */
  private static void streamToken(ObjectNode schemas) {
    ObjectNode t = object(schemas, "StreamToken", "Opens the change stream for 60 s");
    field(t, "token", "string", "pass as ?token= (not an API key: it opens streams only)");
    field(t, "expires_at", "string", "after this it opens no stream (open ones stay open)");
    field(t, "stream", "string", "the stream's path with the token");
  }

  /** The change stream's events. */
  private static void changeEvent(ObjectNode schemas) {
    ObjectNode e =
        object(
            schemas,
            "ChangeEvent",
            "Server-sent events: 'event: change' with 'id: <seq>' and the change as JSON data;"
                + " 'event: lagged' before a stream that fell 10,000 commits behind is closed;"
                + " a comment line every 15 s");
    field(e, "seq", "integer", "position in the change log");
    field(e, "at", "string", "when the change was made");
    field(e, "customer_id", "string", "whose membership changed");
    field(e, "segment_id", "string", "the segment");
    field(e, "change", "string", "entered, left or fired");
    field(e, "cause", "string", "event, identify, rule_changed, model_refit, clock or timer");
    field(e, "cause_event_id", "string", "the message id of the causing event");
  }

  public static ObjectNode document(List<Endpoint> endpoints, String version) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("openapi", "3.1.0");
    ObjectNode info = root.putObject("info");
    info.put("title", "Tessera live engine");
    info.put("version", version);
    info.put(
        "description",
        "Collect API (Segment tracking spec), live customer profiles and segments, rule segments,"
            + " webhooks. Errors are {\"code\", \"message\"}. Roles per operation are in"
            + " x-roles.");
    ObjectNode schemes = root.putObject("components").putObject("securitySchemes");
    schemes.putObject("apiKey").put("type", "http").put("scheme", "bearer");
    schemes.putObject("writeKey").put("type", "http").put("scheme", "basic");
    ObjectNode error =
        ((ObjectNode) root.get("components")).putObject("schemas").putObject("Error");
    error.put("type", "object");
    error.putArray("required").add("code").add("message");
    error.putObject("properties").putObject("code").put("type", "string");
    ((ObjectNode) error.get("properties")).putObject("message").put("type", "string");
    ((ObjectNode) error.get("properties"))
        .putObject("reason")
        .put("type", "string")
        .put(
            "description",
            "a refused collect message: the quarantine reason a batch row with the same value gets"
                + " (e.g. negative_amount, timestamp_in_future, duplicate_id)");
    ((ObjectNode) error.get("properties"))
        .putObject("field")
        .put("type", "string")
        .put("description", "a refused collect message: the field, e.g. batch[3].timestamp");
    schemas((ObjectNode) root.get("components").get("schemas"));
    schemes
        .putObject("streamToken")
        .put("type", "apiKey")
        .put("in", "query")
        .put("name", "token")
        .put(
            "description",
            "a token of POST /api/v1/stream-tokens (60 s), for EventSource, which cannot send"
                + " headers");
    ObjectNode paths = root.putObject("paths");
    for (Endpoint e : endpoints) {
      ObjectNode path =
          paths.has(e.path()) ? (ObjectNode) paths.get(e.path()) : paths.putObject(e.path());
      operation(path.putObject(e.method().toLowerCase(Locale.ROOT)), e);
    }
    return root;
  }

  /** One operation of the document: tags, roles, security, parameters, responses. */
  private static void operation(ObjectNode op, Endpoint e) {
    op.put("summary", e.summary());
    op.putArray("tags").add(e.tag());
    op.put(
        "operationId",
        e.method().toLowerCase(Locale.ROOT)
            + e.path().replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", "_"));
    ArrayNode roles = op.putArray("x-roles");
    e.roles().stream().map(Role::wireName).sorted().forEach(roles::add);
    if (!e.isPublic()) {
      op.putArray("security")
          .addObject()
          .putArray(e.roles().contains(Role.SOURCE) ? "writeKey" : "apiKey");
    } else {
      op.putArray("security");
    }
    Matcher m = PARAM.matcher(e.path());
    ArrayNode params = null;
    while (m.find()) {
      if (params == null) {
        params = op.putArray("parameters");
      }
      params
          .addObject()
          .put("name", m.group(1))
          .put("in", "path")
          .put("required", true)
          .putObject("schema")
          .put("type", "string");
    }
    if (e.streamToken()) {
      ((ArrayNode) op.get("security")).addObject().putArray("streamToken");
    }
    for (String[] q : QUERY.getOrDefault(e.method() + " " + e.path(), List.of())) {
      if (params == null) {
        params = op.putArray("parameters");
      }
      ObjectNode p = params.addObject().put("name", q[0]).put("in", q[1]);
      p.put("required", false).put("description", q[2]);
      p.putObject("schema").put("type", q[0].equals("after") ? "integer" : "string");
    }
    ObjectNode responses = op.putObject("responses");
    ObjectNode success =
        responses.putObject(Integer.toString(e.successStatus())).put("description", "success");
    String schema = RESPONSES.get(e.method() + " " + e.path());
    if (schema != null) {
      success
          .putObject("content")
          .putObject(e.path().endsWith("/stream") ? "text/event-stream" : "application/json")
          .putObject("schema")
          .put("$ref", "#/components/schemas/" + schema);
    }
    for (String code : List.of("400", "401", "403", "404", "406", "413", "429")) {
      responses
          .putObject(code)
          .put("description", "error")
          .putObject("content")
          .putObject("application/json")
          .putObject("schema")
          .put("$ref", "#/components/schemas/Error");
    }
  }
}
