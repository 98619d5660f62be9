package io.tessera.recommend;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One bought line: a customer bought an item in an order on a day (the unit of every recommender
 * here).
 *
 * @param customer the customer id
 * @param order the order id (a basket for association rules)
 * @param item the product id
 * @param day the day of the order, in the run's zone
 */
public record Purchase(String customer, String order, String item, LocalDate day) {
  public Purchase {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(day, "day");
  }
}
