package io.tessera.profile;

import io.tessera.contract.Order;

/** Orders by status: the order count and the return rate. */
public final class OrderCounts implements Aggregator<Order, OrderCounts> {
  private int completed;
  private int returned;
  private int cancelled;

  @Override
  public void add(Order order) {
    switch (order.status()) {
      case COMPLETED -> completed++;
      case RETURNED -> returned++;
      case CANCELLED -> cancelled++;
    }
  }

  @Override
  public void merge(OrderCounts other) {
    completed += other.completed;
    returned += other.returned;
    cancelled += other.cancelled;
  }

  @Override
  public OrderCounts copy() {
    OrderCounts c = new OrderCounts();
    c.merge(this);
    return c;
  }

  /** Completed orders: the purchases that count as frequency. */
  public int completed() {
    return completed;
  }

  public int returned() {
    return returned;
  }

  public int cancelled() {
    return cancelled;
  }

  /** All orders whatever their status. */
  public int total() {
    return completed + returned + cancelled;
  }

  /**
   * Returned orders over delivered ones (completed + returned); cancelled orders never reached the
   * customer and do not count. NaN when nothing was delivered.
   */
  public double returnRate() {
    int delivered = completed + returned;
    return delivered == 0 ? Double.NaN : (double) returned / delivered;
  }
}
