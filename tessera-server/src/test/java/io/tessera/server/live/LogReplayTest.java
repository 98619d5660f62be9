package io.tessera.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.server.hook.Webhooks;
import io.tessera.store.Db;
import io.tessera.store.Store;
import io.tessera.store.live.LiveGroup;
import io.tessera.store.live.LiveLog;
import io.tessera.store.live.LiveSchema;
import io.tessera.store.live.LiveWriter;
import io.tessera.store.live.WebhookTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's log holds acknowledged groups DuckDB may not have yet: a start writes exactly those
 * into the store before loading the state, and a second start writes none of them again.
 */
class LogReplayTest {
  @TempDir Path dir;

  private static LiveEngine engine(Store store) {
    Clock clock = Clock.systemUTC();
    return new LiveEngine(
        store,
        LiveEngine.Options.defaults(),
        clock,
        new Webhooks(new WebhookTables(new Db(store)), clock));
  }

  private static long count(Store store, String sql) throws Exception {
    try (Statement s = store.connection().createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static LiveGroup cart(String messageId, Instant at) {
    Event e =
        new Event(messageId, "add_to_cart", at, CustomerId.of("c1"), null, null, null, null, null);
    return new LiveGroup(
        at,
        List.of(),
        List.of(e),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(new LiveWriter.Traits("c1", "{\"plan\":\"pro\"}")),
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }

  @Test
  void groupsLoggedButNotStoredShouldBeStoredOnceAtTheNextStart() throws Exception {
    Path file = dir.resolve("r.duckdb");
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    try (Store store = Store.open(file)) {
      LiveSchema.create(store);
      engine(store).start().close(); // the store holds position 0, the log is empty
    }
    // what a process killed after its acknowledgements and before its DuckDB write leaves behind
    LiveLog log = LiveLog.of(file);
    log.start(0);
    log.append(LiveLog.encode(cart("m1", at)), s -> {});
    long last = log.append(LiveLog.encode(cart("m2", at.plusSeconds(1))), s -> {});
    log.sync(last);
    log.close();

    try (Store store = Store.open(file)) {
      LiveEngine engine = engine(store);
      assertThat(engine.eventCount()).isEqualTo(2);
      assertThat(count(store, "SELECT count(*) FROM events")).isEqualTo(2);
      assertThat(count(store, "SELECT count(*) FROM live_traits")).isEqualTo(2);
      assertThat(count(store, "SELECT max(seq) FROM live_log_position")).isEqualTo(2);
      engine.start().close();
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.filter(p -> p.toString().contains(".live-log."))).isEmpty();
    }
    try (Store store = Store.open(file)) {
      LiveEngine engine = engine(store);
      assertThat(engine.eventCount()).isEqualTo(2);
      assertThat(count(store, "SELECT count(*) FROM events")).isEqualTo(2);
      engine.close();
    }
  }

  @Test
  void anAcknowledgedIdentifysTraitsShouldBeReadableWhetherOrNotDuckDbHasThemYet()
      throws Exception {
    try (Store store = Store.open(dir.resolve("t.duckdb"))) {
      LiveSchema.create(store);
      LiveEngine engine = engine(store).start();
      var m =
          io.tessera.server.message.SegmentMessage.read(
              io.tessera.server.http.Json.MAPPER.readTree(
                  "{\"type\":\"identify\",\"messageId\":\"i1\",\"userId\":\"c9\","
                      + "\"traits\":{\"plan\":\"gold\"}}"),
              null,
              "message",
              Instant.now());
      engine.ingest(List.of(m)).get();
      // acknowledged: held by the engine until DuckDB has them, then by DuckDB alone
      boolean pending = engine.pendingTraits("c9") != null;
      engine.awaitStored();
      assertThat(engine.pendingTraits("c9")).isNull();
      assertThat(count(store, "SELECT count(*) FROM live_traits WHERE customer_id = 'c9'"))
          .isEqualTo(1);
      System.out.println("traits pending right after the acknowledgement: " + pending);
      engine.close();
    }
  }
}
