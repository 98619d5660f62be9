package io.tessera.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator of the live-engine benchmark, run as its own process against a running {@code
 * tessera serve} on loopback ({@code scripts/bench-serve} starts both).
 *
 * <p>Arguments: {@code URL WRITE_KEY ADMIN_KEY [EVENTS] [BATCH] [CONNECTIONS] [SAMPLES] [RATE]}.
 *
 * <p>What it does: creates the rule segment {@code bench_cart} ({@code count(add_to_cart, 7d) >= 2
 * and count(purchase, 7d) == 0}); sends {@code min(EVENTS, 100,000)} warm-up events (so that the
 * server's JIT has compiled the hot paths before the measurement); then sends {@code EVENTS} track
 * events in {@code /v1/batch} requests of {@code BATCH} messages over {@code CONNECTIONS}
 * concurrent connections, each waiting for its answer before sending the next (closed loop: the
 * server is kept saturated, so latency is its queue). With {@code RATE} (events/s, greater than 0)
 * the requests are sent on a schedule instead (open loop: request {@code i} is due {@code i x BATCH
 * / RATE} seconds after the start, sent by the first free connection), which is how a latency goal
 * at a given rate is measured. The events go to 100,000 customers drawn uniformly, with e-commerce
 * names (product viewed, added, searched, signed in, checkout started). The request bodies are
 * built before the clock starts, so the generator's own CPU is the HTTP client's; {@code
 * scripts/bench-serve} prints the CPU seconds of both processes, which share the machine's cores.
 *
 * <p>Figures printed:
 *
 * <ul>
 *   <li><b>events/s</b>: events acknowledged during the measured load divided by its wall time. A
 *       request is acknowledged only once its events are durable in the store.
 *   <li><b>load requests</b>: each measured {@code /v1/batch} request's time to its 200 answer,
 *       from its sending (closed loop) or from when it was due (open loop, so a request sent late
 *       because every connection was busy counts its delay); p50, p99, p99.9 and max.
 *   <li><b>acknowledged</b>: a probe sends a {@code /v1/batch} of two add_to_cart events for a new
 *       customer; the time from sending it to its 200 answer (parse, queue, group commit, answer).
 *   <li><b>event -> visible membership</b>: from sending that probe request to the first {@code GET
 *       /api/v1/customers/{id}} answer that lists {@code rule:bench_cart}; the GETs are sent back
 *       to back after the answer. So it is the acknowledgement time plus one customer read (which
 *       writes an audit-log row): an upper bound of the server's own acceptance-to-visible time,
 *       measured by the client, loopback included. Probes run one after another with a 10 ms pause
 *       while the load runs, at most {@code SAMPLES} of them; a probe that ends after the load is
 *       discarded. p50 and p99 are nearest-rank percentiles of the probes kept.
 *   <li><b>customer read after the acknowledgement</b>: each probe's visible time minus its
 *       acknowledged time (the customer reads, with their audit rows), percentiles of the probes.
 *   <li><b>writer</b>: from the server's {@code /health} before and after the load: group commits,
 *       messages per group, the time requests waited in the queue, and where the writer thread's
 *       time went (folding into profiles and memberships, appending rows, committing).
 * </ul>
 *
 * <p>Measured figures, with the machine, its load and the date, are in the README ("The live
 * engine" under Benchmarks): on 2026-12-06, on 2 cores shared with other builds, 16,000-21,000
 * events/s and 42-44 µs of server CPU per event; 50,039 events/s on the machine alone before that
 * day's changes. {@code LiveEventBench} (tessera-bench, JMH) times the parse and the engine's part
 * without HTTP.
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
  private static final ObjectMapper JSON = new ObjectMapper();

  private LoadBench() {}

  /** One prepared request body and the number of events in it. */
  private record Body(byte[] bytes, int events) {}

  /** One probe: nanoseconds to the acknowledgement and to the visible membership. */
  private record Probe(long ackNanos, long visibleNanos) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println(
          "usage: LoadBench URL WRITE_KEY ADMIN_KEY [EVENTS=500000] [BATCH=500] [CONNECTIONS=4]"
              + " [SAMPLES=500] [RATE=0]");
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
    int samples = args.length > 6 ? Integer.parseInt(args[6]) : 500;
    // events/s offered in the measured load (open loop); 0 sends as fast as answers come back
    double rate = args.length > 7 ? Double.parseDouble(args[7]) : 0;
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

    runLoad(http, url, basic, bodies(Math.min(events, 100_000), batch, "warm"), connections, 0);

    List<Body> bodies = bodies(events, batch, "load");
    JsonNode before = health(http, url);
    AtomicBoolean loadDone = new AtomicBoolean(false);
    List<Probe> probes = new ArrayList<>();
    Thread prober =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 0; i < samples && !loadDone.get(); i++) {
                    Probe p = probe(http, url, basic, bearer, "probe-" + i);
                    if (!loadDone.get()) {
                      probes.add(p);
                    }
                    sleep(10);
                  }
                });
    long t0 = System.nanoTime();
    long startMillis = System.currentTimeMillis();
    window("start " + startMillis);
    Load load = runLoad(http, url, basic, bodies, connections, rate);
    long sent = load.events();
    double seconds = (System.nanoTime() - t0) / 1e9;
    window("end " + System.currentTimeMillis());
    window("events " + sent);
    loadDone.set(true);
    prober.join();
    JsonNode after = health(http, url);

    reportLoad(load, seconds, batch, connections, rate);
    reportProbes(probes);
    reportWriter(before, after, batch, seconds);
  }

  /** Prints the measured load's throughput and its requests' latency percentiles. */
  private static void reportLoad(
      Load load, double seconds, int batch, int connections, double rate) {
    long sent = load.events();
    System.out.printf(
        Locale.ROOT,
        "events: %,d in %.1f s = %,.0f events/s through /v1/batch (batches of %d, %d"
            + " connections%s)%n",
        sent,
        seconds,
        sent / seconds,
        batch,
        connections,
        rate > 0
            ? String.format(Locale.ROOT, ", open loop offering %,.0f events/s", rate)
            : ", closed loop");
    long[] requests = load.latencies();
    System.out.printf(
        Locale.ROOT,
        "load requests (%s -> 200, %d requests): p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max"
            + " %.1f ms%n",
        rate > 0 ? "due" : "sent",
        requests.length,
        percentile(requests, 50),
        percentile(requests, 99),
        percentile(requests, 99.9),
        requests[requests.length - 1] / 1e6);
  }

  /** Prints the acknowledgement and visibility percentiles of the probes. */
  private static void reportProbes(List<Probe> probes) {
    long[] ack = probes.stream().mapToLong(Probe::ackNanos).sorted().toArray();
    long[] visible = probes.stream().mapToLong(Probe::visibleNanos).sorted().toArray();
    if (probes.isEmpty()) {
      System.out.println("no probe finished during the load: send more events");
    } else {
      System.out.printf(
          Locale.ROOT,
          "acknowledged (probe batch sent -> 200): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          percentile(ack, 50),
          percentile(ack, 99),
          ack[ack.length - 1] / 1e6);
      System.out.printf(
          Locale.ROOT,
          "event -> visible membership (%d probes under load): p50 %.1f ms, p99 %.1f ms, max"
              + " %.1f ms%n",
          probes.size(),
          percentile(visible, 50),
          percentile(visible, 99),
          visible[visible.length - 1] / 1e6);
      long[] read =
          probes.stream().mapToLong(p -> p.visibleNanos() - p.ackNanos()).sorted().toArray();
      System.out.printf(
          Locale.ROOT,
          "customer read after the acknowledgement (visible - acknowledged, per probe): p50 %.1f"
              + " ms, p99 %.1f ms, max %.1f ms%n",
          percentile(read, 50),
          percentile(read, 99),
          read[read.length - 1] / 1e6);
    }
  }

  /** Prints the writer's group-commit figures between two health answers. */
  private static void reportWriter(JsonNode before, JsonNode after, int batch, double seconds) {
    JsonNode w0 = before.path("writer");
    JsonNode w1 = after.path("writer");
    long groups = w1.path("groups").asLong() - w0.path("groups").asLong();
    if (groups > 0) {
      double fold = w1.path("fold_ms").asDouble() - w0.path("fold_ms").asDouble();
      double write = w1.path("write_ms").asDouble() - w0.path("write_ms").asDouble();
      double commit = w1.path("commit_ms").asDouble() - w0.path("commit_ms").asDouble();
      double wait = w1.path("wait_ms").asDouble() - w0.path("wait_ms").asDouble();
      long messages = w1.path("messages").asLong() - w0.path("messages").asLong();
      long requests = Math.max(1, Math.round((double) messages / batch));
      System.out.printf(
          Locale.ROOT,
          "writer: %,d group commits, %.0f messages each; per group %.1f ms fold + %.1f ms append +"
              + " %.1f ms commit (the engine's log: its append and sync, once it has one); the"
              + " writer thread (fold) busy %.0f%% and the committer (append, commit) %.0f%% of the"
              + " load's wall time; queue wait about %.1f ms per request (max since start %.0f"
              + " ms)%n",
          groups,
          (double) messages / groups,
          fold / groups,
          write / groups,
          commit / groups,
          100 * fold / (seconds * 1000),
          100 * (write + commit) / (seconds * 1000),
          wait / requests,
          w1.path("max_wait_ms").asDouble());
    }
    JsonNode c0 = before.path("checkpoints");
    JsonNode c1 = after.path("checkpoints");
    JsonNode s0 = before.path("store_writes");
    JsonNode s1 = after.path("store_writes");
    if (!c1.isMissingNode()) {
      System.out.printf(
          Locale.ROOT,
          "checkpoints during the load: %d, %.0f ms in all (the longest since the server started"
              + " %.0f ms); %s%n",
          c1.path("count").asLong() - c0.path("count").asLong(),
          c1.path("total_ms").asDouble() - c0.path("total_ms").asDouble(),
          c1.path("longest_ms").asDouble(),
          s1.isMissingNode()
              ? "a group commit or an audited read that starts during one waits for it"
              : "only DuckDB's writes behind the engine's log wait for one");
    }
    if (!s1.isMissingNode()) {
      System.out.printf(
          Locale.ROOT,
          "DuckDB writes behind the log during the load: %d transactions, %.0f ms in all (the"
              + " longest since the server started %.0f ms); entries not yet in DuckDB at the"
              + " end %d%n",
          s1.path("writes").asLong() - s0.path("writes").asLong(),
          s1.path("total_ms").asDouble() - s0.path("total_ms").asDouble(),
          s1.path("longest_ms").asDouble(),
          s1.path("behind").asLong());
    }
  }

  /** Nearest-rank percentile of sorted nanoseconds, in milliseconds. */
  private static double percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(sorted.length * p / 100.0);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  /** The request bodies of {@code total} track events in batches of {@code batch}. */
  private static List<Body> bodies(int total, int batch, String prefix) {
    Random random = new Random(prefix.hashCode());
    String now = Instant.now().toString();
    List<Body> out = new ArrayList<>(total / batch + 1);
    for (int from = 0; from < total; from += batch) {
      int to = Math.min(total, from + batch);
      out.add(new Body(batchBody(from, to, prefix, random, now), to - from));
    }
    return out;
  }

  /**
   * One {@code /v1/batch} body of track events {@code from} (inclusive) to {@code to}: message ids
   * {@code prefix-i}, users drawn from 100,000 and event names in a shop's proportions by {@code
   * random}, all at {@code timestamp}; also the JMH benchmark's input ({@code LiveEventBench}).
   */
  public static byte[] batchBody(int from, int to, String prefix, Random random, String timestamp) {
    StringBuilder sb = new StringBuilder((to - from) * 160);
    sb.append("{\"batch\":[");
    for (int i = from; i < to; i++) {
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
          .append(timestamp)
          .append("\"}");
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The measured load: events acknowledged and each request's latency (nanoseconds, sorted). */
  private record Load(long events, long[] latencies) {}

  /**
   * Sends the bodies over {@code connections} connections. With {@code rate} 0 each connection
   * sends its next body when the answer to the previous one came back (closed loop) and a request's
   * latency is from its sending; with a rate in events/s, body {@code i} is due at {@code i x
   * events per body / rate} seconds after the start whatever the answers (open loop) and its
   * latency counts from when it was due, so a late send (all connections busy) is not hidden.
   */
  private static Load runLoad(
      HttpClient http, String url, String basic, List<Body> bodies, int connections, double rate)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicLong done = new AtomicLong();
    long[] latencies = new long[bodies.size()];
    URI uri = URI.create(url + "/v1/batch");
    long start = System.nanoTime();
    long[] due = new long[bodies.size()];
    long events = 0;
    for (int i = 0; i < bodies.size(); i++) {
      due[i] = rate > 0 ? start + (long) (events / rate * 1e9) : 0;
      events += bodies.get(i).events();
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(connections)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement();
                      i < bodies.size();
                      i = next.getAndIncrement()) {
                    Body b = bodies.get(i);
                    long wait = due[i] - System.nanoTime();
                    if (rate > 0 && wait > 0) {
                      java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    long sentAt = rate > 0 ? due[i] : System.nanoTime();
                    send(
                        http,
                        HttpRequest.newBuilder(uri)
                            .header("Authorization", basic)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(b.bytes()))
                            .build());
                    latencies[i] = System.nanoTime() - sentAt;
                    done.addAndGet(b.events());
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    java.util.Arrays.sort(latencies);
    return new Load(done.get(), latencies);
  }

  /**
   * Appends a line to the file named by the system property {@code tessera.bench.window}, if set:
   * {@code start MILLIS} and {@code end MILLIS} (since the epoch) of the measured load and {@code
   * events N} sent in it, so that {@code scripts/bench-serve} can pick the GC pauses and the
   * server's CPU inside it and start a batch run beside it.
   */
  private static void window(String line) throws java.io.IOException {
    String file = System.getProperty("tessera.bench.window");
    if (file != null) {
      java.nio.file.Files.writeString(
          java.nio.file.Path.of(file),
          line + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
  }

  /** Sends two add_to_cart events for a new customer and polls until rule:bench_cart shows. */
  private static Probe probe(
      HttpClient http, String url, String basic, String bearer, String user) {
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
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
    long ack = System.nanoTime() - t0;
    while (true) {
      String c =
          send(
              http,
              HttpRequest.newBuilder(URI.create(url + "/api/v1/customers/" + user))
                  .header("Authorization", bearer)
                  .GET()
                  .build());
      if (c.contains("rule:bench_cart")) {
        return new Probe(ack, System.nanoTime() - t0);
      }
      if (System.nanoTime() - t0 > Duration.ofSeconds(30).toNanos()) {
        throw new IllegalStateException("the membership of " + user + " never became visible");
      }
    }
  }

  private static JsonNode health(HttpClient http, String url) throws Exception {
    return JSON.readTree(send(http, HttpRequest.newBuilder(URI.create(url + "/health")).build()));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
