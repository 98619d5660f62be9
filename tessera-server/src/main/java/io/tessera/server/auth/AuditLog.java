package io.tessera.server.auth;

import io.tessera.store.live.AccessTables;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** Who read which customer's personal data, when, through which endpoint. */
public final class AuditLog {
  /** One read. */
  public record Entry(Instant at, String keyId, String role, String action, String customerId) {}

  private final AccessTables tables;
  private final Clock clock;
  private final Consumer<AccessTables.AuditEntry> sink;

  /** Entries inserted into the store's audit log one by one. */
  public AuditLog(AccessTables tables, Clock clock) {
    this(tables, clock, tables::audit);
  }

  /**
   * Entries handed to {@code sink}, which returns once each is durable (the live server's: the
   * engine's log, synced, and DuckDB's {@code audit_log} behind it).
   */
  public AuditLog(AccessTables tables, Clock clock, Consumer<AccessTables.AuditEntry> sink) {
    this.tables = tables;
    this.clock = clock;
    this.sink = sink;
  }

  /** Records a read; durable when this returns, so before the read is answered. */
  public void record(Principal who, String action, String customerId) {
    sink.accept(
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
