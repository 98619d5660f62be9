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

  /**
   * A group is acknowledged once synced to the engine's log; DuckDB takes it behind. When DuckDB
   * refuses it (here the change log's table is gone), none of its rows is left there, the engine
   * refuses new events, and the group stays in the log: the next start, with the table back, stores
   * it.
   */
  @Test
  void aGroupTheStoreRefusesShouldLeaveNoRowBehindAndBeStoredAtTheNextStart() throws Exception {
    Path file = dir.resolve("s.duckdb");
    try (Store store = Store.open(file)) {
      LiveEngine engine = engine(store);
      engine.putRule("carts", "Carts", "count(add_to_cart, 7d) >= 1").get();
      store.execute("DROP TABLE membership_changes");
      SegmentMessage m =
          message(
              "{\"type\":\"track\",\"messageId\":\"m1\",\"userId\":\"c1\",\"event\":\"Product"
                  + " Added\"}");
      assertThat(engine.ingest(List.of(m)).get().accepted()).isEqualTo(1);
      long end = System.nanoTime() + 30_000_000_000L;
      while (engine.healthy() && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      assertThat(engine.healthy()).isFalse();
      SegmentMessage next =
          message(
              "{\"type\":\"track\",\"messageId\":\"m2\",\"userId\":\"c1\",\"event\":\"Product"
                  + " Added\"}");
      assertThatThrownBy(() -> engine.ingest(List.of(next)).get())
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("stopped after a store failure");
      engine.close();
      assertThat(count(store, "SELECT count(*) FROM events")).isZero();
      assertThat(count(store, "SELECT count(*) FROM live_messages")).isZero();
    }
    try (Store store = Store.open(file)) {
      LiveEngine engine = engine(store); // the schema puts the table back
      assertThat(count(store, "SELECT count(*) FROM events")).isEqualTo(1);
      assertThat(count(store, "SELECT count(*) FROM membership_changes")).isEqualTo(1);
      assertThat(engine.segments().stream().filter(x -> x.id().equals("rule:carts")))
          .singleElement()
          .extracting(LiveEngine.SegmentView::size)
          .isEqualTo(1);
      engine.close();
    }
  }

  /**
   * Requests from many threads at once: the writer folds the next group while the committer logs
   * the previous one, and each request must be answered only once its messages are durable (synced
   * to the engine's log: {@code KillMidLoadTest} kills a server to check that) and visible in the
   * store to a read that waits for the log ({@link LiveEngine#awaitStored}), each message id stored
   * once (retries inside and across requests are duplicates).
   */
  @Test
  void concurrentRequestsShouldBeAnsweredOnlyOnceDurableAndStoredOnce() throws Exception {
    try (Store store = Store.open(dir.resolve("c.duckdb"))) {
      LiveEngine engine = engine(store);
      int threads = 6;
      int requests = 40;
      int size = 25;
      List<String> notDurable = new java.util.concurrent.CopyOnWriteArrayList<>();
      java.util.concurrent.atomic.AtomicInteger accepted =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger duplicates =
          new java.util.concurrent.atomic.AtomicInteger();
      List<Thread> senders = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        senders.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int r = 0; r < requests; r++) {
                        List<SegmentMessage> batch = new java.util.ArrayList<>();
                        for (int i = 0; i < size; i++) {
                          // every thread sends the same ids for i < 5: retries of each other
                          String id =
                              i < 5 ? "shared-" + r + "-" + i : "t" + thread + "-" + r + "-" + i;
                          batch.add(track(id, "c" + (i % 7)));
                        }
                        String last = "t" + thread + "-" + r + "-" + (size - 1);
                        try {
                          LiveEngine.IngestResult result =
                              engine
                                  .ingest(batch)
                                  .thenApply(
                                      x -> {
                                        engine.awaitStored();
                                        if (!stored(store, last)) {
                                          notDurable.add(last);
                                        }
                                        return x;
                                      })
                                  .get();
                          accepted.addAndGet(result.accepted());
                          duplicates.addAndGet(result.duplicates());
                        } catch (Exception e) {
                          throw new IllegalStateException(e);
                        }
                      }
                    }));
      }
      for (Thread t : senders) {
        t.join();
      }
      engine.close();
      long unique = (long) threads * requests * (size - 5) + requests * 5L;
      assertThat(notDurable).isEmpty();
      assertThat(accepted.get()).isEqualTo(unique);
      assertThat(duplicates.get()).isEqualTo((long) threads * requests * size - unique);
      assertThat(count(store, "SELECT count(*) FROM events")).isEqualTo(unique);
      assertThat(count(store, "SELECT count(DISTINCT event_id) FROM events")).isEqualTo(unique);
      assertThat(engine.eventCount()).isEqualTo(unique);
    }
  }

  /**
   * A backlog that queued while nothing could be written (here the test holds the store's lock, so
   * the writer thread waits in a job) is not folded into one group once the committer is free: a
   * group takes queued requests for {@link GroupWriter#MAX_FOLD_NANOS} of folding, is handed over,
   * and the rest is folded into the next groups while it is written. Before, the 15,000 queued
   * messages were one group (under the 20,000 cap), each request waiting for the whole fold. Every
   * request is still answered only once durable.
   */
  @Test
  void aBacklogShouldBeSplitIntoGroupsOnceTheCommitterIsFree() throws Exception {
    try (Store store = Store.open(dir.resolve("b.duckdb"))) {
      LiveEngine engine = engine(store);
      Store.Transaction held = store.begin();
      java.util.concurrent.CompletableFuture<RuleSegment> job =
          engine.putRule("carts", "Carts", "count(add_to_cart, 7d) >= 1");
      List<java.util.concurrent.CompletableFuture<LiveEngine.IngestResult>> answers =
          new java.util.ArrayList<>();
      for (int r = 0; r < 300; r++) {
        List<SegmentMessage> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
          batch.add(track("b" + r + "-" + i, "c" + (i * 7 + r) % 100));
        }
        answers.add(engine.ingest(batch));
      }
      long groupsBefore = engine.writerStats().groups();
      assertThat(answers).noneMatch(java.util.concurrent.CompletableFuture::isDone);
      held.rollback();
      job.get();
      int accepted = 0;
      for (var a : answers) {
        accepted += a.get().accepted();
      }
      long groups = engine.writerStats().groups() - groupsBefore;
      engine.close();
      assertThat(accepted).isEqualTo(15_000);
      assertThat(count(store, "SELECT count(*) FROM events")).isEqualTo(15_000);
      assertThat(groups).isBetween(2L, 300L);
    }
  }

  /**
   * A message is converted to its records once, when received, for the customer its userId names;
   * an anonymous visitor's event is converted again only when an identify earlier in the same group
   * named its customer: it is stored and folded as that customer's.
   */
  @Test
  void anAnonymousEventAfterItsIdentifyShouldBeTheCustomers() throws Exception {
    try (Store store = Store.open(dir.resolve("a.duckdb"))) {
      LiveEngine engine = engine(store);
      List<SegmentMessage> messages =
          List.of(
              message(
                  "{\"type\":\"identify\",\"messageId\":\"i1\",\"userId\":\"c9\","
                      + "\"anonymousId\":\"a9\"}"),
              message(
                  "{\"type\":\"track\",\"messageId\":\"t1\",\"anonymousId\":\"a9\","
                      + "\"event\":\"Product Added\"}"),
              message(
                  "{\"type\":\"track\",\"messageId\":\"t2\",\"anonymousId\":\"a8\","
                      + "\"event\":\"Product Added\"}"));
      assertThat(engine.ingest(messages).get()).isEqualTo(new LiveEngine.IngestResult(3, 0));
      engine.close();
      assertThat(count(store, "SELECT count(*) FROM events WHERE customer_id = 'c9'")).isEqualTo(1);
      assertThat(count(store, "SELECT count(*) FROM events WHERE customer_id IS NULL"))
          .isEqualTo(1);
      double[] profile = engine.profileValues("c9", engine.today());
      assertThat(profile[io.tessera.profile.ProfileField.EVENTS_ADD_TO_CART.ordinal()])
          .isEqualTo(1.0);
    }
  }

  private static SegmentMessage track(String messageId, String userId) {
    try {
      return message(
          "{\"type\":\"track\",\"messageId\":\""
              + messageId
              + "\",\"userId\":\""
              + userId
              + "\",\"event\":\"Product Viewed\"}");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether an event is in the store (read under the store's lock, as another thread would). */
  private static boolean stored(Store store, String eventId) {
    try {
      return store.locked(
          c -> {
            try (var s = c.prepareStatement("SELECT count(*) FROM events WHERE event_id = ?")) {
              s.setString(1, eventId);
              try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1) == 1;
              }
            }
          });
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
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

  /**
   * Two accounts of one person touched in one group: the person is evaluated on the merged profile
   * (the fold hands its profile to the evaluation), so the person enters a segment that neither
   * account's own records reach, and the absorbed account enters nothing.
   */
  @Test
  void aMergedPersonsAccountsTouchedInOneGroupShouldBeEvaluatedOnTheMergedProfile()
      throws Exception {
    try (Store store = Store.open(dir.resolve("p.duckdb"))) {
      LiveEngine engine = engine(store);
      engine.putRule("carts3", "Three carts", "count(add_to_cart, 7d) >= 3").get();
      String cart =
          "{\"type\":\"track\",\"messageId\":\"%s\",\"userId\":\"%s\",\"event\":\"Product"
              + " Added\"}";
      engine.ingest(List.of(message(cart.formatted("m1", "a1")))).get();
      engine.ingest(List.of(message(cart.formatted("m2", "a2")))).get();
      engine
          .applyIdentities(
              java.util.Map.of(
                  io.tessera.contract.CustomerId.of("a1"),
                  List.of(
                      io.tessera.contract.CustomerId.of("a1"),
                      io.tessera.contract.CustomerId.of("a2"))),
              "test")
          .get();
      // one group touching a2 then a1: each part has 2 carts, the person 4
      engine
          .ingest(List.of(message(cart.formatted("m3", "a2")), message(cart.formatted("m4", "a1"))))
          .get();
      engine.close();
      assertThat(engine.members("rule:carts3", null, 10)).containsExactly("a1");
      // one entry, for the person, caused by the message of the account touched first
      try (Statement s = store.connection().createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT customer_id, change, cause_event_id FROM membership_changes"
                      + " WHERE segment_id = 'rule:carts3' ORDER BY seq")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).isEqualTo("a1");
        assertThat(r.getString(2)).isEqualTo("entered");
        assertThat(r.getString(3)).isEqualTo("m3");
        assertThat(r.next()).isFalse();
      }
    }
  }
}
