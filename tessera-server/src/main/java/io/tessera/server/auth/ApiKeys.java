package io.tessera.server.auth;

import io.tessera.store.live.AccessTables;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys. A key is {@code tsk_<id>_<secret>}: 8 characters of id (shown in lists and the audit
 * log) and 32 random bytes. Only the SHA-256 of the whole key is stored: keys are random, not
 * chosen by people, so a fast unsalted hash suffices (as for GitHub's tokens); a slow password hash
 * would only slow every request.
 */
public final class ApiKeys {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A key as listed (never the secret). */
  public record KeyInfo(String id, String name, Role role, Instant createdAt) {}

  /** A newly created key: the only time its secret is visible. */
  public record NewKey(KeyInfo info, String key) {}

  private final AccessTables tables;
  private final Clock clock;
  private final Map<String, KeyInfo> byHash = new ConcurrentHashMap<>();

  public ApiKeys(AccessTables tables, Clock clock) {
    this.tables = tables;
    this.clock = clock;
    for (AccessTables.StoredKey k : tables.activeKeys()) {
      byHash.put(k.hash(), new KeyInfo(k.id(), k.name(), Role.fromWire(k.role()), k.createdAt()));
    }
  }

  /** Creates a key with a random secret. */
  public NewKey create(String name, Role role) {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    byte[] idBytes = new byte[6];
    RANDOM.nextBytes(idBytes);
    String id =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(idBytes)
            .replace('-', 'x')
            .replace('_', 'y');
    String key = "tsk_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    return add(name, role, key);
  }

  /** Registers a given key (bootstrap from the environment); it must look like a created one. */
  public NewKey add(String name, Role role, String key) {
    if (key == null || key.length() < 24) {
      throw new IllegalArgumentException("an API key must be at least 24 characters");
    }
    String id =
        key.startsWith("tsk_") && key.length() > 12 ? key.substring(4, 12) : key.substring(0, 8);
    KeyInfo info = new KeyInfo(id, name, role, clock.instant());
    String hash = hash(key);
    tables.addKey(
        new AccessTables.StoredKey(info.id(), name, role.wireName(), hash, info.createdAt()));
    byHash.put(hash, info);
    return new NewKey(info, key);
  }

  /** The principal of a presented key, if it is valid and not revoked. */
  public Optional<Principal> authenticate(String key) {
    if (key == null || key.isBlank() || key.length() > 200) {
      return Optional.empty();
    }
    KeyInfo info = byHash.get(hash(key.strip()));
    return info == null
        ? Optional.empty()
        : Optional.of(new Principal(info.id(), info.name(), info.role()));
  }

  public List<KeyInfo> list() {
    return byHash.values().stream()
        .sorted((a, b) -> a.createdAt().compareTo(b.createdAt()))
        .toList();
  }

  public boolean hasActive(Role role) {
    return byHash.values().stream().anyMatch(k -> k.role() == role);
  }

  /** Revokes a key by id; false when no active key has it. */
  public boolean revoke(String id) {
    boolean found = byHash.values().removeIf(k -> k.id().equals(id));
    if (found) {
      tables.revokeKey(id, clock.instant());
    }
    return found;
  }

  static String hash(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
