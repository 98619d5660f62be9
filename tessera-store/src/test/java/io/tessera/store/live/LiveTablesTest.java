package io.tessera.store.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.OrderStatus;
import io.tessera.store.Store;
import io.tessera.store.StoreException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live tables as the engine uses them: what {@link LiveWriter} commits, {@link LiveReader}
 * reads back after a reopen (the state a restart rebuilds), and a rolled-back group leaves nothing.
 */
class LiveTablesTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path dir;

  private static Event event(String id, String type, String customer, String anonymous) {
    return new Event(
        id,
        type,
        T0,
        customer == null ? null : CustomerId.of(customer),
        anonymous,
        null,
        null,
        null,
        null);
  }

  private static Order order(String id, String customer, double amount) {
    return new Order(
        id,
        CustomerId.of(customer),
        T0,
        Money.of(amount, "USD"),
        OrderStatus.COMPLETED,
        "live",
        Map.of("coupon", "WELCOME"));
  }

  @Test
  void aCommittedGroupShouldReadBackAsTheStateARestartRebuilds() {
    Path file = dir.resolve("live.duckdb");
    try (Store store = Store.open(file)) {
      LiveSchema.create(store);
      LiveWriter w = new LiveWriter(store);
      w.begin();
      w.appendMessages(List.of(new LiveWriter.Message("i1", "identify", "c1", "a1")), T0);
      w.appendEvents(
          List.of(event("e1", "purchase", "c1", null), event("e2", "page_view", null, "a2")));
      w.appendOrders(
          List.of(order("o1", "c1", 30)),
          List.of(new LiveWriter.AnonymousOrder("a2", "e3", order("o2", "anonymous", 12.5))),
          List.of(new OrderItem("o2", "p1", "books", 2, 6.25)));
      w.link(List.of(new LiveWriter.Link("a1", "c1", "i1")), T0);
      w.appendCartTimers(
          List.of(
              new LiveWriter.CartTimer("c1", "e9", T0, T0.plusSeconds(1800), "waiting"),
              new LiveWriter.CartTimer("c2", "e8", T0, T0.plusSeconds(1800), "waiting"),
              new LiveWriter.CartTimer("c2", "e8", T0, T0.plusSeconds(1800), "purchased")));
      w.appendChanges(
          List.of(
              new MembershipChange(1, T0, "c1", "rule:x", MembershipChange.ENTERED, "event", "e1"),
              new MembershipChange(2, T0, "c1", "rule:y", MembershipChange.ENTERED, "event", "e1"),
              new MembershipChange(3, T0, "c1", "rule:y", MembershipChange.LEFT, "clock", null)));
      w.saveRule("x", "X", "count(purchase, 7d) >= 1", T0, T0, 1);
      w.saveModel("rfm", T0, "{\"v\":1}");
      w.saveModel("rfm", T0.plusSeconds(1), "{\"v\":2}");
      w.commit();
      assertThat(w.inTransaction()).isFalse();
    }
    try (Store store = Store.open(file)) {
      LiveReader r = new LiveReader(store);
      assertThat(r.eventCount()).isEqualTo(2);
      assertThat(r.storedMessageIds()).containsExactlyInAnyOrder("i1", "e1", "e2");
      assertThat(r.storedOrderIds()).containsExactlyInAnyOrder("o1", "o2");
      assertThat(r.identityLinks()).isEqualTo(Map.of("a1", "c1"));
      assertThat(r.currentMemberships()).isEqualTo(Map.of("c1", Set.of("rule:x")));
      assertThat(r.lastChangeSeq()).isEqualTo(3);
      assertThat(r.waitingCarts())
          .containsExactly(new LiveReader.WaitingCart("c1", "e9", T0, T0.plusSeconds(1800)));
      assertThat(r.lastPurchases()).isEqualTo(Map.of("c1", T0));
      assertThat(r.latestModel("rfm")).isEqualTo("{\"v\":2}");
      assertThat(r.latestModel("clustering")).isNull();
      assertThat(r.activeRules())
          .containsExactly(new LiveReader.Rule("x", "X", "count(purchase, 7d) >= 1", T0, 1));
      // a2 is not linked: its page view waits, and so does its order (with its line)
      var pending = r.pendingAnonymous(Set.of(), "USD");
      assertThat(pending).containsOnlyKeys("a2");
      assertThat(pending.get("a2").events()).hasSize(1);
      assertThat(pending.get("a2").orders().get("e3").amount().amount()).isEqualTo(12.5);
      assertThat(pending.get("a2").orders().get("e3").attributes())
          .isEqualTo(Map.of("coupon", "WELCOME"));
      assertThat(r.pendingAnonymous(Set.of("a2"), "USD")).isEmpty();
    }
  }

  @Test
  void aRolledBackGroupShouldLeaveNoRowAndAFailedAppendShouldSayWhy() throws Exception {
    try (Store store = Store.inMemory()) {
      LiveSchema.create(store);
      LiveWriter w = new LiveWriter(store);
      w.begin();
      w.appendEvents(List.of(event("e1", "page_view", "c1", null)));
      w.appendMessages(List.of(new LiveWriter.Message("i1", "identify", "c1", null)), T0);
      w.rollback();
      assertThat(store.count("SELECT count(*) FROM events")).isZero();
      assertThat(store.count("SELECT count(*) FROM live_messages")).isZero();

      store.execute("DROP TABLE membership_changes");
      w.begin();
      assertThatThrownBy(
              () ->
                  w.appendChanges(
                      List.of(
                          new MembershipChange(
                              1, T0, "c1", "rule:x", MembershipChange.ENTERED, "event", "e1"))))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("membership_changes");
      w.rollback();
      assertThat(w.inTransaction()).isFalse();
    }
  }

  @Test
  void deadLettersShouldBeCommittedInATransactionOfTheirOwn() throws Exception {
    try (Store store = Store.inMemory()) {
      LiveSchema.create(store);
      LiveWriter w = new LiveWriter(store);
      w.deadLetters(
          List.of(
              new LiveWriter.Message("m1", "track", "c1", null),
              new LiveWriter.Message("m2", "track", "c1", null)),
          T0,
          "overflow");
      assertThat(w.inTransaction()).isFalse();
      assertThat(new LiveReader(store).deadLetterCount()).isEqualTo(2);
    }
  }
}
