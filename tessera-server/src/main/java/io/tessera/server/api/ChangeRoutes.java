package io.tessera.server.api;

import io.javalin.http.Context;
import io.tessera.server.auth.AuditLog;
import io.tessera.server.auth.Principal;
import io.tessera.server.auth.Role;
import io.tessera.server.auth.StreamTokens;
import io.tessera.server.feed.ChangeStream;
import io.tessera.store.live.LiveQueries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The membership change feed: pages of the log, and (when a stream is served) the pushed stream and
 * the short-lived tokens that open it from a browser. The feed names customers: reads are audited.
 */
final class ChangeRoutes {
  private final LiveQueries live;
  private final AuditLog audit;
  private final ChangeStream changeStream;
  private final StreamTokens streamTokens;

  ChangeRoutes(
      LiveQueries live, AuditLog audit, ChangeStream changeStream, StreamTokens streamTokens) {
    this.live = live;
    this.audit = audit;
    this.changeStream = changeStream;
    this.streamTokens = streamTokens;
  }

  List<Endpoint> endpoints(String v) {
    List<Endpoint> out = new ArrayList<>();
    out.add(
        new Endpoint(
            "GET",
            v + "/changes",
            "The membership change feed after ?after=<seq>",
            Role.CUSTOMER_READERS,
            "changes",
            200,
            this::changes));
    if (changeStream == null) {
      return out;
    }
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
    return out;
  }

  private void changes(Context ctx, Principal who) {
    long after = ctx.queryParam("after") == null ? 0 : Requests.longParam(ctx, "after");
    int limit = Requests.intParam(ctx, "limit", 100, 1, 1000);
    // the feed names customers and their segments: each read is audited (no one customer)
    audit.record(who, "changes.read", null);
    List<Map<String, Object>> rows =
        live.changesAfter(after, limit).stream().map(ChangeStream::json).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("changes", rows);
    out.put("next_after", rows.isEmpty() ? after : rows.get(rows.size() - 1).get("seq"));
    ctx.json(out);
  }

  private void streamToken(Context ctx, Principal who) {
    StreamTokens.Token t = streamTokens.issue(who);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("token", t.token());
    out.put("expires_at", t.expiresAt().toString());
    out.put("stream", "/api/v1/changes/stream?token=" + t.token());
    ctx.status(201).json(out);
  }
}
