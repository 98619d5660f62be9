package io.tessera.server.hook;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A registered receiver.
 *
 * @param triggers any of segment.entered, segment.left, cart.abandoned
 * @param segmentId only changes of this segment (null: all segments)
 * @param secret the HMAC-SHA256 key of the signature header
 */
public record Webhook(
    String id,
    String url,
    String secret,
    Set<String> triggers,
    String segmentId,
    Instant createdAt) {
  public static final List<String> TRIGGERS =
      List.of("segment.entered", "segment.left", "cart.abandoned");

  public Webhook {
    if (url == null) {
      throw new IllegalArgumentException("url is required");
    }
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("url is not a valid URL: " + url);
    }
    if (u.getScheme() == null
        || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
        || u.getHost() == null) {
      throw new IllegalArgumentException("url must be an absolute http(s) URL, got: " + url);
    }
    triggers = Set.copyOf(triggers);
    if (triggers.isEmpty()) {
      throw new IllegalArgumentException("triggers must name at least one of " + TRIGGERS);
    }
    for (String t : triggers) {
      if (!TRIGGERS.contains(t)) {
        throw new IllegalArgumentException("unknown trigger '" + t + "'; allowed: " + TRIGGERS);
      }
    }
  }

  /** Whether this webhook wants a change with this trigger of this segment. */
  public boolean wants(String trigger, String segment) {
    return triggers.contains(trigger)
        && (segmentId == null || trigger.equals("cart.abandoned") || segmentId.equals(segment));
  }
}
