package io.tessera.server.live;

import io.tessera.contract.CustomerId;
import io.tessera.contract.EventType;
import io.tessera.contract.Order;
import io.tessera.ingest.RecordRules;
import io.tessera.ingest.Rejection;
import io.tessera.profile.CustomerProfile;
import io.tessera.server.http.ApiException;
import io.tessera.server.message.Records;
import io.tessera.server.message.SegmentMessage;
import io.tessera.store.live.LiveReader;
import io.tessera.store.live.LiveWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies accepted messages to the in-memory state on the writer thread: refuses a message id or
 * order id seen before, resolves the customer ({@link Identities}), folds the records into the
 * profile ({@link LiveProfiles}), starts and stops cart timers ({@link CartTimers}), and collects
 * the rows the group commit writes and the customers it re-evaluates ({@link GroupTx}).
 */
final class MessageFold {
  private final String baseCurrency;
  private final LiveProfiles profiles;
  private final Identities identities;
  private final CartTimers timers;
  // message ids already stored: a message sent again is an idempotent duplicate
  private final MessageIds seenMessages = new MessageIds();
  // order ids already in the store (orders and anonymous orders): a second message with one of
  // them is refused as duplicate_id, as a batch file's second row with the id is quarantined
  private final Set<String> seenOrders = new HashSet<>();
  private final AtomicLong events = new AtomicLong();

  MessageFold(
      String baseCurrency, LiveProfiles profiles, Identities identities, CartTimers timers) {
    this.baseCurrency = baseCurrency;
    this.profiles = profiles;
    this.identities = identities;
    this.timers = timers;
  }

  /** Replaces the state with the store's: the stored message and order ids, the event count. */
  void load(LiveReader store) {
    seenMessages.clear();
    seenOrders.clear();
    events.set(store.eventCount());
    for (String id : store.storedMessageIds()) {
      seenMessages.add(id);
    }
    seenOrders.addAll(store.storedOrderIds());
  }

  long eventCount() {
    return events.get();
  }

  /** Whether the message id is new (and now seen). */
  boolean firstTime(SegmentMessage m) {
    return seenMessages.add(m.messageId());
  }

  /**
   * The refusal of a request whose order id was already accepted (under another messageId), or
   * null. A retried message (same messageId) is an idempotent duplicate, not a refusal.
   *
   * @param batch whether the messages came as a batch (errors name {@code batch[i]})
   */
  ApiException duplicateOrder(List<SegmentMessage> messages, boolean batch) {
    if (!anyOrder(messages)) {
      return null;
    }
    Set<String> ids = new HashSet<>();
    Set<String> orders = new HashSet<>();
    for (int i = 0; i < messages.size(); i++) {
      SegmentMessage m = messages.get(i);
      if (seenMessages.contains(m.messageId()) || !ids.add(m.messageId())) {
        continue;
      }
      String order = Records.orderId(m);
      if (order != null && (seenOrders.contains(order) || !orders.add(order))) {
        String field = (batch ? "batch[" + i + "]" : "message") + ".properties.order_id";
        Rejection r = RecordRules.duplicate(field, order);
        return ApiException.refused(
            "invalid_message", r.getMessage(), r.reason().wireName(), field);
      }
    }
    return null;
  }

  /** Whether a message makes an order (most requests make none: no sets to build then). */
  private static boolean anyOrder(List<SegmentMessage> messages) {
    for (SegmentMessage m : messages) {
      if (Records.orderId(m) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Converts a behavioural message (track, page, screen) to its records for the customer its userId
   * names (none while the sender knows only an anonymousId), as the writer thread will fold them;
   * null for identify and alias. Called once per message, on the receiving thread.
   *
   * @param where the message's place in errors ({@code message}, {@code batch[3]})
   * @throws ApiException 400 naming the field when a value is unusable
   */
  static Records.Converted convert(SegmentMessage m, String baseCurrency, String where) {
    if (m.type().equals("identify") || m.type().equals("alias")) {
      return null;
    }
    CustomerId c;
    try {
      c = m.userId() == null ? null : CustomerId.of(m.userId());
    } catch (IllegalArgumentException e) {
      throw SegmentMessage.invalid(where + ".userId", e.getMessage());
    }
    return Records.convert(m, c, baseCurrency, where);
  }

  /**
   * Applies one new message.
   *
   * @param converted its records from {@link #convert} (null for identify and alias)
   */
  void apply(SegmentMessage m, Records.Converted converted, GroupTx tx) {
    switch (m.type()) {
      case "identify" -> identify(m, tx);
      case "alias" -> {
        tx.messages.add(stored(m));
        link(m.previousId(), CustomerId.of(m.userId()), m.messageId(), tx);
      }
      default -> track(m, converted, tx);
    }
  }

  static LiveWriter.Message stored(SegmentMessage m) {
    return new LiveWriter.Message(m.messageId(), m.type(), m.userId(), m.anonymousId());
  }

  private void identify(SegmentMessage m, GroupTx tx) {
    tx.messages.add(stored(m));
    CustomerId c = CustomerId.of(m.userId());
    if (m.anonymousId() != null) {
      link(m.anonymousId(), c, m.messageId(), tx);
    }
    if (!m.traits().isEmpty()) {
      tx.traits.add(new LiveWriter.Traits(c.value(), m.traits().toString()));
    }
    if (profiles.ensure(c)) {
      tx.touch(c, m.messageId(), "identify", profiles.evaluated(c));
    }
  }

  private void track(SegmentMessage m, Records.Converted converted, GroupTx tx) {
    CustomerId c;
    if (m.userId() != null) {
      // converted on receipt for this customer: its id is already built
      c = converted != null ? converted.event().customerId() : CustomerId.of(m.userId());
      if (m.anonymousId() != null) {
        link(m.anonymousId(), c, m.messageId(), tx);
      }
    } else {
      c = identities.customerOf(m.anonymousId());
    }
    // converted on receipt for the userId's customer, or none: again only for an anonymous
    // visitor an identify has named since
    Records.Converted r =
        converted != null && Objects.equals(converted.event().customerId(), c)
            ? converted
            : Records.convert(m, c, baseCurrency, "message");
    tx.events.add(r.event());
    events.incrementAndGet();
    if (c == null) {
      Order placeholder = null;
      if (r.event().kind() == EventType.PURCHASE) {
        placeholder =
            Records.convert(m, CustomerId.of("anonymous"), baseCurrency, "message").order();
        seenOrders.add(placeholder.orderId());
        tx.anonymousOrders.add(
            new LiveWriter.AnonymousOrder(m.anonymousId(), r.event().eventId(), placeholder));
        tx.items.addAll(r.items());
      }
      identities.holdAnonymous(m.anonymousId(), r, placeholder);
    } else {
      if (r.order() != null) {
        seenOrders.add(r.order().orderId());
        tx.orders.add(r.order());
        tx.items.addAll(r.items());
      }
      tx.touch(c, m.messageId(), "event", addToProfile(c, r, tx));
    }
  }

  private void link(String anonymousId, CustomerId customer, String messageId, GroupTx tx) {
    List<Records.Converted> moved = identities.link(anonymousId, customer, messageId, tx);
    if (moved == null) {
      return;
    }
    for (Records.Converted r : moved) {
      addToProfile(customer, r, tx);
    }
    tx.touch(customer, messageId, "identify", profiles.evaluated(customer));
  }

  /** Folds the records in; the profile to evaluate the customer on (null without consent). */
  private CustomerProfile addToProfile(CustomerId c, Records.Converted r, GroupTx tx) {
    CustomerProfile evaluated = profiles.add(c, r);
    if (evaluated != null) {
      timers.onEvent(c, r.event(), tx);
    }
    return evaluated;
  }
}
