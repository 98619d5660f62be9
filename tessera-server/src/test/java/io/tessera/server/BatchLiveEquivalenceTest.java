package io.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.OrderStatus;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileFold;
import io.tessera.profile.ProfileSettings;
import io.tessera.profile.ProfileTable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live engine and the batch fold give the same profile for the same events: random histories
 * are posted through the collect API (some anonymously, linked later by identify) and folded by
 * {@link ProfileFold} from the equivalent contract records; every field must match bit for bit.
 */
class BatchLiveEquivalenceTest {
  @TempDir Path dir;

  private static final String[][] TYPES = {
    {"Product Viewed", "product_view"},
    {"Product Added", "add_to_cart"},
    {"Product Removed", "remove_from_cart"},
    {"Checkout Started", "checkout_started"},
    {"Products Searched", "search"},
    {"Email Opened", "email_open"},
    {"Signed In", "login"},
    {"Gift Card Viewed", "Gift Card Viewed"},
  };

  @Test
  void liveProfilesShouldEqualTheBatchFoldOfTheSameRecords() {
    Random random = new Random(42);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<String> messages = new ArrayList<>();
    List<String> identifies = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    List<Order> orders = new ArrayList<>();
    List<OrderItem> items = new ArrayList<>();
    int n = 0;
    for (int c = 0; c < 30; c++) {
      String user = "cust-" + c;
      boolean anonymousFirst = c % 3 == 0;
      String anon = "anon-" + c;
      int count = 5 + random.nextInt(40);
      for (int k = 0; k < count; k++) {
        String id = "e-" + (n++);
        Instant at = now.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 90)));
        boolean anonymous = anonymousFirst && k < count / 2;
        String who = anonymous ? "\"anonymousId\":\"" + anon + "\"" : "\"userId\":\"" + user + "\"";
        if (random.nextInt(6) == 0) {
          double price = Math.round(random.nextDouble() * 10_000) / 100.0;
          int qty = 1 + random.nextInt(3);
          String category = "cat" + random.nextInt(4);
          String orderId = "o-" + id;
          // a third of the orders use a coupon, which profiles count as a discount code
          String coupon = random.nextInt(3) == 0 ? "SAVE" + random.nextInt(5) : null;
          messages.add(
              "{\"type\":\"track\",\"messageId\":\""
                  + id
                  + "\","
                  + who
                  + ",\"event\":\"Order Completed\",\"timestamp\":\""
                  + at
                  + "\",\"properties\":{\"order_id\":\""
                  + orderId
                  + "\","
                  + (coupon == null ? "" : "\"coupon\":\"" + coupon + "\",")
                  + "\"revenue\":"
                  + price * qty
                  + ",\"products\":[{\"product_id\":\"p"
                  + k
                  + "\",\"category\":\""
                  + category
                  + "\",\"quantity\":"
                  + qty
                  + ",\"price\":"
                  + price
                  + "}]}}");
          CustomerId cid = CustomerId.of(user);
          events.add(new Event(id, "purchase", at, cid, null, null, null, null, null));
          orders.add(
              new Order(
                  orderId,
                  cid,
                  at,
                  Money.of(price * qty, "USD"),
                  OrderStatus.COMPLETED,
                  null,
                  coupon == null ? null : java.util.Map.of("discount_code", coupon)));
          items.add(new OrderItem(orderId, "p" + k, category, qty, price));
        } else {
          String[] t = TYPES[random.nextInt(TYPES.length)];
          messages.add(
              "{\"type\":\"track\",\"messageId\":\""
                  + id
                  + "\","
                  + who
                  + ",\"event\":\""
                  + t[0]
                  + "\",\"timestamp\":\""
                  + at
                  + "\"}");
          events.add(new Event(id, t[1], at, CustomerId.of(user), null, null, null, null, null));
        }
      }
      if (anonymousFirst) {
        identifies.add(
            "{\"type\":\"identify\",\"messageId\":\"id-"
                + c
                + "\",\"userId\":\""
                + user
                + "\",\"anonymousId\":\""
                + anon
                + "\"}");
      }
    }
    messages.addAll(identifies);

    ProfileTable batch =
        ProfileFold.fold(
            ProfileFold.Inputs.of(orders, items, events, List.of(), List.of()),
            new ProfileFold.Options(ProfileSettings.DEFAULT, 2, null));

    try (TesseraServer server =
        TesseraServer.start(
            TesseraServer.Options.defaults(dir.resolve("live.duckdb"))
                .withPort(0)
                .withKeys(Client.ADMIN, Client.WRITE))) {
      Client client = new Client(server.port());
      for (int from = 0; from < messages.size(); from += 100) {
        List<String> part = messages.subList(from, Math.min(messages.size(), from + 100));
        Client.Response r = client.collect("batch", "{\"batch\":[" + String.join(",", part) + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
      }
      LocalDate asOf = LocalDate.ofInstant(now, ZoneOffset.UTC);
      assertThat(server.engine().customerCount()).isEqualTo(batch.size());
      double discounted = 0;
      for (int i = 0; i < batch.size(); i++) {
        discounted += batch.profile(i).values(asOf)[ProfileField.DISCOUNT_ORDERS.ordinal()];
      }
      assertThat(discounted).as("the histories hold discounted orders").isPositive();
      for (int i = 0; i < batch.size(); i++) {
        double[] expected = batch.profile(i).values(asOf);
        double[] live = server.engine().profileValues(batch.id(i).value(), asOf);
        for (ProfileField f : ProfileField.values()) {
          assertThat(Double.doubleToLongBits(live[f.ordinal()]))
              .as(
                  batch.id(i)
                      + " "
                      + f.wireName()
                      + ": live "
                      + live[f.ordinal()]
                      + ", batch "
                      + expected[f.ordinal()])
              .isEqualTo(Double.doubleToLongBits(expected[f.ordinal()]));
        }
      }
    }
  }
}
