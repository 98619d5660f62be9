package io.tessera.server.hook;

import io.tessera.server.Db;
import io.tessera.server.live.MembershipChange;
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

  private final Db db;
  private final Clock clock;
  private final Map<String, Webhook> byId = new ConcurrentHashMap<>();
  private final WebhookTargets targets;

  /** Webhooks that may post to public addresses only. */
  public Webhooks(Db db, Clock clock) {
    this(db, clock, WebhookTargets.strict());
  }

  /** Webhooks whose targets are checked by {@code targets} (at registration and delivery). */
  public Webhooks(Db db, Clock clock, WebhookTargets targets) {
    this.db = db;
    this.clock = clock;
    this.targets = targets;
    for (Webhook w :
        db.query(
            "SELECT id, url, secret, triggers, segment_id, created_at FROM webhooks WHERE"
                + " deleted_at IS NULL",
            r ->
                new Webhook(
                    r.getString(1),
                    r.getString(2),
                    r.getString(3),
                    new LinkedHashSet<>(Arrays.asList(r.getString(4).split(","))),
                    r.getString(5),
                    Db.instant(r, 6)))) {
      byId.put(w.id(), w);
    }
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
    db.update(
        "INSERT INTO webhooks VALUES (?, ?, ?, ?, ?, ?, NULL)",
        w.id(),
        w.url(),
        w.secret(),
        String.join(",", w.triggers()),
        w.segmentId(),
        w.createdAt());
    byId.put(w.id(), w);
    return w;
  }

  public boolean delete(String id) {
    if (byId.remove(id) == null) {
      return false;
    }
    db.update("UPDATE webhooks SET deleted_at = ? WHERE id = ?", clock.instant(), id);
    return true;
  }

  public List<Webhook> all() {
    return byId.values().stream().sorted((a, b) -> a.createdAt().compareTo(b.createdAt())).toList();
  }

  public Optional<Webhook> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The deliveries a batch of changes raises, one per change and interested webhook. */
  public List<Delivery> deliveriesFor(List<MembershipChange> changes, Instant now) {
    if (byId.isEmpty() || changes.isEmpty()) {
      return List.of();
    }
    List<Delivery> out = new ArrayList<>();
    for (MembershipChange c : changes) {
      for (Webhook w : byId.values()) {
        if (w.wants(c.trigger(), c.segmentId())) {
          String id = "dlv_" + UUID.randomUUID();
          String payload = payload(id, w, c);
          out.add(new Delivery(id, w.id(), c.trigger(), payload, now));
        }
      }
    }
    return out;
  }

  private static String payload(String deliveryId, Webhook w, MembershipChange c) {
    var node = io.tessera.server.Json.MAPPER.createObjectNode();
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
