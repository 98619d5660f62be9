package io.tessera.server.live;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.EventType;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderStatus;
import io.tessera.server.message.Records;
import io.tessera.store.live.LiveReader;
import io.tessera.store.live.LiveWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Anonymous-to-known linking: an identify (or a message with both ids, or an alias) links an
 * anonymous id to a customer, and the visitor's earlier events and orders become the customer's.
 * The first link of an anonymous id stands: a device shared later does not move history.
 */
final class AnonymousLinks implements Identities {
  private final String baseCurrency;
  // read by API threads (a customer's anonymous ids)
  private final Map<String, CustomerId> anonymousToCustomer = new ConcurrentHashMap<>();
  // writer thread only: records of visitors not linked yet, and their orders by event id
  private final Map<String, List<Records.Converted>> pending = new HashMap<>();
  private final Map<String, Order> anonymousOrders = new HashMap<>();

  AnonymousLinks(String baseCurrency) {
    this.baseCurrency = baseCurrency;
  }

  @Override
  public CustomerId customerOf(String anonymousId) {
    return anonymousToCustomer.get(anonymousId);
  }

  @Override
  public List<Records.Converted> link(
      String anonymousId, CustomerId customer, String messageId, GroupTx tx) {
    if (anonymousToCustomer.containsKey(anonymousId)) {
      return null; // the first link stands; a device shared later does not move history
    }
    anonymousToCustomer.put(anonymousId, customer);
    tx.links.add(new LiveWriter.Link(anonymousId, customer.value(), messageId));
    List<Records.Converted> earlier = pending.remove(anonymousId);
    if (earlier == null) {
      return null;
    }
    List<Records.Converted> out = new ArrayList<>(earlier.size());
    for (Records.Converted r : earlier) {
      out.add(forCustomer(r, customer));
    }
    return out;
  }

  /** An anonymous record as the customer's: the event with their id, a purchase as their order. */
  private Records.Converted forCustomer(Records.Converted r, CustomerId customer) {
    Event e = r.event();
    Event linked =
        new Event(
            e.eventId(),
            e.type(),
            e.occurredAt(),
            customer,
            e.anonymousId(),
            e.deviceId(),
            e.emailPseudonym(),
            e.sessionId(),
            e.properties());
    Order order = null;
    if (e.kind() == EventType.PURCHASE) {
      double amount = 0;
      String orderId = e.eventId();
      Map<String, String> attributes = Map.of();
      // the anonymous order was written with its amount; rebuild it for the customer
      Order placeholder = anonymousOrders.remove(e.eventId());
      if (placeholder != null) {
        amount = placeholder.amount().amount();
        orderId = placeholder.orderId();
        attributes = placeholder.attributes();
      }
      order =
          new Order(
              orderId,
              customer,
              e.occurredAt(),
              Money.of(amount, baseCurrency),
              OrderStatus.COMPLETED,
              "live",
              attributes);
    }
    return new Records.Converted(linked, order, r.items());
  }

  @Override
  public void holdAnonymous(String anonymousId, Records.Converted record, Order placeholder) {
    pending.computeIfAbsent(anonymousId, k -> new ArrayList<>()).add(record);
    if (placeholder != null) {
      anonymousOrders.put(record.event().eventId(), placeholder);
    }
  }

  @Override
  public List<String> anonymousIds(CustomerId customer) {
    return anonymousToCustomer.entrySet().stream()
        .filter(e -> e.getValue().equals(customer))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  @Override
  public void load(LiveReader store) {
    anonymousToCustomer.clear();
    pending.clear();
    anonymousOrders.clear();
    store.identityLinks().forEach((a, c) -> anonymousToCustomer.put(a, CustomerId.of(c)));
    for (var e : store.pendingAnonymous(anonymousToCustomer.keySet(), baseCurrency).entrySet()) {
      List<Records.Converted> records = new ArrayList<>();
      for (LiveReader.AnonymousEvent a : e.getValue().events()) {
        records.add(new Records.Converted(a.event(), null, a.items()));
      }
      pending.put(e.getKey(), records);
      anonymousOrders.putAll(e.getValue().orders());
    }
  }
}
