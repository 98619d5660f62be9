package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.contract.Customer;
import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Interaction;
import io.tessera.contract.Order;
import io.tessera.contract.Review;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reader of one store hands out one id instance per customer, and the few-valued columns of
 * the records a run holds (countries, discount codes) one string per value: each stage of a run
 * read its own copies of them, 42 M strings at 1,000,000 customers (issue 14).
 */
class StoreRecordsSharedIdsTest {
  @TempDir Path tmp;

  @Test
  void givenOneStore_whenEveryReaderReadsACustomer_thenTheyShareOneIdInstance() throws IOException {
    Files.writeString(
        tmp.resolve("customers.csv"),
        "customer_id,country,gender,consent_profiling,tier\n"
            + "c1,KR,female,true,gold\n"
            + "c2,KR,female,true,gold\n");
    Files.writeString(
        tmp.resolve("orders.csv"),
        "order_id,customer_id,ordered_at,amount,currency,status,discount_code\n"
            + "o1,c1,2024-01-01T10:00:00Z,10.5,EUR,completed,SAVE10\n"
            + "o2,c1,2024-01-02T11:00:00Z,5,EUR,completed,SAVE10\n"
            + "o3,c2,2024-01-03T12:00:00Z,7,EUR,completed,SAVE10\n");
    StringBuilder events = new StringBuilder("event_id,type,occurred_at,customer_id,session_id\n");
    for (int i = 0; i < 40; i++) {
      events
          .append("e")
          .append(i)
          .append(",page_view,2024-01-0")
          .append(1 + i % 9)
          .append("T09:00:00Z,c")
          .append(1 + i % 2)
          .append(",s")
          .append(i % 5)
          .append('\n');
    }
    Files.writeString(tmp.resolve("events.csv"), events);
    Files.writeString(
        tmp.resolve("interactions.csv"),
        "interaction_id,customer_id,occurred_at,channel,kind,text\n"
            + "i1,c1,2024-01-04T10:00:00Z,email,complaint,late\n");
    Files.writeString(
        tmp.resolve("reviews.csv"),
        "review_id,customer_id,created_at,rating,product_id,text\n"
            + "r1,c1,2024-01-05T10:00:00Z,4,p1,fine\n");
    try (Store store = Store.open(tmp.resolve("store.duckdb"))) {
      Ingestor.ingest(
          TesseraConfig.defaults(tmp),
          store,
          IngestPropertyTest.settings(),
          Ingestor.Progress.NONE);
      // two readers, as two stages of a run make them
      StoreRecords first = new StoreRecords(store, Set.of());
      StoreRecords second = new StoreRecords(store, Set.of());
      List<CustomerId> c1 = new ArrayList<>();
      List<Order> orders;
      try (Stream<Order> s = first.orders()) {
        orders = s.toList();
      }
      orders.stream()
          .filter(o -> o.customerId().value().equals("c1"))
          .forEach(o -> c1.add(o.customerId()));
      List<Customer> customers;
      try (Stream<Customer> s = second.customers()) {
        customers = s.toList();
      }
      customers.stream()
          .filter(c -> c.customerId().value().equals("c1"))
          .forEach(c -> c1.add(c.customerId()));
      try (Stream<Event> s = second.events()) {
        s.filter(e -> e.customerId().value().equals("c1")).forEach(e -> c1.add(e.customerId()));
      }
      List<Stream<Event>> parts = first.profileEventParts(null, 2);
      assertThat(parts).as("the events are read in two shares").hasSize(2);
      for (Stream<Event> part : parts) {
        try (part) {
          part.filter(e -> e.customerId().value().equals("c1"))
              .forEach(e -> c1.add(e.customerId()));
        }
      }
      try (Stream<Interaction> s = second.interactions()) {
        s.forEach(i -> c1.add(i.customerId()));
      }
      try (Stream<Review> s = first.reviews()) {
        s.forEach(r -> c1.add(r.customerId()));
      }
      // 2 orders, 1 customer, 20 events, 20 events in shares, 1 interaction, 1 review
      assertThat(c1).hasSize(45);
      CustomerId one = c1.get(0);
      assertThat(c1).allSatisfy(id -> assertThat(id).isSameAs(one));
      try (Stream<StoreRecords.CompletedOrder> s = second.completedOrders()) {
        assertThat(s.filter(o -> o.customerId().equals("c1")).toList())
            .hasSize(2)
            .allSatisfy(o -> assertThat(o.customerId()).isSameAs(one.value()));
      }
      assertThat(store.customerIds().of(new String("c1"))).isSameAs(one);

      // the held orders' and customers' few-valued strings are shared too
      assertThat(orders).hasSize(3);
      String code = orders.get(0).attributes().get("discount_code");
      assertThat(code).isEqualTo("SAVE10");
      for (Order o : orders) {
        assertThat(o.attributes().get("discount_code")).isSameAs(code);
        assertThat(o.attributes().keySet().iterator().next())
            .isSameAs(orders.get(0).attributes().keySet().iterator().next());
      }
      assertThat(customers).hasSize(2);
      assertThat(customers.get(1).country()).isSameAs(customers.get(0).country());
      assertThat(customers.get(1).gender()).isSameAs(customers.get(0).gender());
      assertThat(customers.get(1).attributes().get("tier"))
          .isEqualTo("gold")
          .isSameAs(customers.get(0).attributes().get("tier"));
    }
    // another store (another run) has ids of its own
    try (Store other = Store.open(tmp.resolve("store.duckdb"))) {
      CustomerId again;
      try (Stream<Order> s = new StoreRecords(other, Set.of()).orders()) {
        again = s.findFirst().orElseThrow().customerId();
      }
      assertThat(other.customerIds().of("c1")).isSameAs(other.customerIds().of(new String("c1")));
      assertThat(again).isSameAs(other.customerIds().of(again.value()));
    }
  }
}
