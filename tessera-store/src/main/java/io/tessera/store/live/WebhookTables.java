package io.tessera.store.live;

import io.tessera.store.Db;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Registered webhooks, their deliveries and every delivery attempt. */
public final class WebhookTables {
  /**
   * A webhook as stored.
   *
   * @param triggers comma-separated
   */
  public record StoredWebhook(
      String id, String url, String secret, String triggers, String segmentId, Instant createdAt) {}

  /** A delivery still to post, with the attempts made so far. */
  public record PendingDelivery(WebhookDelivery delivery, int attempts) {}

  /** One attempt to post a delivery. */
  public record Attempt(
      int attempt, Instant at, Integer statusCode, String error, long durationMs) {}

  /** A delivery as listed, with its attempts. */
  public record DeliveryLog(
      String deliveryId,
      String trigger,
      String payload,
      Instant createdAt,
      String state,
      int attempts,
      Instant nextAttemptAt,
      List<Attempt> attemptLog) {}

  private final Db db;

  public WebhookTables(Db db) {
    this.db = db;
  }

  /** The webhooks not deleted. */
  public List<StoredWebhook> activeWebhooks() {
    return db.query(
        "SELECT id, url, secret, triggers, segment_id, created_at FROM webhooks WHERE"
            + " deleted_at IS NULL",
        r ->
            new StoredWebhook(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                Db.instant(r, 6)));
  }

  public void addWebhook(StoredWebhook w) {
    db.update(
        "INSERT INTO webhooks VALUES (?, ?, ?, ?, ?, ?, NULL)",
        w.id(),
        w.url(),
        w.secret(),
        w.triggers(),
        w.segmentId(),
        w.createdAt());
  }

  public void deleteWebhook(String id, Instant at) {
    db.update("UPDATE webhooks SET deleted_at = ? WHERE id = ?", at, id);
  }

  /** The deliveries not yet delivered, failed or cancelled (they survive a restart). */
  public List<PendingDelivery> pendingDeliveries() {
    return db.query(
        "SELECT delivery_id, webhook_id, trigger, payload, created_at, attempts FROM"
            + " webhook_deliveries WHERE state = 'pending'",
        r ->
            new PendingDelivery(
                new WebhookDelivery(
                    r.getString(1),
                    r.getString(2),
                    r.getString(3),
                    r.getString(4),
                    Db.instant(r, 5)),
                r.getInt(6)));
  }

  /** The delivery's webhook is gone: it will not be posted. */
  public void cancelDelivery(String deliveryId) {
    db.update(
        "UPDATE webhook_deliveries SET state = 'cancelled' WHERE delivery_id = ?", deliveryId);
  }

  public void recordAttempt(String deliveryId, Attempt a) {
    db.update(
        "INSERT INTO webhook_attempts VALUES (?, ?, ?, ?, ?, ?)",
        deliveryId,
        a.attempt(),
        a.at(),
        a.statusCode(),
        a.error(),
        a.durationMs());
  }

  public void delivered(String deliveryId, int attempts) {
    db.update(
        "UPDATE webhook_deliveries SET state = 'delivered', attempts = ?, next_attempt_at = NULL"
            + " WHERE delivery_id = ?",
        attempts,
        deliveryId);
  }

  /** The delivery ran out of attempts. */
  public void failed(String deliveryId, int attempts) {
    db.update(
        "UPDATE webhook_deliveries SET state = 'failed', attempts = ?, next_attempt_at = NULL"
            + " WHERE delivery_id = ?",
        attempts,
        deliveryId);
  }

  public void retryAt(String deliveryId, int attempts, Instant next) {
    db.update(
        "UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ? WHERE delivery_id = ?",
        attempts,
        next,
        deliveryId);
  }

  /** A webhook's latest deliveries, newest first, each with its attempts. */
  public List<DeliveryLog> deliveries(String webhookId, int limit) {
    List<DeliveryLog> out = new ArrayList<>();
    for (DeliveryLog d :
        db.query(
            "SELECT delivery_id, trigger, payload, created_at, state, attempts, next_attempt_at"
                + " FROM webhook_deliveries WHERE webhook_id = ? ORDER BY created_at DESC LIMIT ?",
            r ->
                new DeliveryLog(
                    r.getString(1),
                    r.getString(2),
                    r.getString(3),
                    Db.instant(r, 4),
                    r.getString(5),
                    r.getInt(6),
                    Db.instant(r, 7),
                    List.of()),
            webhookId,
            limit)) {
      List<Attempt> attempts =
          db.query(
              "SELECT attempt, attempted_at, status_code, error, duration_ms FROM webhook_attempts"
                  + " WHERE delivery_id = ? ORDER BY attempt",
              r ->
                  new Attempt(
                      r.getInt(1),
                      Db.instant(r, 2),
                      (Integer) r.getObject(3),
                      r.getString(4),
                      r.getLong(5)),
              d.deliveryId());
      out.add(
          new DeliveryLog(
              d.deliveryId(),
              d.trigger(),
              d.payload(),
              d.createdAt(),
              d.state(),
              d.attempts(),
              d.nextAttemptAt(),
              attempts));
    }
    return out;
  }
}
