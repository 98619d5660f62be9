package io.tessera.feature;

import io.tessera.contract.Consent;
import io.tessera.contract.Customer;
import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.OrderStatus;
import io.tessera.profile.ProfileFold;
import io.tessera.profile.ProfileTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small seeded populations: orders with lines, some events, customers with a survey score. */
final class Populations {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private Populations() {}

  record Population(ProfileTable profiles, List<Customer> customers) {}

  static Population of(int customers, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Order> orders = new ArrayList<>();
    List<OrderItem> items = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    List<Customer> people = new ArrayList<>();
    String[] categories = {"books", "toys", "garden"};
    for (int c = 0; c < customers; c++) {
      CustomerId id = CustomerId.of(String.format("c%04d", c));
      // a fifth of the customers never ordered; spend is heavy-tailed
      int n = random.nextInt(5) == 0 ? 0 : 1 + (int) Math.floor(-3 * Math.log(random.nextDouble()));
      for (int k = 0; k < n; k++) {
        String orderId = id + "-o" + k;
        Instant at = START.plusSeconds(random.nextLong(180L * 86_400));
        double amount = Math.round(Math.exp(random.nextDouble(1, 7)) * 100) / 100.0;
        orders.add(
            new Order(orderId, id, at, Money.of(amount, "EUR"), OrderStatus.COMPLETED, null, null));
        items.add(new OrderItem(orderId, "p", categories[random.nextInt(3)], 1, amount));
      }
      int e = random.nextInt(12);
      for (int k = 0; k < e; k++) {
        Instant at = START.plusSeconds(random.nextLong(180L * 86_400));
        events.add(new Event(id + "-e" + k, "page_view", at, id, null, null, null, null, null));
      }
      String score = random.nextInt(10) == 0 ? "" : Integer.toString(1 + random.nextInt(10));
      people.add(
          new Customer(
              id,
              null,
              null,
              null,
              "DE",
              null,
              null,
              null,
              Consent.UNKNOWN,
              Map.of("survey_score", score)));
    }
    ProfileTable table =
        ProfileFold.fold(
            ProfileFold.Inputs.of(orders, items, events, List.of(), List.of()),
            ProfileFold.Options.defaults().withThreads(2));
    return new Population(table, people);
  }
}
