package io.tessera.store.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.store.Db;
import io.tessera.store.Store;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.duckdb.DuckDBAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live writer appends a timestamp as epoch microseconds ({@link LiveWriter#timestamp}): the
 * value stored must be the one the appender stored from {@code Db.timestamp(t)} before, and the one
 * a prepared statement stores, for instants before and after the epoch, with and without a fraction
 * of a microsecond.
 */
class LiveTimestampsTest {
  @TempDir Path dir;

  private static List<Instant> instants() {
    List<Instant> out =
        new ArrayList<>(
            List.of(
                Instant.EPOCH,
                Instant.parse("2026-12-07T15:30:00.123456789Z"),
                Instant.parse("1969-12-31T23:59:59.999999500Z"),
                Instant.parse("1969-12-31T23:59:59.000000001Z"),
                Instant.parse("1900-03-01T00:00:00.000001999Z"),
                Instant.parse("2262-04-11T23:47:16.854775807Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z")));
    SplittableRandom r = new SplittableRandom(14);
    for (int i = 0; i < 200; i++) {
      out.add(
          Instant.ofEpochSecond(
              r.nextLong(-5_000_000_000L, 50_000_000_000L), r.nextInt(1_000_000_000)));
    }
    return out;
  }

  @Test
  void epochMicrosShouldEqualTheMicrosecondsTheDateTimePathCounted() {
    LocalDateTime epoch = LocalDateTime.of(1970, 1, 1, 0, 0);
    for (Instant t : instants()) {
      // what the appender's append(LocalDateTime) computes for a TIMESTAMP column
      assertThat(LiveWriter.epochMicros(t))
          .as("%s", t)
          .isEqualTo(epoch.until(Db.timestamp(t), ChronoUnit.MICROS));
    }
  }

  @Test
  void appendedEventTimesShouldEqualThoseTheDateTimePathAppended() throws Exception {
    List<Instant> instants = instants();
    try (Store store = Store.open(dir.resolve("t.duckdb"))) {
      LiveSchema.create(store);
      List<Event> events = new ArrayList<>();
      for (int i = 0; i < instants.size(); i++) {
        events.add(
            new Event(
                "e" + i,
                "page_view",
                instants.get(i),
                CustomerId.of("c1"),
                null,
                null,
                null,
                null,
                null));
      }
      LiveWriter w = new LiveWriter(store);
      w.begin();
      w.appendEvents(events);
      w.commit();
      store.execute("CREATE TABLE expected (i INTEGER, ts TIMESTAMP)");
      // the previous path: the appender given the LocalDateTime
      try (DuckDBAppender a = store.connection().createAppender("main", "expected")) {
        for (int i = 0; i < instants.size(); i++) {
          a.beginRow().append(i).append(Db.timestamp(instants.get(i))).endRow();
        }
      }
      try (Statement s = store.connection().createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT count(*), count(*) FILTER (WHERE e.occurred_at = x.ts)"
                      + " FROM events e JOIN expected x ON e.event_id = 'e' || x.i")) {
        r.next();
        assertThat(r.getLong(1)).isEqualTo(instants.size());
        assertThat(r.getLong(2)).isEqualTo(instants.size());
      }
    }
  }
}
