package io.tessera.contract;

import java.time.Instant;
import java.util.Map;

/**
 * One order. {@code amount} is in the source's currency until ingestion normalises it to the
 * configured base currency.
 */
public record Order(
    String orderId,
    CustomerId customerId,
    Instant orderedAt,
    Money amount,
    OrderStatus status,
    String channel,
    Map<String, String> attributes) {

  public Order {
    Fields.requireText(orderId, "order_id");
    if (customerId == null) {
      throw new IllegalArgumentException("customer_id is required");
    }
    if (orderedAt == null) {
      throw new IllegalArgumentException("ordered_at is required");
    }
    if (amount == null) {
      throw new IllegalArgumentException("amount is required");
    }
    status = status == null ? OrderStatus.COMPLETED : status;
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** Whether this order counts as a purchase (completed, not returned or cancelled). */
  public boolean isPurchase() {
    return status == OrderStatus.COMPLETED;
  }
}
