package io.tessera.server.auth;

import io.tessera.store.live.AccessTables;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Who read which customer's personal data, when, through which endpoint. {@link #record} returns
 * once the row is durable, so no answer leaves before its read is logged: the row joins the live
 * engine's group commit when one is being written (no commit and log sync of its own), else it is
 * committed alone.
 */
public final class AuditLog {
  /** One read. */
  public record Entry(Instant at, String keyId, String role, String action, String customerId) {}

  /**
   * A transaction about to commit that can take an audit row: the future of the row's durability,
   * or null when none can take it now.
   */
  @FunctionalInterface
  public interface GroupCommit {
    CompletableFuture<Void> join(AccessTables.AuditEntry entry);

    /** Every row is committed alone. */
    GroupCommit NONE = entry -> null;
  }

  private final AccessTables tables;
  private final Clock clock;
  private final GroupCommit groupCommit;

  public AuditLog(AccessTables tables, Clock clock, GroupCommit groupCommit) {
    this.tables = tables;
    this.clock = clock;
    this.groupCommit = groupCommit;
  }

  /** Writes the read's row and returns once it is durable. */
  public void record(Principal who, String action, String customerId) {
    AccessTables.AuditEntry entry =
        new AccessTables.AuditEntry(
            clock.instant(), who.keyId(), who.role().wireName(), action, customerId);
    CompletableFuture<Void> joined = groupCommit.join(entry);
    if (joined != null) {
      try {
        joined.join();
        return;
      } catch (CompletionException e) {
        // the group failed and its transaction, this row with it, was rolled back: write it alone
      }
    }
    tables.audit(entry);
  }

  /** The latest entries, newest first, optionally of one customer. */
  public List<Entry> latest(String customerId, int limit) {
    return tables.latestAudit(customerId, limit).stream()
        .map(e -> new Entry(e.at(), e.keyId(), e.role(), e.action(), e.customerId()))
        .toList();
  }
}
