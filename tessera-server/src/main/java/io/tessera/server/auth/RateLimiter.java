package io.tessera.server.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key: {@code ratePerSecond} requests on average, bursts up to {@code burst}.
 * Over the limit a request is answered 429 with a Retry-After.
 */
public final class RateLimiter {
  private final double ratePerSecond;
  private final double burst;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long last;

    Bucket(double tokens, long last) {
      this.tokens = tokens;
      this.last = last;
    }
  }

  public RateLimiter(double ratePerSecond, double burst) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) {
      throw new IllegalArgumentException(
          "rate limit: rate must be > 0 and burst >= 1, got " + ratePerSecond + " and " + burst);
    }
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
  }

  /** Takes one token for the key; false when its bucket is empty. */
  public boolean tryAcquire(String key) {
    long now = System.nanoTime();
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    synchronized (b) {
      b.tokens = Math.min(burst, b.tokens + (now - b.last) / 1e9 * ratePerSecond);
      b.last = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return true;
      }
      return false;
    }
  }

  /** Whole seconds until one token is back. */
  public long retryAfterSeconds() {
    return Math.max(1, (long) Math.ceil(1 / ratePerSecond));
  }
}
