package io.tessera.profile;

import io.tessera.contract.Order;

/**
 * Completed orders that used a discount: an order whose {@value #ATTRIBUTE} attribute (an extra
 * column of the orders source, kept as an attribute by the contract) is not blank. Price-driven
 * customers show up here rather than in spend alone: two customers with the same basket size can
 * differ in whether they only buy with a code.
 */
public final class DiscountUse implements Aggregator<Order, DiscountUse> {
  /** The order attribute that names the discount code used, blank or absent when none. */
  public static final String ATTRIBUTE = "discount_code";

  private int completed;
  private int discounted;

  @Override
  public void add(Order order) {
    if (order.isPurchase()) {
      completed++;
      String code = order.attributes().get(ATTRIBUTE);
      if (code != null && !code.isBlank()) {
        discounted++;
      }
    }
  }

  @Override
  public void merge(DiscountUse other) {
    completed += other.completed;
    discounted += other.discounted;
  }

  @Override
  public DiscountUse copy() {
    DiscountUse c = new DiscountUse();
    c.merge(this);
    return c;
  }

  /** Completed orders with a discount code. */
  public int discounted() {
    return discounted;
  }

  /** Discounted completed orders over completed orders; NaN without a completed order. */
  public double share() {
    return completed == 0 ? Double.NaN : (double) discounted / completed;
  }

  /**
   * The discount share smoothed by Laplace's rule of succession, {@code (discounted + 1) /
   * (completed + 2)}: the posterior mean under a uniform prior. Defined for every customer (0.5
   * without an order), and a single order moves it to 1/3 or 2/3 rather than to 0 or 1, so that
   * one-order customers do not form two spikes that a clustering then splits; after many orders it
   * approaches {@link #share()}.
   */
  public double propensity() {
    return (discounted + 1.0) / (completed + 2.0);
  }
}
