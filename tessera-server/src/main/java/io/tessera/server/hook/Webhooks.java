package io.tessera.server.hook;

import io.tessera.server.http.Json;
import io.tessera.store.live.MembershipChange;
import io.tessera.store.live.WebhookDelivery;
import io.tessera.store.live.WebhookTables;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The registered webhooks (kept in the store, cached in memory) and the deliveries they want. */
public final class Webhooks {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final WebhookTables tables;
  private final Clock clock;
  private final Map<String, Webhook> byId = new ConcurrentHashMap<>();
  private final WebhookTargets targets;

  /** Webhooks that may post to public addresses only. */
  public Webhooks(WebhookTables tables, Clock clock) {
    this(tables, clock, WebhookTargets.strict());
  }

  /** Webhooks whose targets are checked by {@code targets} (at registration and delivery). */
  public Webhooks(WebhookTables tables, Clock clock, WebhookTargets targets) {
    this.tables = tables;
    this.clock = clock;
    this.targets = targets;
    for (WebhookTables.StoredWebhook r : tables.activeWebhooks()) {
      Webhook w =
          new Webhook(
              r.id(),
              r.url(),
              r.secret(),
              new LinkedHashSet<>(Arrays.asList(r.triggers().split(","))),
              r.segmentId(),
              r.createdAt());
      byId.put(w.id(), w);
    }
  }

  /** The tables of webhooks and their deliveries. */
  public WebhookTables tables() {
    return tables;
  }

  /** Where webhooks may post. */
  public WebhookTargets targets() {
    return targets;
  }

  /**
   * Registers a receiver; the secret is generated when not given (and returned once).
   *
   * @throws IllegalArgumentException naming the problem, e.g. a url that resolves to a private
   *     address
   */
  public Webhook create(String url, List<String> triggers, String segmentId, String secret) {
    if (url != null) {
      targets.check(url);
    }
    String s = secret;
    if (s == null || s.isBlank()) {
      byte[] b = new byte[24];
      RANDOM.nextBytes(b);
      s = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
    Webhook w =
        new Webhook(
            "wh_" + UUID.randomUUID().toString().substring(0, 8),
            url,
            s,
            new LinkedHashSet<>(triggers == null ? List.of() : triggers),
            segmentId,
            clock.instant());
    tables.addWebhook(
        new WebhookTables.StoredWebhook(
            w.id(),
            w.url(),
            w.secret(),
            String.join(",", w.triggers()),
            w.segmentId(),
            w.createdAt()));
    byId.put(w.id(), w);
    return w;
  }

  public boolean delete(String id) {
    if (byId.remove(id) == null) {
      return false;
    }
    tables.deleteWebhook(id, clock.instant());
    return true;
  }

  public List<Webhook> all() {
    return byId.values().stream().sorted((a, b) -> a.createdAt().compareTo(b.createdAt())).toList();
  }

  public Optional<Webhook> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The deliveries a batch of changes raises, one per change and interested webhook. */
  public List<WebhookDelivery> deliveriesFor(List<MembershipChange> changes, Instant now) {
    if (byId.isEmpty() || changes.isEmpty()) {
      return List.of();
    }
    List<WebhookDelivery> out = new ArrayList<>();
    for (MembershipChange c : changes) {
      for (Webhook w : byId.values()) {
        if (w.wants(c.trigger(), c.segmentId())) {
          String id = "dlv_" + UUID.randomUUID();
          String payload = payload(id, w, c);
          out.add(new WebhookDelivery(id, w.id(), c.trigger(), payload, now));
        }
      }
    }
    return out;
  }

  private static String payload(String deliveryId, Webhook w, MembershipChange c) {
    var node = Json.MAPPER.createObjectNode();
    node.put("format_version", 1);
    node.put("delivery_id", deliveryId);
    node.put("webhook_id", w.id());
    node.put("trigger", c.trigger());
    node.put("customer_id", c.customerId());
    if (!c.segmentId().startsWith("trigger:")) {
      node.put("segment_id", c.segmentId());
    }
    node.put("at", c.at().toString());
    node.put("cause", c.cause());
    node.put("cause_event_id", c.causeEventId());
    node.put("change_seq", c.seq());
    return node.toString();
  }
}
