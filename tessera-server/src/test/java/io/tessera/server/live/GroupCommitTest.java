package io.tessera.server.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.server.hook.Webhooks;
import io.tessera.server.http.Json;
import io.tessera.server.message.SegmentMessage;
import io.tessera.store.Db;
import io.tessera.store.Store;
import io.tessera.store.live.LiveSchema;
import io.tessera.store.live.WebhookTables;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A group commit is one transaction, and stored messages stay duplicates after a restart. */
class GroupCommitTest {
  @TempDir Path dir;

  private static SegmentMessage message(String json) throws Exception {
    return SegmentMessage.read(Json.MAPPER.readTree(json), null, "message", Instant.now());
  }

  private static LiveEngine engine(Store store) throws Exception {
    store.execute(LiveSchema.SQL);
    Clock clock = Clock.systemUTC();
    return new LiveEngine(
            store,
            LiveEngine.Options.defaults(),
            clock,
            new Webhooks(new WebhookTables(new Db(store)), clock))
        .start();
  }

  private static long count(Store store, String sql) throws Exception {
    try (Statement s = store.connection().createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  @Test
  void aGroupThatFailsToWriteShouldLeaveNoRowBehind() throws Exception {
    try (Store store = Store.open(dir.resolve("s.duckdb"))) {
      LiveEngine engine = engine(store);
      engine.putRule("carts", "Carts", "count(add_to_cart, 7d) >= 1").get();
      // the change log cannot be written: the group's event must not be committed without it
      store.execute("DROP TABLE membership_changes");
      SegmentMessage m =
          message(
              "{\"type\":\"track\",\"messageId\":\"m1\",\"userId\":\"c1\",\"event\":\"Product"
                  + " Added\"}");
      assertThatThrownBy(() -> engine.ingest(List.of(m)).get())
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("could not write");
      engine.close();
      assertThat(count(store, "SELECT count(*) FROM events")).isZero();
      assertThat(count(store, "SELECT count(*) FROM live_messages")).isZero();
    }
  }

  @Test
  void storedMessagesShouldStayDuplicatesAfterARestart() throws Exception {
    Path file = dir.resolve("r.duckdb");
    List<SegmentMessage> messages =
        List.of(
            message(
                "{\"type\":\"track\",\"messageId\":\"t1\",\"userId\":\"c1\",\"event\":\"Product"
                    + " Viewed\"}"),
            message(
                "{\"type\":\"identify\",\"messageId\":\"i1\",\"userId\":\"c1\","
                    + "\"anonymousId\":\"a1\"}"),
            message("{\"type\":\"page\",\"messageId\":\"p1\",\"anonymousId\":\"a2\"}"));
    try (Store store = Store.open(file)) {
      LiveEngine engine = engine(store);
      assertThat(engine.ingest(messages).get()).isEqualTo(new LiveEngine.IngestResult(3, 0));
      engine.close();
    }
    try (Store store = Store.open(file)) {
      LiveEngine engine = engine(store);
      assertThat(engine.ingest(messages).get()).isEqualTo(new LiveEngine.IngestResult(0, 3));
      assertThat(engine.eventCount()).isEqualTo(2);
      engine.close();
    }
  }
}
