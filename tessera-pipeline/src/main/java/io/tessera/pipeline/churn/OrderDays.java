package io.tessera.pipeline.churn;

import io.tessera.contract.Order;
import io.tessera.contract.OrderStatus;
import io.tessera.profile.ProfileSettings;
import java.time.LocalDate;
import java.util.List;

/**
 * Completed orders as (customer, purchase day in the configured zone as the profiles count it,
 * amount), the input of the next-purchase and backtest BG/NBD fits.
 */
record OrderDays(String[] ids, LocalDate[] days, double[] amounts) {
  static OrderDays of(List<Order> orders, ProfileSettings settings) {
    List<Order> done = orders.stream().filter(o -> o.status() == OrderStatus.COMPLETED).toList();
    String[] ids = new String[done.size()];
    LocalDate[] days = new LocalDate[done.size()];
    double[] amounts = new double[done.size()];
    for (int i = 0; i < ids.length; i++) {
      Order o = done.get(i);
      ids[i] = o.customerId().value();
      days[i] = settings.day(o.orderedAt());
      amounts[i] = o.amount() == null ? 0 : o.amount().amount();
    }
    return new OrderDays(ids, days, amounts);
  }
}
