package io.tessera.server.hook;

import io.tessera.store.live.WebhookDelivery;
import io.tessera.store.live.WebhookTables;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * Posts deliveries to their webhooks. A 2xx answer delivers; anything else (or no answer within the
 * timeout) is retried after {@code backoff × 2^(attempt-1)} (capped at one hour) until {@code
 * maxAttempts}, then the delivery is marked failed. Every attempt is recorded with its status code
 * or error. Pending deliveries survive a restart (they are rows in the store).
 */
public final class Deliverer implements AutoCloseable {
  /**
   * Retry settings and the hosts an admin allows although they are not public ({@link
   * WebhookTargets}).
   */
  public record Options(
      Duration backoff, int maxAttempts, Duration timeout, List<String> allowHosts) {
    public Options {
      allowHosts = List.copyOf(allowHosts);
    }

    public Options(Duration backoff, int maxAttempts, Duration timeout) {
      this(backoff, maxAttempts, timeout, List.of());
    }

    public static Options defaults() {
      return new Options(Duration.ofSeconds(2), 8, Duration.ofSeconds(10));
    }

    public Options withAllowHosts(List<String> hosts) {
      return new Options(backoff, maxAttempts, timeout, hosts);
    }
  }

  private static final Duration MAX_BACKOFF = Duration.ofHours(1);

  private final WebhookTables tables;
  private final Webhooks webhooks;
  private final Options options;
  private final Clock clock;
  private final HttpClient http;
  private final DelayQueue<Scheduled> queue = new DelayQueue<>();
  private final Thread worker;
  private volatile boolean running = true;

  private record Scheduled(WebhookDelivery delivery, int attempt, long dueNanos)
      implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(dueNanos, ((Scheduled) o).dueNanos);
    }
  }

  public Deliverer(Webhooks webhooks, Options options, Clock clock) {
    this.tables = webhooks.tables();
    this.webhooks = webhooks;
    this.options = options;
    this.clock = clock;
    // a redirect could lead anywhere (a private address): never followed, a 3xx is a failure
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(options.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    for (WebhookTables.PendingDelivery p : tables.pendingDeliveries()) {
      queue.add(new Scheduled(p.delivery(), p.attempts() + 1, System.nanoTime()));
    }
    this.worker = Thread.ofPlatform().name("tessera-webhooks").daemon(true).unstarted(this::loop);
  }

  public Deliverer start() {
    worker.start();
    return this;
  }

  /** Schedules new deliveries (already written to the store by the engine). */
  public void enqueue(List<WebhookDelivery> deliveries) {
    long now = System.nanoTime();
    for (WebhookDelivery d : deliveries) {
      queue.add(new Scheduled(d, 1, now));
    }
  }

  private void loop() {
    while (running) {
      Scheduled s;
      try {
        s = queue.poll(500, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (s != null) {
        attempt(s);
      }
    }
  }

  private void attempt(Scheduled s) {
    WebhookDelivery d = s.delivery();
    var hook = webhooks.get(d.webhookId());
    if (hook.isEmpty()) {
      tables.cancelDelivery(d.deliveryId());
      return;
    }
    Instant at = clock.instant();
    long timestamp = at.getEpochSecond();
    Integer status = null;
    String error = null;
    long t0 = System.nanoTime();
    try {
      // checked again at each attempt: the name may resolve elsewhere now (DNS rebinding), or the
      // host may have left the allowlist
      webhooks.targets().check(hook.get().url());
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(hook.get().url()))
              .timeout(options.timeout())
              .header("Content-Type", "application/json")
              .header("User-Agent", "Tessera-Webhooks/1")
              .header(Signature.DELIVERY_HEADER, d.deliveryId())
              .header(Signature.TIMESTAMP_HEADER, Long.toString(timestamp))
              .header(Signature.HEADER, Signature.sign(hook.get().secret(), timestamp, d.payload()))
              .header("X-Tessera-Attempt", Integer.toString(s.attempt()))
              .POST(HttpRequest.BodyPublishers.ofString(d.payload()))
              .build();
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      status = response.statusCode();
      if (status / 100 == 3) {
        error = "receiver answered " + status + " (redirects are not followed)";
      } else if (status / 100 != 2) {
        error = "receiver answered " + status;
      }
    } catch (IllegalArgumentException e) {
      error = "refused: " + e.getMessage();
    } catch (java.io.IOException e) {
      error = e.getClass().getSimpleName() + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    tables.recordAttempt(
        d.deliveryId(), new WebhookTables.Attempt(s.attempt(), at, status, error, ms));
    if (error == null) {
      tables.delivered(d.deliveryId(), s.attempt());
    } else if (s.attempt() >= options.maxAttempts()) {
      tables.failed(d.deliveryId(), s.attempt());
    } else {
      Duration wait = backoff(s.attempt());
      tables.retryAt(d.deliveryId(), s.attempt(), at.plus(wait));
      queue.add(new Scheduled(d, s.attempt() + 1, System.nanoTime() + wait.toNanos()));
    }
  }

  /** The wait after a failed attempt n (1-based): backoff × 2^(n-1), at most an hour. */
  Duration backoff(int attempt) {
    Duration d = options.backoff().multipliedBy(1L << Math.min(attempt - 1, 20));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  @Override
  public void close() {
    running = false;
    worker.interrupt();
  }
}
