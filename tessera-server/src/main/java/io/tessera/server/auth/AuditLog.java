package io.tessera.server.auth;

import io.tessera.store.live.AccessTables;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Who read which customer's personal data, when, through which endpoint. */
public final class AuditLog {
  /** One read. */
  public record Entry(Instant at, String keyId, String role, String action, String customerId) {}

  private final AccessTables tables;
  private final Clock clock;

  public AuditLog(AccessTables tables, Clock clock) {
    this.tables = tables;
    this.clock = clock;
  }

  public void record(Principal who, String action, String customerId) {
    tables.audit(
        new AccessTables.AuditEntry(
            clock.instant(), who.keyId(), who.role().wireName(), action, customerId));
  }

  /** The latest entries, newest first, optionally of one customer. */
  public List<Entry> latest(String customerId, int limit) {
    return tables.latestAudit(customerId, limit).stream()
        .map(e -> new Entry(e.at(), e.keyId(), e.role(), e.action(), e.customerId()))
        .toList();
  }
}
