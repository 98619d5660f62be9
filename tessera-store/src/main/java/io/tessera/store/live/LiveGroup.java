package io.tessera.store.live;

import io.tessera.contract.Event;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import java.time.Instant;
import java.util.List;

/**
 * Everything one group commit of the live engine stores: its rows for each live table and the
 * audited reads logged with it. It is what the engine's log ({@link LiveLog}) holds until the rows
 * are in DuckDB ({@link LiveWriter#write}). The lists are the engine's own, handed over once the
 * group is folded and never changed afterwards, so they are not copied.
 *
 * @param receivedAt when the group's messages were received (their rows' time)
 */
public record LiveGroup(
    Instant receivedAt,
    List<LiveWriter.Message> messages,
    List<Event> events,
    List<Order> orders,
    List<LiveWriter.AnonymousOrder> anonymousOrders,
    List<OrderItem> items,
    List<LiveWriter.Link> links,
    List<LiveWriter.Traits> traits,
    List<LiveWriter.CartTimer> timers,
    List<MembershipChange> changes,
    List<WebhookDelivery> deliveries,
    List<AccessTables.AuditEntry> audits) {

  /** A group of audited reads alone. */
  public static LiveGroup audits(Instant at, List<AccessTables.AuditEntry> audits) {
    return new LiveGroup(
        at, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
        List.of(), List.of(), audits);
  }
}
