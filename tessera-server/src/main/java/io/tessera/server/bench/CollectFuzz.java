package io.tessera.server.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends fuzzed collect requests ({@link HostileMessages}) to a running {@code tessera serve} and
 * counts the answers, run as its own process by {@code scripts/fuzz-collect}, which also counts the
 * uncaught exceptions in the server's log.
 *
 * <p>Arguments: {@code URL WRITE_KEY [REQUESTS] [CONNECTIONS] [SEED]} (defaults 1,000,000, 4, 1).
 * Each connection draws from its own generator (seed + connection number), sends a request and
 * waits for its answer. A monitor asks {@code /health} every second during the run: an answer other
 * than 200 is an engine stop. Exit status 1 when any answer is 5xx or not JSON, the health check
 * failed, or a request under the size limit was not answered.
 */
public final class CollectFuzz {
  private CollectFuzz() {}

  /** The counts one run gathers, shared by the connections and the health monitor. */
  private static final class Tally {
    final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    final AtomicLong closedOverLimit = new AtomicLong();
    final AtomicLong unanswered = new AtomicLong();
    final AtomicLong notJson = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong healthChecks = new AtomicLong();
    final AtomicLong healthFailures = new AtomicLong();
    final AtomicBoolean done = new AtomicBoolean();
    final java.util.List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: CollectFuzz URL WRITE_KEY [REQUESTS] [CONNECTIONS] [SEED]");
      System.exit(2);
    }
    String url = args[0];
    String auth =
        "Basic "
            + Base64.getEncoder().encodeToString((args[1] + ":").getBytes(StandardCharsets.UTF_8));
    long requests = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000;
    int connections = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    long seed = args.length > 4 ? Long.parseLong(args[4]) : 1;

    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    Tally t = new Tally();
    Instant started = Instant.now();

    Thread monitor =
        Thread.ofPlatform()
            .daemon(true)
            .start(
                () -> {
                  while (!t.done.get()) {
                    t.healthChecks.incrementAndGet();
                    if (health(http, url) != 200) {
                      t.healthFailures.incrementAndGet();
                    }
                    try {
                      Thread.sleep(1_000);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });

    ExecutorService pool = Executors.newFixedThreadPool(connections);
    Future<?>[] workers = new Future<?>[connections];
    for (int c = 0; c < connections; c++) {
      HostileMessages gen = new HostileMessages(seed + c, Instant.now());
      workers[c] = pool.submit(() -> send(http, url, auth, requests, gen, t));
    }
    for (Future<?> w : workers) {
      w.get();
    }
    pool.shutdown();
    t.done.set(true);
    monitor.join(5_000);
    int finalHealth = health(http, url);
    double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
    boolean ok = report(t, requests, connections, seconds, seed, finalHealth);
    System.exit(ok ? 0 : 1);
  }

  /** One connection: sends requests drawn from {@code gen} until {@code requests} are sent. */
  private static void send(
      HttpClient http, String url, String auth, long requests, HostileMessages gen, Tally t) {
    while (t.sent.incrementAndGet() <= requests) {
      HostileMessages.Request req = gen.next();
      int limit = req.path().equals("/v1/batch") ? 500 * 1024 : 32 * 1024;
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url + req.path()))
                    .header("Authorization", auth)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(req.body()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        t.statuses.computeIfAbsent(r.statusCode(), k -> new AtomicLong()).incrementAndGet();
        String body = r.body().strip();
        if (!body.startsWith("{") || !body.endsWith("}")) {
          t.notJson.incrementAndGet();
        }
        if (r.statusCode() == 200) {
          int at = body.indexOf("\"accepted\":");
          if (at >= 0) {
            int end = at + 11;
            while (end < body.length() && Character.isDigit(body.charAt(end))) {
              end++;
            }
            t.accepted.addAndGet(Long.parseLong(body.substring(at + 11, end)));
          }
        }
      } catch (IOException e) {
        // a body over the limit is answered 413 before it is read, and the server may
        // close the connection while it is still being sent
        if (req.body().length > limit) {
          t.closedOverLimit.incrementAndGet();
        } else {
          t.unanswered.incrementAndGet();
          if (t.failures.size() < 10) {
            t.failures.add(req.path() + " (" + req.body().length + " bytes): " + e);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Prints the counts and says whether the run passed. */
  private static boolean report(
      Tally t, long requests, int connections, double seconds, long seed, int finalHealth) {
    Map<Integer, Long> byStatus = new TreeMap<>();
    t.statuses.forEach((k, v) -> byStatus.put(k, v.get()));
    long errors5xx =
        byStatus.entrySet().stream()
            .filter(e -> e.getKey() >= 500)
            .mapToLong(Map.Entry::getValue)
            .sum();
    System.out.printf(
        "requests: %,d over %d connections in %.0f s (%,.0f requests/s), seed %d%n",
        requests, connections, seconds, requests / seconds, seed);
    System.out.println("answers by status: " + byStatus);
    System.out.printf(
        "over-limit bodies refused by closing the connection: %,d%n", t.closedOverLimit.get());
    System.out.printf("messages acknowledged (accepted): %,d%n", t.accepted.get());
    System.out.printf(
        "5xx answers: %,d; answers not JSON: %,d; requests unanswered: %,d%n",
        errors5xx, t.notJson.get(), t.unanswered.get());
    t.failures.forEach(f -> System.out.println("  unanswered: " + f));
    System.out.printf(
        "engine stops (health checks not 200): %,d of %,d; final health: %d%n",
        t.healthFailures.get(), t.healthChecks.get(), finalHealth);
    return errors5xx == 0
        && t.notJson.get() == 0
        && t.unanswered.get() == 0
        && t.healthFailures.get() == 0
        && finalHealth == 200;
  }

  private static int health(HttpClient http, String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url + "/health"))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
