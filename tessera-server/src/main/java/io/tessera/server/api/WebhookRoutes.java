package io.tessera.server.api;

import static io.tessera.server.api.Requests.body;
import static io.tessera.server.api.Requests.readTree;
import static io.tessera.server.api.Requests.requireText;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.tessera.server.auth.Principal;
import io.tessera.server.auth.Role;
import io.tessera.server.hook.Webhook;
import io.tessera.server.hook.Webhooks;
import io.tessera.server.http.ApiException;
import io.tessera.server.live.LiveEngine;
import io.tessera.store.live.WebhookTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Webhooks: register, list and remove receivers; a receiver's deliveries and their attempts. */
final class WebhookRoutes {
  private static final Set<Role> ADMIN = Set.of(Role.ADMIN);

  private final LiveEngine engine;
  private final Webhooks webhooks;

  WebhookRoutes(LiveEngine engine, Webhooks webhooks) {
    this.engine = engine;
    this.webhooks = webhooks;
  }

  List<Endpoint> endpoints(String v) {
    return List.of(
        new Endpoint(
            "GET", v + "/webhooks", "The registered webhooks", ADMIN, "webhooks", 200, this::list),
        new Endpoint(
            "POST",
            v + "/webhooks",
            "Registers a webhook {url, triggers, segment_id?, secret?}",
            ADMIN,
            "webhooks",
            201,
            this::create),
        new Endpoint(
            "DELETE",
            v + "/webhooks/{id}",
            "Removes a webhook",
            ADMIN,
            "webhooks",
            204,
            this::delete),
        new Endpoint(
            "GET",
            v + "/webhooks/{id}/deliveries",
            "A webhook's deliveries and their attempts",
            Set.of(Role.ADMIN, Role.MARKETER),
            "webhooks",
            200,
            this::deliveries));
  }

  private void list(Context ctx, Principal who) {
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

  private void create(Context ctx, Principal who) {
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

  private void delete(Context ctx, Principal who) {
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
    int limit = Requests.intParam(ctx, "limit", 100, 1, 1000);
    List<Map<String, Object>> out = new ArrayList<>();
    for (WebhookTables.DeliveryLog d : webhooks.tables().deliveries(id, limit)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("delivery_id", d.deliveryId());
      m.put("trigger", d.trigger());
      m.put("payload", readTree(d.payload()));
      m.put("created_at", d.createdAt().toString());
      m.put("state", d.state());
      m.put("attempts", d.attempts());
      m.put("next_attempt_at", d.nextAttemptAt() == null ? null : d.nextAttemptAt().toString());
      List<Map<String, Object>> log = new ArrayList<>();
      for (WebhookTables.Attempt a : d.attemptLog()) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("attempt", a.attempt());
        x.put("at", a.at().toString());
        x.put("status_code", a.statusCode());
        x.put("error", a.error());
        x.put("duration_ms", a.durationMs());
        log.add(x);
      }
      m.put("attempt_log", log);
      out.add(m);
    }
    ctx.json(Map.of("webhook_id", id, "deliveries", out));
  }
}
