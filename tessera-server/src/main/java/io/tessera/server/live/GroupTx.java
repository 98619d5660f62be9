package io.tessera.server.live;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.store.live.LiveWriter;
import io.tessera.store.live.MembershipChange;
import io.tessera.store.live.WebhookDelivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one group commit (or job, or tick) writes, collected on the writer thread while the
 * parts change the in-memory state, and written in one transaction by {@link GroupWriter}.
 */
final class GroupTx {
  final Instant receivedAt;
  // identify and alias messages (a track/page/screen message is kept as its event)
  final List<LiveWriter.Message> messages = new ArrayList<>();
  final List<Event> events = new ArrayList<>();
  final List<Order> orders = new ArrayList<>();
  final List<LiveWriter.AnonymousOrder> anonymousOrders = new ArrayList<>();
  final List<OrderItem> items = new ArrayList<>();
  final List<LiveWriter.Link> links = new ArrayList<>();
  final List<LiveWriter.Traits> traits = new ArrayList<>();
  final List<LiveWriter.CartTimer> timers = new ArrayList<>();
  final List<MembershipChange> changes = new ArrayList<>();
  // customers whose memberships are re-evaluated before the commit: the causing message, and why
  final Map<CustomerId, String> touched = new LinkedHashMap<>();
  final Map<CustomerId, String> causes = new HashMap<>();
  List<WebhookDelivery> deliveries = List.of();

  GroupTx(Instant receivedAt) {
    this.receivedAt = receivedAt;
  }

  /** Marks a customer for re-evaluation, caused by a message. */
  void touch(CustomerId c, String causeEventId, String cause) {
    touched.put(c, causeEventId);
    causes.put(c, cause);
  }
}
