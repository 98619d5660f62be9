package io.tessera.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator of the live-engine benchmark, run as its own process against a running {@code
 * tessera serve} on loopback ({@code scripts/bench-serve} starts both). It measures events per
 * second sustained through {@code /v1/batch}, and, while that load runs, the time from sending an
 * event that makes a customer enter a rule segment to seeing the membership through the API
 * (p50/p99).
 *
 * <p>Arguments: {@code URL WRITE_KEY ADMIN_KEY [EVENTS] [BATCH] [CONNECTIONS] [SAMPLES]}.
 */
public final class LoadBench {
  private static final String[] NAMES = {
    "Product Viewed",
    "Product Viewed",
    "Product Viewed",
    "Product Added",
    "Products Searched",
    "Signed In",
    "Checkout Started"
  };

  private LoadBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println(
          "usage: LoadBench URL WRITE_KEY ADMIN_KEY [EVENTS=500000] [BATCH=500] [CONNECTIONS=4]"
              + " [SAMPLES=200]");
      System.exit(2);
    }
    String url = args[0];
    String basic =
        "Basic "
            + Base64.getEncoder().encodeToString((args[1] + ":").getBytes(StandardCharsets.UTF_8));
    String bearer = "Bearer " + args[2];
    int events = args.length > 3 ? Integer.parseInt(args[3]) : 500_000;
    int batch = args.length > 4 ? Integer.parseInt(args[4]) : 500;
    int connections = args.length > 5 ? Integer.parseInt(args[5]) : 4;
    int samples = args.length > 6 ? Integer.parseInt(args[6]) : 200;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    send(
        http,
        HttpRequest.newBuilder(URI.create(url + "/api/v1/rules"))
            .header("Authorization", bearer)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"id\":\"bench_cart\",\"name\":\"Bench carts\",\"expression\":"
                        + "\"count(add_to_cart, 7d) >= 2 and count(purchase, 7d) == 0\"}"))
            .build());

    // warm-up: 20k events
    runLoad(http, url, basic, 20_000, batch, connections, "warm", new AtomicBoolean(false));

    AtomicBoolean loadDone = new AtomicBoolean(false);
    long[] latencies = new long[samples];
    Thread probe =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 0; i < samples; i++) {
                    latencies[i] = probe(http, url, basic, bearer, "probe-" + i);
                  }
                });
    long t0 = System.nanoTime();
    long sent = runLoad(http, url, basic, events, batch, connections, "load", loadDone);
    double seconds = (System.nanoTime() - t0) / 1e9;
    loadDone.set(true);
    probe.join();
    Arrays.sort(latencies);
    System.out.printf(
        Locale.ROOT,
        "events: %,d in %.1f s = %,.0f events/s through /v1/batch (batches of %d, %d"
            + " connections)%n",
        sent,
        seconds,
        sent / seconds,
        batch,
        connections);
    System.out.printf(
        Locale.ROOT,
        "event -> visible membership (%d samples, under load): p50 %.1f ms, p99 %.1f ms, max %.1f"
            + " ms%n",
        samples,
        latencies[samples / 2] / 1e6,
        latencies[(int) Math.min(samples - 1, Math.ceil(samples * 0.99) - 1)] / 1e6,
        latencies[samples - 1] / 1e6);
  }

  /** Sends {@code total} events in batches over {@code connections} threads; returns the count. */
  private static long runLoad(
      HttpClient http,
      String url,
      String basic,
      int total,
      int batch,
      int connections,
      String prefix,
      AtomicBoolean unused)
      throws Exception {
    AtomicLong next = new AtomicLong();
    AtomicLong done = new AtomicLong();
    try (ExecutorService pool = Executors.newFixedThreadPool(connections)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        int worker = c;
        futures.add(
            pool.submit(
                () -> {
                  Random random = new Random(worker);
                  StringBuilder sb = new StringBuilder(batch * 160);
                  while (true) {
                    long from = next.getAndAdd(batch);
                    if (from >= total) {
                      return null;
                    }
                    long to = Math.min(total, from + batch);
                    sb.setLength(0);
                    sb.append("{\"batch\":[");
                    String now = Instant.now().toString();
                    for (long i = from; i < to; i++) {
                      if (i > from) {
                        sb.append(',');
                      }
                      sb.append("{\"type\":\"track\",\"messageId\":\"")
                          .append(prefix)
                          .append('-')
                          .append(i)
                          .append("\",\"userId\":\"u")
                          .append(random.nextInt(100_000))
                          .append("\",\"event\":\"")
                          .append(NAMES[random.nextInt(NAMES.length)])
                          .append("\",\"timestamp\":\"")
                          .append(now)
                          .append("\"}");
                    }
                    sb.append("]}");
                    send(
                        http,
                        HttpRequest.newBuilder(URI.create(url + "/v1/batch"))
                            .header("Authorization", basic)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(sb.toString()))
                            .build());
                    done.addAndGet(to - from);
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    return done.get();
  }

  /** Nanoseconds from sending two add_to_cart events to seeing rule:bench_cart on the customer. */
  private static long probe(HttpClient http, String url, String basic, String bearer, String user) {
    String now = Instant.now().toString();
    String body =
        "{\"batch\":[{\"type\":\"track\",\"messageId\":\""
            + user
            + "-a\",\"userId\":\""
            + user
            + "\",\"event\":\"Product Added\",\"timestamp\":\""
            + now
            + "\"},{\"type\":\"track\",\"messageId\":\""
            + user
            + "-b\",\"userId\":\""
            + user
            + "\",\"event\":\"Product Added\",\"timestamp\":\""
            + now
            + "\"}]}";
    long t0 = System.nanoTime();
    send(
        http,
        HttpRequest.newBuilder(URI.create(url + "/v1/batch"))
            .header("Authorization", basic)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
    while (true) {
      String c =
          send(
              http,
              HttpRequest.newBuilder(URI.create(url + "/api/v1/customers/" + user))
                  .header("Authorization", bearer)
                  .GET()
                  .build());
      if (c.contains("rule:bench_cart")) {
        return System.nanoTime() - t0;
      }
      if (System.nanoTime() - t0 > Duration.ofSeconds(30).toNanos()) {
        throw new IllegalStateException("the membership of " + user + " never became visible");
      }
    }
  }

  private static String send(HttpClient http, HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2 && r.statusCode() != 404) {
        throw new IllegalStateException(
            request.uri() + " answered " + r.statusCode() + ": " + r.body());
      }
      return r.body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
