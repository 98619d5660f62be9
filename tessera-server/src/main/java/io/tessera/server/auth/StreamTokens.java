package io.tessera.server.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived tokens for the change stream. A browser's EventSource cannot send an Authorization
 * header, and the long-lived API key must not go into a URL (URLs end up in logs and histories), so
 * a caller exchanges its key for a random token that opens streams for {@link #TTL} and is then
 * useless. A token carries its key's id and role; revoking the key stops its tokens too. Tokens
 * live in memory: a restart forgets them and the dashboard asks for a new one.
 */
public final class StreamTokens {
  /** How long a token opens streams (an open stream stays open after that). */
  public static final Duration TTL = Duration.ofSeconds(60);

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A token as handed out. */
  public record Token(String token, Instant expiresAt) {}

  private record Grant(Principal who, Instant expiresAt) {}

  private final Clock clock;
  private final ApiKeys keys;
  private final Map<String, Grant> grants = new ConcurrentHashMap<>();

  public StreamTokens(ApiKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /** A new token for the caller. */
  public Token issue(Principal who) {
    Instant now = clock.instant();
    grants.values().removeIf(g -> !g.expiresAt().isAfter(now));
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    String token = "tst_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    Grant g = new Grant(who, now.plus(TTL));
    grants.put(token, g);
    return new Token(token, g.expiresAt());
  }

  /** The principal of a token that has not expired and whose key is still active. */
  public Optional<Principal> resolve(String token) {
    Grant g = token == null ? null : grants.get(token);
    if (g == null || !g.expiresAt().isAfter(clock.instant())) {
      return Optional.empty();
    }
    boolean active = keys.list().stream().anyMatch(k -> k.id().equals(g.who().keyId()));
    return active ? Optional.of(g.who()) : Optional.empty();
  }
}
