package io.tessera.profile;

import io.tessera.contract.Order;

/**
 * Revenue of completed orders in the base currency, summed exactly in fixed point (see {@link
 * FixedPoint}); returned and cancelled orders are left out, so this is the monetary value of RFM.
 */
public final class Revenue implements Aggregator<Order, Revenue> {
  private long units;

  @Override
  public void add(Order order) {
    if (order.isPurchase()) {
      units = Math.addExact(units, FixedPoint.toUnits(order.amount().amount(), "amount"));
    }
  }

  @Override
  public void merge(Revenue other) {
    units = Math.addExact(units, other.units);
  }

  @Override
  public Revenue copy() {
    Revenue r = new Revenue();
    r.units = units;
    return r;
  }

  public double total() {
    return FixedPoint.toDouble(units);
  }
}
