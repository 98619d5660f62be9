package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.contract.Customer;
import io.tessera.contract.Event;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.OrderStatus;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.ingest.IngestSettings;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileFold;
import io.tessera.profile.ProfileTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accepted rows come back as the contract records they were, without bots or refusers. */
class StoreRecordsTest {
  @TempDir Path tmp;

  @Test
  void acceptedRowsShouldComeBackAsRecordsWithoutBotsOrExcludedCustomers() throws IOException {
    Files.writeString(
        tmp.resolve("customers.csv"),
        "customer_id,country,birth_year,consent_profiling,score\n"
            + "c1,KR,1990,true,7.5\n"
            + "c2,DE,,false,3\n");
    Files.writeString(
        tmp.resolve("orders.csv"),
        "order_id,customer_id,ordered_at,amount,currency,status,discount_code\n"
            + "o1,c1,2024-01-01T10:00:00.250Z,10.5,EUR,completed,SAVE10\n"
            + "o2,c1,2024-01-02 11:00:00,5,EUR,returned,\n"
            + "o3,c2,2024-01-03,7,EUR,completed,\n");
    Files.writeString(
        tmp.resolve("order_items.csv"),
        "order_id,product_id,category,quantity,unit_price\no1,p1,shoes,2,5.25\nzz,p2,hats,1,1\n");
    StringBuilder events = new StringBuilder("event_id,type,occurred_at,customer_id\n");
    events.append("e1,page_view,2024-01-01T09:00:00Z,c1\n");
    events.append("e2,page_view,2024-01-01T09:00:00Z,\n");
    // 200 events within one minute from one id: a bot by the default rule
    for (int i = 0; i < 200; i++) {
      events.append("b").append(i).append(",page_view,2024-01-05T09:00:00Z,c9\n");
    }
    Files.writeString(tmp.resolve("events.csv"), events);
    try (Store store = Store.inMemory()) {
      Ingestor.ingest(
          TesseraConfig.defaults(tmp),
          store,
          IngestPropertyTest.settings(),
          Ingestor.Progress.NONE);
      StoreRecords records = new StoreRecords(store, Set.of("c2"));
      List<Order> orders;
      try (Stream<Order> s = records.orders()) {
        orders = s.toList();
      }
      assertThat(orders).extracting(Order::orderId).containsExactlyInAnyOrder("o1", "o2");
      Order o1 = orders.stream().filter(o -> o.orderId().equals("o1")).findFirst().orElseThrow();
      assertThat(o1.orderedAt()).isEqualTo(Instant.parse("2024-01-01T10:00:00.250Z"));
      assertThat(o1.amount().amount()).isEqualTo(10.5);
      assertThat(o1.status()).isEqualTo(OrderStatus.COMPLETED);
      // extra columns come back as attributes: profiles count discounted orders from them
      assertThat(o1.attributes()).containsEntry("discount_code", "SAVE10");
      // the completed ones, as RFM reads them: customer, time and amount only
      try (Stream<StoreRecords.CompletedOrder> s = records.completedOrders()) {
        assertThat(s.toList())
            .containsExactly(
                new StoreRecords.CompletedOrder(
                    "c1", Instant.parse("2024-01-01T10:00:00.250Z"), 10.5));
      }
      try (Stream<OrderItem> s = records.items()) {
        assertThat(s.toList())
            .singleElement()
            .satisfies(i -> assertThat(i.lineTotal()).isEqualTo(10.5));
      }
      try (Stream<Event> s = records.events()) {
        assertThat(s.toList())
            .as("anonymous and bot events are left out")
            .extracting(Event::eventId)
            .containsExactly("e1");
      }
      try (Stream<Customer> s = records.customers()) {
        List<Customer> customers = s.toList();
        assertThat(customers).extracting(c -> c.customerId().value()).containsExactly("c1");
        assertThat(customers.get(0).birthYear()).isEqualTo(1990);
        assertThat(customers.get(0).attributes()).containsEntry("score", "7.5");
      }
    }
  }

  @Test
  void completedOrdersShouldComeBackInOrderIdOrderWhateverTheFileOrder() throws IOException {
    // RFM and the lifetime-value fit sum the amounts in the order read; a fixed order keeps the
    // sums, and rfm.json's input_fingerprint, the same in every run
    StringBuilder orders =
        new StringBuilder("order_id,customer_id,ordered_at,amount,currency,status\n");
    List<String> written = new java.util.ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String id = String.format("o%04d", (i * 7919) % 500);
      written.add(id);
      orders
          .append(id)
          .append(",c")
          .append(i % 13)
          .append(",2024-01-01T10:00:00Z,")
          .append(0.1 * (i + 1))
          .append(",EUR,completed\n");
    }
    Files.writeString(tmp.resolve("orders.csv"), orders);
    try (Store store = Store.inMemory()) {
      Ingestor.ingest(
          TesseraConfig.defaults(tmp),
          store,
          IngestPropertyTest.settings(),
          Ingestor.Progress.NONE);
      List<Double> amounts;
      try (Stream<StoreRecords.CompletedOrder> s =
          new StoreRecords(store, Set.of()).completedOrders()) {
        amounts = s.map(StoreRecords.CompletedOrder::amount).toList();
      }
      List<Double> byId =
          written.stream().sorted().map(id -> 0.1 * (written.indexOf(id) + 1)).toList();
      assertThat(written).isNotEqualTo(written.stream().sorted().toList());
      assertThat(amounts).isEqualTo(byId);
    }
  }

  @Test
  void aSampleShouldDrawTheBuyersWithTheSmallestIdHashesAndReadOnlyTheirRecords()
      throws IOException {
    GeneratorOptions options = new GeneratorOptions(300, 365, 5, 0.0, null);
    SyntheticShop.write(options, tmp);
    Map<String, Double> rates = new java.util.HashMap<>();
    for (String line :
        Files.readAllLines(tmp.resolve("currency_rates.csv")).stream().skip(1).toList()) {
      rates.put(line.split(",")[0], Double.parseDouble(line.split(",")[1]));
    }
    try (Store store = Store.inMemory()) {
      Ingestor.ingest(
          TesseraConfig.defaults(tmp),
          store,
          new IngestSettings(
              ZoneOffset.UTC,
              options.endDate().plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant(),
              "USD",
              rates,
              null,
              1_000),
          Ingestor.Progress.NONE);
      StoreRecords all = new StoreRecords(store, Set.of());
      List<Order> orders;
      try (var s = all.orders()) {
        orders = s.toList();
      }
      // the draw computed here, from the ids alone: the 100 smallest MD5s of the buyers' ids
      List<String> hashes =
          orders.stream()
              .filter(o -> o.status() == OrderStatus.COMPLETED)
              .map(o -> io.tessera.store.CustomerSample.md5(o.customerId().value()))
              .distinct()
              .sorted()
              .toList();
      assertThat(hashes.size()).isGreaterThan(200);
      Set<String> buyers =
          orders.stream()
              .filter(o -> o.status() == OrderStatus.COMPLETED)
              .map(o -> o.customerId().value())
              .collect(java.util.stream.Collectors.toSet());
      io.tessera.store.CustomerSample sample = all.customerSample(100);
      // drawn: a buyer whose hash is among the 100 smallest (a customer without a completed order
      // is never drawn, whatever their hash)
      java.util.function.Predicate<String> isDrawn =
          id -> buyers.contains(id) && sample.contains(id);
      assertThat(sample.sampled()).isTrue();
      assertThat(sample.buyers()).isEqualTo(hashes.size());
      assertThat(sample.customers()).isEqualTo(100);
      assertThat(sample.lastHash()).isEqualTo(hashes.get(99));
      // one customer's hash, as DuckDB's md5 gives it (RFC 1321's test vector for "abc")
      assertThat(io.tessera.store.CustomerSample.md5("abc"))
          .isEqualTo("900150983cd24fb0d6963f7d28e17f72");
      StoreRecords drawn = all.sampled(sample);
      try (var s = drawn.orders()) {
        List<Order> got = s.toList();
        assertThat(got)
            .extracting(Order::orderId)
            .containsExactlyInAnyOrderElementsOf(
                orders.stream()
                    .filter(o -> isDrawn.test(o.customerId().value()))
                    .map(Order::orderId)
                    .toList());
        assertThat(got.stream().map(o -> o.customerId().value()).distinct().count()).isEqualTo(100);
      }
      try (var a = all.completedOrdersByCustomer();
          var d = drawn.completedOrdersByCustomer()) {
        List<StoreRecords.CompletedOrder> every = a.toList();
        // grouped by customer: each customer's orders together
        assertThat(every.stream().map(StoreRecords.CompletedOrder::customerId).toList()).isSorted();
        assertThat(d.toList())
            .containsExactlyElementsOf(
                every.stream().filter(o -> isDrawn.test(o.customerId())).toList());
      }
      try (var a = all.items();
          var d = drawn.items()) {
        Set<String> drawnOrders =
            orders.stream()
                .filter(o -> isDrawn.test(o.customerId().value()))
                .map(Order::orderId)
                .collect(java.util.stream.Collectors.toSet());
        assertThat(d.toList())
            .isNotEmpty()
            .containsExactlyInAnyOrderElementsOf(
                a.filter(i -> drawnOrders.contains(i.orderId())).toList());
      }
      try (var a = all.events();
          var d = drawn.profileEvents(null)) {
        assertThat(d.map(StoreRecordsTest::customerAt).toList())
            .isNotEmpty()
            .containsExactlyInAnyOrderElementsOf(
                a.filter(e -> isDrawn.test(e.customerId().value()))
                    .map(StoreRecordsTest::customerAt)
                    .toList());
      }
      try (var a = all.interactions();
          var d = drawn.interactions()) {
        assertThat(d.toList())
            .containsExactlyElementsOf(
                a.filter(i -> isDrawn.test(i.customerId().value())).toList());
      }
      try (var a = all.reviews();
          var d = drawn.reviews()) {
        assertThat(d.toList())
            .containsExactlyElementsOf(
                a.filter(r -> isDrawn.test(r.customerId().value())).toList());
      }
      try (var a = all.customers();
          var d = drawn.customers()) {
        assertThat(d.toList())
            .hasSizeLessThanOrEqualTo(100)
            .containsExactlyInAnyOrderElementsOf(
                a.filter(c -> isDrawn.test(c.customerId().value())).toList());
      }
      // a cap above the buyers draws everyone, and the records read are every customer's
      io.tessera.store.CustomerSample everyone = all.customerSample(hashes.size());
      assertThat(everyone.sampled()).isFalse();
      assertThat(everyone.customers()).isEqualTo(hashes.size());
      try (var a = all.orders();
          var d = all.sampled(everyone).orders()) {
        assertThat(d.toList()).isEqualTo(a.toList());
      }
    }
  }

  @Test
  void profilesFoldedFromProfileEventsShouldEqualProfilesFoldedFromFullEvents() throws IOException {
    GeneratorOptions options = new GeneratorOptions(300, 365, 5, 0.0, null);
    SyntheticShop.write(options, tmp);
    Map<String, Double> rates = new java.util.HashMap<>();
    for (String line :
        Files.readAllLines(tmp.resolve("currency_rates.csv")).stream().skip(1).toList()) {
      rates.put(line.split(",")[0], Double.parseDouble(line.split(",")[1]));
    }
    try (Store store = Store.inMemory()) {
      Ingestor.ingest(
          TesseraConfig.defaults(tmp),
          store,
          new IngestSettings(
              ZoneOffset.UTC,
              options.endDate().plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant(),
              "USD",
              rates,
              null,
              1_000),
          Ingestor.Progress.NONE);
      StoreRecords records = new StoreRecords(store, Set.of());
      LocalDate asOf = options.endDate();
      // a cut-off inside the data, as the churn stage folds: events after it are not read at all
      for (LocalDate day : List.of(asOf, asOf.minusDays(90))) {
        Instant until = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        ProfileFold.Options fold = ProfileFold.Options.defaults().withUntil(until);
        ProfileTable full;
        ProfileTable projected;
        try (var orders = records.orders();
            var items = records.items();
            var events = records.events();
            var interactions = records.interactions();
            var reviews = records.reviews()) {
          full =
              ProfileFold.fold(
                  new ProfileFold.Inputs(orders, items, events, interactions, reviews), fold);
        }
        try (var orders = records.orders();
            var items = records.items();
            var events = records.profileEvents(until);
            var interactions = records.interactions();
            var reviews = records.reviews()) {
          projected =
              ProfileFold.fold(
                  new ProfileFold.Inputs(orders, items, events, interactions, reviews), fold);
        }
        // the events in three shares, each read on its own connection at the same time
        List<java.util.stream.Stream<io.tessera.contract.Event>> parts =
            records.profileEventParts(until, 3);
        assertThat(parts).hasSize(3);
        ProfileTable inParts;
        try (var orders = records.orders();
            var items = records.items();
            var interactions = records.interactions();
            var reviews = records.reviews()) {
          inParts =
              ProfileFold.fold(
                  new ProfileFold.Inputs(orders, items, null, interactions, reviews, parts), fold);
        } finally {
          parts.forEach(java.util.stream.Stream::close);
        }
        // the order lines joined to their order's customer and time in the store, an excluded
        // customer's lines brought without one: the same profiles and counts as lines routed by
        // the fold's map of the orders it was given
        String someone = full.id(0).value();
        StoreRecords without = new StoreRecords(store, Set.of(someone));
        ProfileTable byOrder;
        ProfileTable byOwner;
        try (var orders = without.orders();
            var items = without.items();
            var events = without.profileEvents(until);
            var interactions = without.interactions();
            var reviews = without.reviews()) {
          byOrder =
              ProfileFold.fold(
                  new ProfileFold.Inputs(orders, items, events, interactions, reviews), fold);
        }
        try (var orders = without.orders();
            var owned = without.ownedItems();
            var events = without.profileEvents(until);
            var interactions = without.interactions();
            var reviews = without.reviews()) {
          byOwner =
              ProfileFold.fold(
                  new ProfileFold.Inputs(
                      orders, null, events, interactions, reviews, List.of(), owned),
                  fold);
        }
        assertThat(byOwner.counts()).isEqualTo(byOrder.counts());
        assertThat(byOwner.counts().orphanItems()).isPositive();
        assertThat(byOwner.get(full.id(0))).isNull();
        assertThat(byOwner.ids()).isEqualTo(byOrder.ids());
        for (int i = 0; i < byOrder.size(); i++) {
          assertThat(byOwner.profile(i).values(day))
              .as("profile of %s from owned lines", byOrder.id(i))
              .isEqualTo(byOrder.profile(i).values(day));
          assertThat(byOwner.profile(i).categoryShares())
              .isEqualTo(byOrder.profile(i).categoryShares());
        }
        assertThat(inParts.counts()).isEqualTo(projected.counts());
        assertThat(projected.size()).isEqualTo(full.size()).isGreaterThan(250);
        assertThat(inParts.size()).isEqualTo(full.size());
        int withEvents = 0;
        for (int i = 0; i < full.size(); i++) {
          CustomerProfile f = full.profile(i);
          CustomerProfile p = projected.get(f.customerId());
          assertThat(p).as("profile of %s", f.customerId()).isNotNull();
          assertThat(p.values(day)).as("profile of %s", f.customerId()).isEqualTo(f.values(day));
          assertThat(inParts.get(f.customerId()).values(day))
              .as("profile of %s folded from event shares", f.customerId())
              .isEqualTo(f.values(day));
          if (f.values(day)[ProfileField.SESSIONS.ordinal()] > 0) {
            withEvents++;
          }
        }
        assertThat(withEvents).as("customers with sessions on %s", day).isGreaterThan(100);
      }
    }
  }

  @Test
  void eventSharesInsideATransactionShouldBeReadOnThisConnection() throws Exception {
    try (Store store = Store.inMemory()) {
      store.execute(
          "INSERT INTO events (_line, event_id, type, occurred_at, customer_id) VALUES (2, 'e1',"
              + " 'page_view', TIMESTAMP '2025-01-01 10:00:00', 'C1'), (3, 'e2', 'page_view',"
              + " TIMESTAMP '2025-01-01 10:05:00', 'C2'), (NULL, 'e3', 'page_view', TIMESTAMP"
              + " '2025-01-02 10:00:00', 'C1')");
      StoreRecords records = new StoreRecords(store, Set.of());
      // outside a transaction: two shares by line, the live row (no line) in the last
      List<java.util.stream.Stream<io.tessera.contract.Event>> parts =
          records.profileEventParts(null, 2);
      try {
        assertThat(parts).hasSize(2);
        // shares carry no event id (profiles do not read it): each event is told by its time
        assertThat(parts.get(0).map(StoreRecordsTest::customerAt).toList())
            .containsExactly("C1 2025-01-01T10:00:00Z");
        assertThat(parts.get(1).map(StoreRecordsTest::customerAt).toList())
            .containsExactlyInAnyOrder("C2 2025-01-01T10:05:00Z", "C1 2025-01-02T10:00:00Z");
      } finally {
        parts.forEach(java.util.stream.Stream::close);
      }
      // an excluded customer's events are in no share, and the shares' dictionary is gone once
      // they are closed
      parts = new StoreRecords(store, Set.of("C2")).profileEventParts(null, 2);
      try {
        assertThat(parts.stream().flatMap(p -> p).map(StoreRecordsTest::customerAt).toList())
            .containsExactlyInAnyOrder("C1 2025-01-01T10:00:00Z", "C1 2025-01-02T10:00:00Z");
      } finally {
        parts.forEach(java.util.stream.Stream::close);
      }
      assertThat(
              store.count(
                  "SELECT count(*) FROM duckdb_databases() WHERE database_name LIKE"
                      + " 'tessera_event_words%'"))
          .isZero();
      // inside one, another connection would not see the uncommitted delete: one share, here
      store.connection().setAutoCommit(false);
      store.execute("DELETE FROM events WHERE event_id = 'e2'");
      parts = records.profileEventParts(null, 2);
      try {
        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).map(io.tessera.contract.Event::eventId).toList())
            .containsExactlyInAnyOrder("e1", "e3");
      } finally {
        parts.forEach(java.util.stream.Stream::close);
        store.connection().rollback();
        store.connection().setAutoCommit(true);
      }
    }
  }

  private static String customerAt(io.tessera.contract.Event e) {
    return e.customerId().value() + " " + e.occurredAt();
  }
}
