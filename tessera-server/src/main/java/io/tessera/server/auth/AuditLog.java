package io.tessera.server.auth;

import io.tessera.server.Db;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Who read which customer's personal data, when, through which endpoint. */
public final class AuditLog {
  /** One read. */
  public record Entry(Instant at, String keyId, String role, String action, String customerId) {}

  private final Db db;
  private final Clock clock;

  public AuditLog(Db db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public void record(Principal who, String action, String customerId) {
    db.update(
        "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, NULL)",
        clock.instant(),
        who.keyId(),
        who.role().wireName(),
        action,
        customerId);
  }

  /** The latest entries, newest first, optionally of one customer. */
  public List<Entry> latest(String customerId, int limit) {
    String where = customerId == null ? "" : " WHERE customer_id = ?";
    Object[] params = customerId == null ? new Object[] {limit} : new Object[] {customerId, limit};
    return db.query(
        "SELECT logged_at, key_id, role, action, customer_id FROM audit_log"
            + where
            + " ORDER BY logged_at DESC LIMIT ?",
        r ->
            new Entry(
                Db.instant(r, 1), r.getString(2), r.getString(3), r.getString(4), r.getString(5)),
        params);
  }
}
