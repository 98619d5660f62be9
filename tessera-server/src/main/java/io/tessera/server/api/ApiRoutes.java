package io.tessera.server.api;

import io.tessera.server.auth.ApiKeys;
import io.tessera.server.auth.AuditLog;
import io.tessera.server.auth.StreamTokens;
import io.tessera.server.feed.ChangeStream;
import io.tessera.server.hook.Webhooks;
import io.tessera.server.live.LiveEngine;
import io.tessera.server.runs.BatchRuns;
import io.tessera.server.score.CustomerScores;
import io.tessera.store.live.LiveQueries;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST API under {@code /api/v1}: the registry of its features, one routes class each
 * (customers, segments, rules, changes, runs, webhooks, keys and audit), in the order the endpoint
 * table (and so the OpenAPI document) lists them.
 */
public final class ApiRoutes {
  /**
   * What the API serves.
   *
   * @param live the API's reads of the live tables (change log, traits)
   * @param scores the last batch run's scores and the live lifetime value, or null (not served)
   * @param changeStream the pushed change feed, or null (not served, nor its stream tokens)
   */
  public record Services(
      LiveEngine engine,
      LiveQueries live,
      ApiKeys keys,
      AuditLog audit,
      Webhooks webhooks,
      BatchRuns runs,
      CustomerScores scores,
      ChangeStream changeStream,
      StreamTokens streamTokens) {}

  private ApiRoutes() {}

  /** Every endpoint of the API. */
  public static List<Endpoint> endpoints(Services s) {
    String v = "/api/v1";
    List<Endpoint> out = new ArrayList<>();
    out.addAll(new CustomerRoutes(s.engine(), s.live(), s.audit(), s.scores()).endpoints(v));
    out.addAll(new SegmentRoutes(s.engine(), s.live()).endpoints(v));
    out.addAll(new RuleRoutes(s.engine()).endpoints(v));
    out.addAll(
        new ChangeRoutes(s.live(), s.audit(), s.changeStream(), s.streamTokens()).endpoints(v));
    out.addAll(new RunRoutes(s.engine(), s.runs()).endpoints(v));
    out.addAll(new WebhookRoutes(s.engine(), s.webhooks()).endpoints(v));
    out.addAll(new KeyRoutes(s.keys(), s.audit()).endpoints(v));
    return List.copyOf(out);
  }
}
