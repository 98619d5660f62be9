package io.tessera.store.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live store is checkpointed by a thread of its own, while group commits go on. */
class CheckpointsTest {
  @TempDir Path dir;

  private static long count(Store store, String sql) throws Exception {
    try (Statement s = store.connection().createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static void group(LiveWriter w, int from, int n) {
    List<Event> events = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      events.add(
          new Event(
              "m-" + i,
              "product_view",
              Instant.now(),
              CustomerId.of("c" + i % 50),
              null,
              null,
              null,
              null,
              "{}"));
    }
    w.begin();
    w.appendEvents(events);
    w.commit();
  }

  @Test
  void aGrownLogShouldBeCheckpointedBesideTheCommitsAndKeepEveryRow() throws Exception {
    Path file = dir.resolve("s.duckdb");
    Path wal = Path.of(file + ".wal");
    int written = 0;
    try (Store store = Store.open(file)) {
      LiveSchema.create(store);
      Checkpoints checkpoints = Checkpoints.start(store, 64 << 10, Duration.ofMillis(20));
      LiveWriter w = new LiveWriter(store);
      // the store's own checkpoint no longer runs inside a commit at 16 MB
      assertThat(
              count(
                  store,
                  "SELECT CASE WHEN current_setting('checkpoint_threshold') = '1.0 GiB' THEN 1 ELSE"
                      + " 0 END"))
          .isEqualTo(1);
      boolean shrank = false;
      long largest = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!shrank && System.nanoTime() < deadline) {
        group(w, written, 500);
        written += 500;
        long size = Files.exists(wal) ? Files.size(wal) : 0;
        shrank = largest >= 64 << 10 && size < largest;
        largest = Math.max(largest, size);
        Thread.sleep(5);
      }
      checkpoints.close();
      assertThat(shrank).as("the log was checkpointed once past 64 KB").isTrue();
      assertThat(checkpoints.lastFailure()).isNull();
      Checkpoints.Figures f = checkpoints.figures();
      assertThat(f.count()).as("checkpoints counted").isPositive();
      assertThat(f.totalNanos()).isPositive().isGreaterThanOrEqualTo(f.longestNanos());
      assertThat(f.longestNanos()).isPositive();
      assertThat(count(store, "SELECT count(*) FROM events")).isEqualTo(written);
    }
    try (Store store = Store.open(file)) {
      assertThat(count(store, "SELECT count(DISTINCT event_id) FROM events")).isEqualTo(written);
    }
  }

  @Test
  void aStoreInMemoryShouldHaveNoCheckpointThread() {
    try (Store store = Store.inMemory()) {
      assertThat(Checkpoints.start(store, 1, Duration.ofMillis(10))).isNull();
    }
  }
}
