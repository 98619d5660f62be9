package io.tessera.server.live;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.EventType;
import io.tessera.store.live.LiveReader;
import io.tessera.store.live.LiveWriter;
import io.tessera.store.live.MembershipChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The cart-abandonment trigger: an add_to_cart after the customer's last purchase starts a timer; a
 * purchase at or after the cart stops it; a timer still waiting at its due time fires {@code
 * trigger:cart_abandoned}. Writer thread only; every state change is logged ({@code cart_timers}).
 */
final class CartTimers {
  private record Timer(String cartEventId, Instant cartAt, Instant dueAt) {}

  private final Duration abandonAfter;
  private final Map<CustomerId, Instant> lastPurchase = new HashMap<>();
  private final Map<CustomerId, Timer> timers = new HashMap<>();
  // no waiting timer is due before this (null: none waits); each tick checks it, not every timer
  private Instant earliestDue;

  CartTimers(Duration abandonAfter) {
    this.abandonAfter = abandonAfter;
  }

  /** Replaces the state with the store's: last purchases and the timers still waiting. */
  void load(LiveReader store) {
    lastPurchase.clear();
    timers.clear();
    store.lastPurchases().forEach((c, at) -> lastPurchase.put(CustomerId.of(c), at));
    for (LiveReader.WaitingCart w : store.waitingCarts()) {
      timers.put(CustomerId.of(w.customerId()), new Timer(w.cartEventId(), w.cartAt(), w.dueAt()));
    }
    earliestDue = earliest();
  }

  /** The earliest due time of the waiting timers, or null. */
  private Instant earliest() {
    Instant first = null;
    for (Timer t : timers.values()) {
      if (first == null || t.dueAt().isBefore(first)) {
        first = t.dueAt();
      }
    }
    return first;
  }

  /** Starts or stops the customer's timer on a purchase or add_to_cart event. */
  void onEvent(CustomerId c, Event e, GroupTx tx) {
    EventType kind = e.kind();
    if (kind == EventType.PURCHASE) {
      lastPurchase.merge(c, e.occurredAt(), (a, b) -> a.isAfter(b) ? a : b);
      Timer t = timers.get(c);
      if (t != null && !e.occurredAt().isBefore(t.cartAt())) {
        timers.remove(c);
        tx.timers.add(state(c, t, "purchased"));
      }
    } else if (kind == EventType.ADD_TO_CART && !timers.containsKey(c)) {
      Instant last = lastPurchase.get(c);
      if (last == null || last.isBefore(e.occurredAt())) {
        Timer t = new Timer(e.eventId(), e.occurredAt(), e.occurredAt().plus(abandonAfter));
        timers.put(c, t);
        if (earliestDue == null || t.dueAt().isBefore(earliestDue)) {
          earliestDue = t.dueAt();
        }
        tx.timers.add(state(c, t, "waiting"));
      }
    }
  }

  /** Whether a timer is due at {@code now}. */
  boolean anyDue(Instant now) {
    if (earliestDue == null || earliestDue.isAfter(now)) {
      return false;
    }
    // a stopped timer may have been the earliest: look at the timers still waiting
    earliestDue = earliest();
    return earliestDue != null && !earliestDue.isAfter(now);
  }

  /** Fires the timers due at {@code now}: each logs its state and a cart_abandoned change. */
  void fireDue(Instant now, LongSupplier nextSeq, GroupTx tx) {
    List<CustomerId> due = new ArrayList<>();
    for (var e : timers.entrySet()) {
      if (!e.getValue().dueAt().isAfter(now)) {
        due.add(e.getKey());
      }
    }
    for (CustomerId c : due) {
      Timer t = timers.remove(c);
      tx.timers.add(state(c, t, "fired"));
      tx.changes.add(
          new MembershipChange(
              nextSeq.getAsLong(),
              now,
              c.value(),
              MembershipChange.CART_ABANDONED,
              MembershipChange.FIRED,
              "timer",
              t.cartEventId()));
    }
    if (!due.isEmpty()) {
      earliestDue = earliest();
    }
  }

  private static LiveWriter.CartTimer state(CustomerId c, Timer t, String state) {
    return new LiveWriter.CartTimer(c.value(), t.cartEventId(), t.cartAt(), t.dueAt(), state);
  }
}
