package io.tessera.profile;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.EventType;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A large synthetic population generated lazily, customer by customer, so that a million customers
 * can be folded without holding twenty million records: each customer's records depend only on the
 * seed and the customer's index, so any customer can be regenerated for a spot check. Public for
 * the JMH benchmarks of tessera-bench.
 */
public final class SyntheticRecords {
  private static final long BASE = Instant.parse("2025-01-01T00:00:00Z").getEpochSecond();
  private static final EventType[] TYPES = {
    EventType.PAGE_VIEW,
    EventType.PAGE_VIEW,
    EventType.PRODUCT_VIEW,
    EventType.ADD_TO_CART,
    EventType.PURCHASE,
    EventType.EMAIL_OPEN,
    EventType.EMAIL_CLICK,
    EventType.LOGIN
  };

  private final int customers;
  private final long seed;

  public SyntheticRecords(int customers, long seed) {
    this.customers = customers;
    this.seed = seed;
  }

  static CustomerId id(int i) {
    return CustomerId.of("c" + i);
  }

  /** About 5 orders per customer (0 to 10). */
  List<Order> orders(int i) {
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
    int n = r.nextInt(11);
    List<Order> out = new ArrayList<>(n);
    CustomerId id = id(i);
    for (int k = 0; k < n; k++) {
      OrderStatus status = r.nextInt(10) == 0 ? OrderStatus.RETURNED : OrderStatus.COMPLETED;
      out.add(
          new Order(
              "o" + i + "-" + k,
              id,
              Instant.ofEpochSecond(BASE + r.nextLong(365L * 86_400)),
              Money.of(Math.round(r.nextDouble(5, 300) * 100) / 100.0, "EUR"),
              status,
              null,
              null));
    }
    return out;
  }

  /** About 15 events per customer (0 to 30), in sessions of a few events. */
  List<Event> events(int i) {
    SplittableRandom r = new SplittableRandom(seed * 2_000_003L + i);
    int n = r.nextInt(31);
    List<Event> out = new ArrayList<>(n);
    CustomerId id = id(i);
    long t = BASE + r.nextLong(365L * 86_400);
    for (int k = 0; k < n; k++) {
      t += r.nextInt(4) == 0 ? r.nextLong(86_400 * 10L) : r.nextLong(600);
      String session = r.nextBoolean() ? null : "s" + (t / 7200);
      out.add(
          new Event(
              "e" + i + "-" + k,
              TYPES[r.nextInt(TYPES.length)].wireName(),
              Instant.ofEpochSecond(t),
              id,
              null,
              null,
              null,
              session,
              null));
    }
    return out;
  }

  public ProfileFold.Inputs inputs() {
    Stream<Order> orders = IntStream.range(0, customers).boxed().flatMap(i -> orders(i).stream());
    Stream<Event> events = IntStream.range(0, customers).boxed().flatMap(i -> events(i).stream());
    return new ProfileFold.Inputs(orders, null, events, null, null);
  }

  /** The number of records the population holds (generated again, counted). */
  long recordCount() {
    long n = 0;
    for (int i = 0; i < customers; i++) {
      n += orders(i).size() + events(i).size();
    }
    return n;
  }

  /** One customer's profile folded sequentially, for spot checks. */
  CustomerProfile sequential(int i, ProfileSettings settings) {
    CustomerProfile p = new CustomerProfile(id(i), settings);
    orders(i).forEach(p::add);
    events(i).forEach(p::add);
    return p;
  }
}
