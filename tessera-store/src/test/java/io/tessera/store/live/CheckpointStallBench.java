package io.tessera.store.live;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long a group commit waits for the store's checkpoints: group commits of 1,000 track events
 * ({@link LiveWriter#appendEvents}, one transaction each) paced at 50 a second (50,000 events/s)
 * for 30 s on a store file, with the live server's {@link Checkpoints} thread at 16 MB of log, then
 * the same with no checkpoint at all (the threshold out of reach). Prints each run's group time
 * p50, p99 and max and the checkpoints' count, total and longest: a commit that starts during a
 * checkpoint waits for it, so the longest group is about the longest checkpoint. Not a test (no
 * assertion; surefire runs {@code *Test} only): {@code ./mvnw -B -o -pl tessera-store -am test
 * -Dtest=CheckpointStallBench -Dsurefire.failIfNoSpecifiedTests=false}; the figures go to {@code
 * tessera-store/target/checkpoint-stall.txt}.
 */
class CheckpointStallBench {
  @TempDir Path dir;

  @Test
  void groupCommitsBesideCheckpoints() throws Exception {
    StringBuilder out = new StringBuilder();
    out.append(run(Checkpoints.WAL_BYTES, "checkpoints at 16 MB of log"));
    out.append(run(Long.MAX_VALUE, "no checkpoint"));
    System.out.print(out);
    Files.writeString(Path.of("target", "checkpoint-stall.txt"), out);
  }

  private String run(long walBytes, String name) throws Exception {
    Path file = dir.resolve(walBytes + ".duckdb");
    Random random = new Random(42);
    List<Long> groups = new ArrayList<>();
    Checkpoints.Figures figures;
    try (Store store = Store.open(file)) {
      LiveSchema.create(store);
      store.oneThread();
      Checkpoints checkpoints = Checkpoints.start(store, walBytes, Duration.ofMillis(250));
      LiveWriter w = new LiveWriter(store);
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int n = 0;
      while (System.nanoTime() < end) {
        List<Event> events = new ArrayList<>(1000);
        Instant now = Instant.now();
        for (int i = 0; i < 1000; i++, n++) {
          events.add(
              new Event(
                  "m-" + n,
                  "product_view",
                  now,
                  CustomerId.of("u" + random.nextInt(100_000)),
                  null,
                  null,
                  null,
                  null,
                  "{}"));
        }
        long t0 = System.nanoTime();
        w.begin();
        w.appendEvents(events);
        w.commit();
        long took = System.nanoTime() - t0;
        groups.add(took);
        LockSupport.parkNanos(Math.max(0, 20_000_000L - took));
      }
      figures = checkpoints.figures();
      checkpoints.close();
    }
    long[] g = groups.stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format(
        Locale.ROOT,
        "%s: %d groups of 1,000 events; group p50 %.1f ms, p99 %.1f ms, max %.1f ms; checkpoints"
            + " %d, %.0f ms in all, the longest %.0f ms%n",
        name,
        g.length,
        g[g.length / 2] / 1e6,
        g[(int) (g.length * 0.99)] / 1e6,
        g[g.length - 1] / 1e6,
        figures.count(),
        figures.totalNanos() / 1e6,
        figures.longestNanos() / 1e6);
  }
}
