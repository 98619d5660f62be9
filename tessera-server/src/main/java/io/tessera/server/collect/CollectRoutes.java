package io.tessera.server.collect;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.tessera.ingest.FieldParser;
import io.tessera.server.api.Endpoint;
import io.tessera.server.auth.Role;
import io.tessera.server.http.ApiException;
import io.tessera.server.http.RequestBody;
import io.tessera.server.live.LiveEngine;
import io.tessera.server.message.SegmentMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Segment-compatible endpoints. Each answers {@code {"success": true, "accepted": n,
 * "duplicates": d}} once the messages are durable; a message with a messageId already stored is
 * counted as a duplicate and not stored again. A batch is all-or-nothing: one invalid message
 * rejects it with 400 naming the message ({@code batch[3].timestamp ...}), the field and the reason
 * a batch file's row with the same value is quarantined for (the rules are core's {@link
 * io.tessera.ingest.RecordRules}); an order id already accepted under another messageId is refused
 * as {@code duplicate_id}.
 */
public final class CollectRoutes {
  /** Most messages in one batch (Segment's HTTP API allows 500 KB per batch, 32 KB per message). */
  public static final int MAX_BATCH = 2_500;

  private final LiveEngine engine;
  private final Clock clock;

  public CollectRoutes(LiveEngine engine, Clock clock) {
    this.engine = engine;
    this.clock = clock;
  }

  public List<Endpoint> endpoints() {
    List<Endpoint> out = new ArrayList<>();
    for (String type : List.of("track", "identify", "page", "screen", "alias")) {
      out.add(
          new Endpoint(
              "POST",
              "/v1/" + type,
              "Segment " + type + " call",
              Set.of(Role.SOURCE),
              "collect",
              200,
              (ctx, who) -> single(ctx, type)));
    }
    out.add(
        new Endpoint(
            "POST",
            "/v1/batch",
            "Segment batch call: {\"batch\": [messages]}",
            Set.of(Role.SOURCE),
            "collect",
            200,
            (ctx, who) -> batch(ctx)));
    return out;
  }

  private void single(Context ctx, String type) {
    JsonNode body = parse(ctx);
    FieldParser time = parser();
    submit(ctx, List.of(validate(body, type, "message", time)), false);
  }

  /** The batch rules' timestamp parser on the receiving clock and the profiles' zone. */
  private FieldParser parser() {
    return new FieldParser(engine.options().settings().zone(), clock.instant());
  }

  private void batch(Context ctx) {
    JsonNode body = parse(ctx);
    JsonNode batch = body.get("batch");
    if (batch == null || !batch.isArray()) {
      throw ApiException.badRequest("invalid_message", "batch must be an array of messages");
    }
    if (batch.size() > MAX_BATCH) {
      throw new ApiException(
          413, "too_large", "a batch holds at most " + MAX_BATCH + " messages; split it");
    }
    JsonNode shared = body.get("context");
    FieldParser time = parser();
    List<SegmentMessage> messages = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      JsonNode m = batch.get(i);
      if (shared != null && shared.isObject() && m.isObject() && !m.has("context")) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) m).set("context", shared);
      }
      messages.add(validate(m, null, "batch[" + i + "]", time));
    }
    submit(ctx, messages, true);
  }

  private SegmentMessage validate(JsonNode node, String type, String where, FieldParser time) {
    SegmentMessage m = SegmentMessage.read(node, type, where, time);
    if (m.userId() != null) {
      try {
        io.tessera.contract.CustomerId.of(m.userId());
      } catch (IllegalArgumentException e) {
        throw SegmentMessage.invalid(where + ".userId", e.getMessage());
      }
    }
    // amounts, products and currency are checked when the engine converts the message to its
    // records (LiveEngine.ingest, once, after the personal-data filter), before it is queued
    return m;
  }

  private void submit(Context ctx, List<SegmentMessage> messages, boolean batch) {
    ctx.future(
        () ->
            engine
                .ingest(messages, batch)
                .thenAccept(
                    r ->
                        ctx.json(
                            Map.of(
                                "success", true,
                                "accepted", r.accepted(),
                                "duplicates", r.duplicates()))));
  }

  private static JsonNode parse(Context ctx) {
    return RequestBody.object(ctx);
  }
}
