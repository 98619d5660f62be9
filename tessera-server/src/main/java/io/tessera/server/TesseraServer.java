package io.tessera.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.tessera.segment.rule.RuleSyntaxException;
import io.tessera.server.api.ApiRoutes;
import io.tessera.server.api.Endpoint;
import io.tessera.server.api.OpenApi;
import io.tessera.server.auth.ApiKeys;
import io.tessera.server.auth.AuditLog;
import io.tessera.server.auth.Principal;
import io.tessera.server.auth.RateLimiter;
import io.tessera.server.auth.Role;
import io.tessera.server.auth.StreamTokens;
import io.tessera.server.collect.CollectRoutes;
import io.tessera.server.hook.Deliverer;
import io.tessera.server.hook.Webhooks;
import io.tessera.server.http.ApiException;
import io.tessera.server.http.Json;
import io.tessera.server.http.RequestBody;
import io.tessera.server.live.LiveEngine;
import io.tessera.server.live.WriterStats;
import io.tessera.store.Db;
import io.tessera.store.Store;
import io.tessera.store.live.AccessTables;
import io.tessera.store.live.LiveQueries;
import io.tessera.store.live.LiveSchema;
import io.tessera.store.live.WebhookTables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The live server: the store, the engine, the deliverer and the HTTP app over them. {@link
 * #start(Options)} builds exactly what {@code tessera serve} runs, so tests start the real thing on
 * a random port.
 */
public final class TesseraServer implements AutoCloseable {

  /**
   * Server settings.
   *
   * @param store the DuckDB file (created when absent)
   * @param host the interface to listen on
   * @param port the port (0 = any free port)
   * @param engine the live engine's settings
   * @param webhooks retry settings of webhook deliveries
   * @param apiRate requests per second per API key (bursts of twice that)
   * @param collectRate requests per second per write key (bursts of twice that)
   * @param maxApiBody bytes per API request body
   * @param maxMessageBody bytes per single collect call (Segment's limit: 32 KB)
   * @param maxBatchBody bytes per collect batch (Segment's limit: 500 KB)
   * @param adminKey an admin key to register when the store has none (null: generate one)
   * @param writeKey a write key to register when the store has none (null: generate one)
   */
  public record Options(
      Path store,
      String host,
      int port,
      LiveEngine.Options engine,
      Deliverer.Options webhooks,
      double apiRate,
      double collectRate,
      int maxApiBody,
      int maxMessageBody,
      int maxBatchBody,
      String adminKey,
      String writeKey) {

    public static Options defaults(Path store) {
      return new Options(
          store,
          "127.0.0.1",
          8080,
          LiveEngine.Options.defaults(),
          Deliverer.Options.defaults(),
          50,
          5_000,
          64 * 1024,
          32 * 1024,
          500 * 1024,
          null,
          null);
    }

    public Options withPort(int p) {
      return new Options(
          store,
          host,
          p,
          engine,
          webhooks,
          apiRate,
          collectRate,
          maxApiBody,
          maxMessageBody,
          maxBatchBody,
          adminKey,
          writeKey);
    }

    public Options withHost(String h) {
      return new Options(
          store,
          h,
          port,
          engine,
          webhooks,
          apiRate,
          collectRate,
          maxApiBody,
          maxMessageBody,
          maxBatchBody,
          adminKey,
          writeKey);
    }

    public Options withEngine(LiveEngine.Options e) {
      return new Options(
          store,
          host,
          port,
          e,
          webhooks,
          apiRate,
          collectRate,
          maxApiBody,
          maxMessageBody,
          maxBatchBody,
          adminKey,
          writeKey);
    }

    public Options withWebhooks(Deliverer.Options w) {
      return new Options(
          store,
          host,
          port,
          engine,
          w,
          apiRate,
          collectRate,
          maxApiBody,
          maxMessageBody,
          maxBatchBody,
          adminKey,
          writeKey);
    }

    public Options withRates(double api, double collect) {
      return new Options(
          store,
          host,
          port,
          engine,
          webhooks,
          api,
          collect,
          maxApiBody,
          maxMessageBody,
          maxBatchBody,
          adminKey,
          writeKey);
    }

    public Options withKeys(String admin, String write) {
      return new Options(
          store,
          host,
          port,
          engine,
          webhooks,
          apiRate,
          collectRate,
          maxApiBody,
          maxMessageBody,
          maxBatchBody,
          admin,
          write);
    }
  }

  private final Store store;
  private final Db db;
  private final LiveEngine engine;
  private final Deliverer deliverer;
  private final io.tessera.server.runs.BatchRuns runs;
  private final io.tessera.server.score.CustomerScores scores;
  private final io.tessera.server.feed.ChangeStream changeStream;
  private final Javalin app;
  private final List<String> createdKeys = new ArrayList<>();
  private final List<Endpoint> endpoints = new ArrayList<>();
  private final io.tessera.server.identity.IdentityLinks identityLinks;

  private TesseraServer(Options options, Clock clock) {
    this.store = Store.open(options.store());
    try {
      LiveSchema.create(store);
    } catch (RuntimeException e) {
      store.close();
      throw new IllegalStateException("cannot prepare the store: " + e.getMessage(), e);
    }
    this.db = new Db(store);
    AccessTables access = new AccessTables(db);
    ApiKeys keys = new ApiKeys(access, clock);
    bootstrap(keys, options);
    Webhooks webhooks =
        new Webhooks(
            new WebhookTables(db),
            clock,
            new io.tessera.server.hook.WebhookTargets(options.webhooks().allowHosts()));
    this.engine = new LiveEngine(store, withStoreKey(options.engine(), access), clock, webhooks);
    // the engine acknowledges writes once they are in its log and stores them behind it: reads
    // through this connection wait for them, audited reads are logged by the engine
    db.fence(engine::awaitStored);
    AuditLog audit = new AuditLog(access, clock, engine::audit);
    this.deliverer = new Deliverer(webhooks, options.webhooks(), clock);
    engine.onDeliveries(deliverer::enqueue);
    LiveQueries liveQueries = new LiveQueries(db);
    this.changeStream = new io.tessera.server.feed.ChangeStream(liveQueries);
    engine.onChanges(changeStream::publish);
    Path storeFile = options.store().toAbsolutePath();
    this.scores =
        new io.tessera.server.score.CustomerScores(db, options.engine().settings(), clock);
    scores.ordersFence(engine::awaitOrdersStored);
    this.runs =
        new io.tessera.server.runs.BatchRuns(
            storeFile.resolveSibling(storeFile.getFileName() + ".runs"),
            store,
            engine,
            db,
            scores,
            clock);
    StreamTokens streamTokens = new StreamTokens(keys, clock);
    this.identityLinks =
        new io.tessera.server.identity.IdentityLinks(
            store, io.tessera.identity.IdentityOptions.defaults(), clock, engine);

    registerEndpoints(clock, liveQueries, keys, audit, webhooks, streamTokens, storeFile);

    this.app = app(options, keys, streamTokens);
  }

  /** Registers every endpoint: health, the OpenAPI document, collect, API, recommend, identity. */
  private void registerEndpoints(
      Clock clock,
      LiveQueries liveQueries,
      ApiKeys keys,
      AuditLog audit,
      Webhooks webhooks,
      StreamTokens streamTokens,
      Path storeFile) {
    endpoints.add(
        new Endpoint(
            "GET",
            "/health",
            "Liveness and counts",
            java.util.Set.of(),
            "health",
            200,
            (ctx, who) -> health(ctx)));
    endpoints.add(
        new Endpoint(
            "GET",
            "/openapi.json",
            "This document",
            java.util.Set.of(),
            "health",
            200,
            (ctx, who) -> ctx.json(OpenApi.document(endpoints, "1"))));
    endpoints.addAll(new CollectRoutes(engine, clock).endpoints());
    endpoints.addAll(
        ApiRoutes.endpoints(
            new ApiRoutes.Services(
                engine,
                liveQueries,
                keys,
                audit,
                webhooks,
                runs,
                scores,
                changeStream,
                streamTokens)));
    endpoints.addAll(
        new io.tessera.server.recommend.RecommendRoutes(engine, db, audit, scores).endpoints());
    endpoints.addAll(
        new io.tessera.server.identity.IdentityRoutes(identityLinks, audit).endpoints());
  }

  /**
   * The HTTP app: the dashboard's files and every endpoint behind its key, role and rate checks.
   */
  private Javalin app(Options options, ApiKeys keys, StreamTokens streamTokens) {
    RateLimiter apiLimit = new RateLimiter(options.apiRate(), Math.max(1, options.apiRate() * 2));
    RateLimiter collectLimit =
        new RateLimiter(options.collectRate(), Math.max(1, options.collectRate() * 2));
    return Javalin.create(
        config -> {
          config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
          config.http.maxRequestSize = Math.max(options.maxBatchBody(), options.maxApiBody());
          config.startup.showJavalinBanner = false;
          config.jetty.host = options.host();
          config.jetty.port = options.port();
          config.staticFiles.enableWebjars();
          config.staticFiles.add(
              s -> {
                s.hostedPath = "/dashboard";
                s.directory = "/io/tessera/server/dashboard";
                s.location = io.javalin.http.staticfiles.Location.CLASSPATH;
              });
          config.routes.before(ctx -> limitSize(ctx, options));
          for (Endpoint e : endpoints) {
            config.routes.addHttpHandler(
                HandlerType.findOrCreate(e.method()),
                e.path(),
                ctx ->
                    guard(
                        ctx,
                        e,
                        keys,
                        streamTokens,
                        e.roles().contains(Role.SOURCE) ? collectLimit : apiLimit));
          }
          config.routes.get("/", ctx -> ctx.redirect("/dashboard/index.html"));
          config.routes.exception(Exception.class, TesseraServer::error);
          config.routes.error(404, TesseraServer::notFound);
          config.routes.error(
              405,
              ctx ->
                  ctx.json(
                      Map.of(
                          "code",
                          "method_not_allowed",
                          "message",
                          ctx.method() + " is not allowed on " + ctx.path())));
        });
  }

  /** A 404 without a JSON body (no route matched) gets one. */
  private static void notFound(Context ctx) {
    String type = ctx.res().getContentType();
    if (type == null || !type.contains("json")) {
      ctx.json(
          Map.of(
              "code", "not_found", "message", "no such path: " + ctx.method() + " " + ctx.path()));
    }
  }

  /** Opens the store, loads the state and starts listening. */
  public static TesseraServer start(Options options) {
    return start(options, Clock.systemUTC());
  }

  public static TesseraServer start(Options options, Clock clock) {
    TesseraServer s = new TesseraServer(options, clock);
    s.engine.start();
    s.identityLinks.graph(); // the live profiles start merged as the store's resolution says
    s.deliverer.start();
    s.app.start();
    return s;
  }

  public int port() {
    return app.port();
  }

  /**
   * The engine's settings with a pseudonymisation key: when none was configured (config or
   * environment), a random one generated on the store's first start and kept in it, so that an id
   * or trait holding an email is stored as the same pseudonym across restarts. Such a key keeps
   * contact details out of the API and the exports but is as safe as the store file; configure the
   * batch run's key to make live and batch pseudonyms of one person equal.
   */
  private static LiveEngine.Options withStoreKey(LiveEngine.Options o, AccessTables access) {
    if (o.privacy().mode() != io.tessera.privacy.PersonalData.Mode.DROP) {
      return o;
    }
    String key =
        access.pseudonymKey(
            () -> {
              byte[] b = new byte[32];
              new java.security.SecureRandom().nextBytes(b);
              return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            });
    return o.withPrivacy(o.privacy().withPseudonymizer(new io.tessera.privacy.Pseudonymizer(key)));
  }

  public LiveEngine engine() {
    return engine;
  }

  /** Batch runs over the store (the pipeline, in process). */
  public io.tessera.server.runs.BatchRuns runs() {
    return runs;
  }

  /** The customers' scores of the last batch run and the live lifetime value. */
  public io.tessera.server.score.CustomerScores scores() {
    return scores;
  }

  /** The endpoint table (routes, roles, OpenAPI). */
  public List<Endpoint> endpoints() {
    return List.copyOf(endpoints);
  }

  /** Keys created at this start because the store had none: "role key" lines, shown once. */
  public List<String> createdKeys() {
    return List.copyOf(createdKeys);
  }

  private void bootstrap(ApiKeys keys, Options o) {
    if (!keys.hasActive(Role.ADMIN)) {
      ApiKeys.NewKey k =
          o.adminKey() == null
              ? keys.create("bootstrap admin", Role.ADMIN)
              : keys.add("bootstrap admin", Role.ADMIN, o.adminKey());
      createdKeys.add("admin " + k.key());
    }
    if (!keys.hasActive(Role.SOURCE)) {
      ApiKeys.NewKey k =
          o.writeKey() == null
              ? keys.create("default source", Role.SOURCE)
              : keys.add("default source", Role.SOURCE, o.writeKey());
      createdKeys.add("write " + k.key());
    }
  }

  private void health(Context ctx) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", engine.healthy() ? "ok" : "failing");
    out.put("events", engine.eventCount());
    out.put("customers", engine.customerCount());
    out.put("queue", engine.queueLength());
    out.put("dead_letters", engine.deadLetters());
    out.put("rfm_model", engine.rfmModel() != null);
    WriterStats w = engine.writerStats();
    Map<String, Object> writer = new LinkedHashMap<>();
    writer.put("groups", w.groups());
    writer.put("messages", w.messages());
    writer.put("wait_ms", w.waitNanos() / 1e6);
    writer.put("max_wait_ms", w.maxWaitNanos() / 1e6);
    writer.put("fold_ms", w.foldNanos() / 1e6);
    writer.put("write_ms", w.writeNanos() / 1e6);
    writer.put("commit_ms", w.commitNanos() / 1e6);
    out.put("writer", writer);
    var c = engine.checkpointFigures();
    Map<String, Object> checkpoints = new LinkedHashMap<>();
    checkpoints.put("count", c.count());
    checkpoints.put("total_ms", c.totalNanos() / 1e6);
    checkpoints.put("longest_ms", c.longestNanos() / 1e6);
    out.put("checkpoints", checkpoints);
    long[] st = engine.storeFigures();
    Map<String, Object> stored = new LinkedHashMap<>();
    stored.put("behind", st[0]);
    stored.put("writes", st[1]);
    stored.put("total_ms", st[2] / 1e6);
    stored.put("longest_ms", st[3] / 1e6);
    out.put("store_writes", stored);
    out.put("change_streams", changeStream.subscribers());
    var scored = scores.current();
    out.put("scores_run", scored == null ? null : scored.runId());
    ctx.status(engine.healthy() ? 200 : 503).json(out);
  }

  private static void limitSize(Context ctx, Options o) {
    String path = ctx.path();
    int limit =
        path.equals("/v1/batch")
            ? o.maxBatchBody()
            : path.startsWith("/v1/") ? o.maxMessageBody() : o.maxApiBody();
    long length = ctx.contentLength();
    if (length > limit) {
      throw new ApiException(
          413,
          "too_large",
          "the body has " + length + " bytes; this endpoint takes at most " + limit);
    }
    // a body without a length (Transfer-Encoding: chunked) is counted as it is read
    ctx.attribute(RequestBody.LIMIT, limit);
  }

  private static void guard(
      Context ctx, Endpoint e, ApiKeys keys, StreamTokens tokens, RateLimiter limiter)
      throws Exception {
    if (e.isPublic()) {
      e.handler().handle(ctx, null);
      return;
    }
    String key = presentedKey(ctx);
    if (key == null && e.streamToken() && ctx.queryParam("token") != null) {
      Principal who =
          tokens
              .resolve(ctx.queryParam("token"))
              .orElseThrow(
                  () ->
                      new ApiException(
                          401,
                          "unauthenticated",
                          "the stream token is unknown or expired (tokens last "
                              + StreamTokens.TTL.toSeconds()
                              + " s); get a new one with POST /api/v1/stream-tokens"));
      authorized(ctx, e, who, limiter);
      return;
    }
    if (key == null) {
      ctx.header(
          "WWW-Authenticate",
          e.roles().contains(Role.SOURCE) ? "Basic realm=\"tessera\"" : "Bearer");
      throw new ApiException(
          401,
          "unauthenticated",
          e.roles().contains(Role.SOURCE)
              ? "send the write key as the HTTP basic user name (Authorization: Basic base64(key +"
                  + " ':'))"
              : "send an API key as Authorization: Bearer <key>");
    }
    Principal who =
        keys.authenticate(key)
            .orElseThrow(
                () -> new ApiException(401, "unauthenticated", "the key is unknown or revoked"));
    authorized(ctx, e, who, limiter);
  }

  private static void authorized(Context ctx, Endpoint e, Principal who, RateLimiter limiter)
      throws Exception {
    boolean allowed =
        e.roles().contains(who.role())
            || (who.role() == Role.ADMIN && e.roles().contains(Role.SOURCE));
    if (!allowed) {
      throw new ApiException(
          403,
          "forbidden",
          "a " + who.role().wireName() + " key may not " + e.method() + " " + e.path());
    }
    if (!limiter.tryAcquire(who.keyId())) {
      ctx.header("Retry-After", Long.toString(limiter.retryAfterSeconds()));
      throw new ApiException(
          429, "rate_limited", "too many requests for key " + who.keyId() + "; slow down");
    }
    e.handler().handle(ctx, who);
  }

  private static String presentedKey(Context ctx) {
    String h = ctx.header("Authorization");
    if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return h.substring(7).strip();
    }
    if (h != null && h.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded =
            new String(Base64.getDecoder().decode(h.substring(6).strip()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? decoded : decoded.substring(0, colon);
      } catch (IllegalArgumentException ex) {
        return null;
      }
    }
    return ctx.header("X-Api-Key");
  }

  private static void error(Exception ex, Context ctx) {
    Throwable e = ex;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    if (e instanceof ApiException a) {
      ctx.status(a.status());
      if (a.status() == 413) {
        // the rest of the body is left unread: close the connection, so that a client does not
        // send its next request on a connection the server is about to drop
        ctx.header("Connection", "close");
      }
      body.put("code", a.code());
      body.put("message", a.getMessage());
      if (a.reason() != null) {
        body.put("reason", a.reason());
        body.put("field", a.field());
      }
    } else if (e instanceof RuleSyntaxException r) {
      ctx.status(400);
      body.put("code", "invalid_rule");
      body.put("message", r.getMessage());
      body.put("position", r.position());
      body.put("expected", r.expected());
    } else if (e instanceof IllegalArgumentException i) {
      ctx.status(400);
      body.put("code", "bad_request");
      body.put("message", i.getMessage());
    } else if (e.getClass().getSimpleName().equals("ContentTooLargeResponse")
        || e.getClass().getName().contains("TooLarge")) {
      ctx.status(413);
      ctx.header("Connection", "close");
      body.put("code", "too_large");
      body.put("message", "the body is larger than this endpoint takes");
    } else {
      System.err.println("tessera serve: unexpected error on " + ctx.method() + " " + ctx.path());
      e.printStackTrace();
      ctx.status(500);
      body.put("code", "internal");
      body.put("message", "unexpected error; the server log has the details");
    }
    ctx.json(body);
  }

  /** Stops listening, finishes queued work and closes the store. */
  @Override
  public void close() {
    changeStream.close();
    app.stop();
    runs.close();
    deliverer.close();
    engine.close();
    db.close();
    store.close();
  }

  /** How long a shutdown may wait for the writer (for the CLI's message). */
  public static Duration shutdownWait() {
    return Duration.ofSeconds(10);
  }
}
