package io.tessera.store.live;

import io.tessera.store.Db;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** API keys (their hashes only), the audit log of personal-data reads, the pseudonymisation key. */
public final class AccessTables {
  /** A key as stored: the SHA-256 of the key, never the key. */
  public record StoredKey(String id, String name, String role, String hash, Instant createdAt) {}

  /** One audited read. */
  public record AuditEntry(
      Instant at, String keyId, String role, String action, String customerId) {}

  private final Db db;

  public AccessTables(Db db) {
    this.db = db;
  }

  /** The keys not revoked. */
  public List<StoredKey> activeKeys() {
    return db.query(
        "SELECT id, name, role, hash, created_at FROM api_keys WHERE revoked_at IS NULL",
        r ->
            new StoredKey(
                r.getString(1), r.getString(2), r.getString(3), r.getString(4), Db.instant(r, 5)));
  }

  public void addKey(StoredKey key) {
    db.update(
        "INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, NULL)",
        key.id(),
        key.name(),
        key.role(),
        key.hash(),
        key.createdAt());
  }

  /** Marks the active key with this id revoked at {@code at}. */
  public void revokeKey(String id, Instant at) {
    db.update("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at, id);
  }

  public void audit(AuditEntry e) {
    db.update(
        "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, NULL)",
        e.at(),
        e.keyId(),
        e.role(),
        e.action(),
        e.customerId());
  }

  /** The latest audit entries, newest first, of one customer or (null) of all. */
  public List<AuditEntry> latestAudit(String customerId, int limit) {
    String where = customerId == null ? "" : " WHERE customer_id = ?";
    Object[] params = customerId == null ? new Object[] {limit} : new Object[] {customerId, limit};
    return db.query(
        "SELECT logged_at, key_id, role, action, customer_id FROM audit_log"
            + where
            + " ORDER BY logged_at DESC LIMIT ?",
        r ->
            new AuditEntry(
                Db.instant(r, 1), r.getString(2), r.getString(3), r.getString(4), r.getString(5)),
        params);
  }

  /**
   * The store's pseudonymisation key: the one kept in the store, or (on the first call for a store)
   * {@code generate}'s, which is kept.
   */
  public String pseudonymKey(Supplier<String> generate) {
    db.update("CREATE TABLE IF NOT EXISTS live_pseudonym_key (pseudonym_key VARCHAR NOT NULL)");
    List<String> keys =
        db.query("SELECT pseudonym_key FROM live_pseudonym_key", r -> r.getString(1));
    if (!keys.isEmpty()) {
      return keys.get(0);
    }
    String key = generate.get();
    db.update("INSERT INTO live_pseudonym_key VALUES (?)", key);
    return key;
  }
}
