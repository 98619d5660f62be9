package io.tessera.pipeline.churn;

import io.tessera.contract.Order;
import io.tessera.contract.OrderStatus;
import io.tessera.profile.ProfileSettings;
import io.tessera.store.StoreRecords;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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

  /** Every customer's completed orders, handed over a part at a time. */
  @FunctionalInterface
  interface Parts {
    /** Hands each part to {@code part}: every customer's orders are in exactly one part. */
    void forEach(Consumer<OrderDays> part);
  }

  /**
   * The completed orders of {@code records}, read from the store grouped by customer and handed
   * over {@code customers} customers at a time: what a per-customer summary (BG/NBD's) needs of
   * every customer, without holding every customer's orders at once.
   */
  static Parts byCustomer(StoreRecords records, ProfileSettings settings, int customers) {
    return part -> {
      List<String> ids = new ArrayList<>();
      List<LocalDate> days = new ArrayList<>();
      List<Double> amounts = new ArrayList<>();
      String current = null;
      int seen = 0;
      try (var rows = records.completedOrdersByCustomer()) {
        for (var it = rows.iterator(); it.hasNext(); ) {
          StoreRecords.CompletedOrder o = it.next();
          if (!o.customerId().equals(current)) {
            if (seen == customers) {
              part.accept(of(ids, days, amounts));
              ids.clear();
              days.clear();
              amounts.clear();
              seen = 0;
            }
            current = o.customerId();
            seen++;
          }
          ids.add(o.customerId());
          days.add(settings.day(o.orderedAt()));
          amounts.add(o.amount());
        }
      }
      if (!ids.isEmpty()) {
        part.accept(of(ids, days, amounts));
      }
    };
  }

  private static OrderDays of(List<String> ids, List<LocalDate> days, List<Double> amounts) {
    return new OrderDays(
        ids.toArray(String[]::new),
        days.toArray(LocalDate[]::new),
        amounts.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
