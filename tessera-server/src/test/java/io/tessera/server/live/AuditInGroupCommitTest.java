package io.tessera.server.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.server.auth.AuditLog;
import io.tessera.server.auth.Principal;
import io.tessera.server.auth.Role;
import io.tessera.server.hook.Webhooks;
import io.tessera.server.http.Json;
import io.tessera.server.message.SegmentMessage;
import io.tessera.store.Db;
import io.tessera.store.Store;
import io.tessera.store.live.AccessTables;
import io.tessera.store.live.LiveSchema;
import io.tessera.store.live.WebhookTables;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A customer read's audit row joins the group commit in the committer's hands instead of a commit
 * (and log sync) of its own, and the read still goes on only once its row is durable: when that
 * group commits, or, if the group fails, once the row is written alone. Here the test holds the
 * store's lock, so a group handed to the committer waits in its transaction's begin and can be
 * joined for as long as the test wishes.
 */
class AuditInGroupCommitTest {
  @TempDir Path dir;

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

  private static SegmentMessage cart(String messageId, String userId) throws Exception {
    return SegmentMessage.read(
        Json.MAPPER.readTree(
            "{\"type\":\"track\",\"messageId\":\""
                + messageId
                + "\",\"userId\":\""
                + userId
                + "\",\"event\":\"Product Added\"}"),
        null,
        "message",
        Instant.now());
  }

  private static AccessTables.AuditEntry entry(String action, String customerId) {
    return new AccessTables.AuditEntry(Instant.now(), "k1", "analyst", action, customerId);
  }

  /** The audit rows of an action (read under the store's lock, as another thread would). */
  private static long audited(Store store, String action) {
    try {
      return store.locked(
          c -> {
            try (var s = c.prepareStatement("SELECT count(*) FROM audit_log WHERE action = ?")) {
              s.setString(1, action);
              try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
              }
            }
          });
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Offers the row until a group is in the committer's hands (the writer hands it over soon). */
  private static CompletableFuture<Void> joinOnceHandedOver(
      LiveEngine engine, AccessTables.AuditEntry e) throws InterruptedException {
    for (int i = 0; i < 10_000; i++) {
      CompletableFuture<Void> f = engine.auditInGroupCommit(e);
      if (f != null) {
        return f;
      }
      Thread.sleep(1);
    }
    throw new AssertionError("no group was handed to the committer within 10 s");
  }

  @Test
  void anAuditRowShouldBeDurableWhenItsGroupCommitAnswersIt() throws Exception {
    try (Store store = Store.open(dir.resolve("a.duckdb"))) {
      LiveEngine engine = engine(store);
      assertThat(engine.auditInGroupCommit(entry("customer.read", "c0")))
          .as("no group in the committer's hands: the row is written alone")
          .isNull();
      Store.Transaction held = store.begin();
      CompletableFuture<LiveEngine.IngestResult> ingested =
          engine.ingest(List.of(cart("m1", "c1")));
      CompletableFuture<Void> durable = joinOnceHandedOver(engine, entry("customer.read", "c1"));
      // checked on the thread that completes the future, before anything else can commit
      CompletableFuture<Long> seenThen = durable.thenApply(x -> audited(store, "customer.read"));
      Thread.sleep(200);
      assertThat(durable).as("the group cannot commit while the test holds the lock").isNotDone();
      assertThat(ingested).isNotDone();
      held.rollback();
      assertThat(seenThen.get()).isEqualTo(1);
      assertThat(ingested.get().accepted()).isEqualTo(1);
      engine.close();
      assertThat(engine.auditInGroupCommit(entry("customer.read", "c2"))).isNull();
      try (var s = store.connection().createStatement();
          ResultSet r =
              s.executeQuery("SELECT key_id, role, customer_id, detail IS NULL FROM audit_log")) {
        assertThat(r.next()).isTrue();
        assertThat(List.of(r.getString(1), r.getString(2), r.getString(3), r.getBoolean(4)))
            .containsExactly("k1", "analyst", "c1", true);
        assertThat(r.next()).isFalse();
      }
    }
  }

  @Test
  void aReadWhoseGroupFailsShouldStillBeAuditedBeforeItGoesOn() throws Exception {
    try (Store store = Store.open(dir.resolve("f.duckdb"))) {
      LiveEngine engine = engine(store);
      engine.putRule("carts", "Carts", "count(add_to_cart, 7d) >= 1").get();
      // the change log cannot be written: the next group fails and rolls back
      store.execute("DROP TABLE membership_changes");
      Store.Transaction held = store.begin();
      CompletableFuture<LiveEngine.IngestResult> ingested =
          engine.ingest(List.of(cart("m1", "c1")));
      CompletableFuture<Void> lost = joinOnceHandedOver(engine, entry("probe", "c1"));
      AtomicBoolean joined = new AtomicBoolean();
      AuditLog log =
          new AuditLog(
              new AccessTables(new Db(store)),
              Clock.systemUTC(),
              e -> {
                CompletableFuture<Void> f = engine.auditInGroupCommit(e);
                joined.set(f != null);
                return f;
              });
      Thread reader =
          Thread.ofPlatform()
              .start(
                  () ->
                      log.record(
                          new Principal("k2", "reader", Role.ANALYST), "customer.read", "c1"));
      reader.join(300);
      assertThat(reader.isAlive()).as("the read waits for its row's commit").isTrue();
      held.rollback();
      reader.join(10_000);
      assertThat(reader.isAlive()).isFalse();
      assertThat(joined).as("the read joined the group in the committer's hands").isTrue();
      assertThatThrownBy(lost::get).isInstanceOf(ExecutionException.class);
      assertThatThrownBy(ingested::get).isInstanceOf(ExecutionException.class);
      engine.close();
      assertThat(audited(store, "probe")).as("rolled back with its group").isZero();
      assertThat(audited(store, "customer.read"))
          .as("written alone after the failure")
          .isEqualTo(1);
    }
  }
}
