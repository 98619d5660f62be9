package io.tessera.pipeline.churn;

import io.tessera.contract.Order;
import io.tessera.contract.OrderStatus;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Completed orders as (customer, day in the zone, amount), the input of the next-purchase and
 * backtest BG/NBD fits.
 */
record OrderDays(String[] ids, LocalDate[] days, double[] amounts) {
  static OrderDays of(List<Order> orders, ZoneId zone) {
    List<Order> done = orders.stream().filter(o -> o.status() == OrderStatus.COMPLETED).toList();
    String[] ids = new String[done.size()];
    LocalDate[] days = new LocalDate[done.size()];
    double[] amounts = new double[done.size()];
    for (int i = 0; i < ids.length; i++) {
      Order o = done.get(i);
      ids[i] = o.customerId().value();
      days[i] = LocalDate.ofInstant(o.orderedAt(), zone);
      amounts[i] = o.amount() == null ? 0 : o.amount().amount();
    }
    return new OrderDays(ids, days, amounts);
  }
}
