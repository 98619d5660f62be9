package io.tessera.server.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.server.hook.Webhooks;
import io.tessera.server.http.Json;
import io.tessera.server.message.SegmentMessage;
import io.tessera.store.Db;
import io.tessera.store.Store;
import io.tessera.store.live.LiveSchema;
import io.tessera.store.live.WebhookTables;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live writer's cost per event, without HTTP: bytes allocated and CPU time of the writer and
 * committer threads ({@code com.sun.management.ThreadMXBean}) over 100,000 messages in requests of
 * 500 (one in ten an order, one in fifty an identify, 3,000 customers, one rule), after 20,000 of
 * warm-up, three rounds on a store file. Allocation is nearly independent of other load on the
 * machine, CPU time less so. Not a test (no assertion; surefire runs {@code *Test} only): run it
 * with {@code ./mvnw -B -o -pl tessera-server -am test -Dtest=WriterCostBench
 * -Dsurefire.failIfNoSpecifiedTests=false}; the figures go to {@code
 * tessera-server/target/writer-cost.txt}.
 */
class WriterCostBench {
  private static final int REQUEST = 500;
  private static final int WARM_REQUESTS = 40;
  private static final int REQUESTS = 240;

  @TempDir Path dir;

  private static String message(int n) {
    String c = "c" + (n % 3000);
    if (n % 50 == 0) {
      return "{\"type\":\"identify\",\"messageId\":\"m%d\",\"userId\":\"%s\",\"anonymousId\":\"a%d\",\"traits\":{\"plan\":\"x\"}}"
          .formatted(n, c, n);
    }
    if (n % 10 == 0) {
      return ("{\"type\":\"track\",\"messageId\":\"m%d\",\"userId\":\"%s\",\"event\":\"Order"
              + " Completed\",\"properties\":{\"order_id\":\"o%d\",\"total\":12.5,\"products\":"
              + "[{\"product_id\":\"p1\",\"quantity\":1,\"price\":12.5}]}}")
          .formatted(n, c, n);
    }
    return "{\"type\":\"track\",\"messageId\":\"m%d\",\"userId\":\"%s\",\"event\":\"%s\"}"
        .formatted(n, c, n % 3 == 0 ? "Product Added" : "Product Viewed");
  }

  @Test
  void measure() throws Exception {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    ObjectMapper json = Json.MAPPER;
    StringBuilder report = new StringBuilder();
    for (int round = 1; round <= 3; round++) {
      try (Store store = Store.open(dir.resolve("round" + round + ".duckdb"))) {
        LiveSchema.create(store);
        Clock clock = Clock.systemUTC();
        LiveEngine engine =
            new LiveEngine(
                    store,
                    LiveEngine.Options.defaults(),
                    clock,
                    new Webhooks(new WebhookTables(new Db(store)), clock))
                .start();
        engine.putRule("carts", "Carts", "count(add_to_cart, 7d) >= 1").get();
        long[] writer = new long[0];
        Instant now = Instant.now();
        long bytes0 = 0;
        long cpu0 = 0;
        int n = 0;
        for (int r = 0; r < REQUESTS; r++) {
          if (r == WARM_REQUESTS) {
            // the writer thread folds, the committer thread (started by the first group) writes
            writer =
                Thread.getAllStackTraces().keySet().stream()
                    .filter(
                        t ->
                            t.getName().equals("tessera-live-writer")
                                || t.getName().equals("tessera-live-commit"))
                    .mapToLong(Thread::threadId)
                    .toArray();
            bytes0 = sum(mx::getThreadAllocatedBytes, writer);
            cpu0 = sum(mx::getThreadCpuTime, writer);
          }
          List<SegmentMessage> request = new ArrayList<>(REQUEST);
          for (int i = 0; i < REQUEST; i++, n++) {
            request.add(SegmentMessage.read(json.readTree(message(n)), null, "message", now));
          }
          engine.ingest(request, true).get();
        }
        int measured = (REQUESTS - WARM_REQUESTS) * REQUEST;
        report.append(
            "round %d: %.0f bytes and %.1f us of writer CPU per event%n"
                .formatted(
                    round,
                    (double) (sum(mx::getThreadAllocatedBytes, writer) - bytes0) / measured,
                    (sum(mx::getThreadCpuTime, writer) - cpu0) / 1e3 / measured));
        engine.close();
      }
    }
    System.out.print(report);
    Files.writeString(Path.of("target", "writer-cost.txt"), report.toString());
  }

  /** A per-thread figure summed over the threads. */
  private static long sum(java.util.function.LongUnaryOperator perThread, long[] threads) {
    long total = 0;
    for (long t : threads) {
      total += perThread.applyAsLong(t);
    }
    return total;
  }
}
