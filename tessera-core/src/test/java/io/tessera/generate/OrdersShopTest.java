package io.tessera.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The second generator: reproducible, and each planted type behaves as documented. */
class OrdersShopTest {

  @Test
  void theSameOptionsShouldWriteTheSameBytes(@TempDir Path dir) throws IOException {
    OrdersShop.write(OrdersShop.Options.of(500, 9), dir.resolve("a"));
    OrdersShop.write(OrdersShop.Options.of(500, 9), dir.resolve("b"));
    for (String f : List.of("orders.csv", "order_items.csv", "truth/customers.csv")) {
      assertThat(Files.readAllBytes(dir.resolve("a").resolve(f)))
          .isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(f)));
    }
    OrdersShop.write(OrdersShop.Options.of(500, 10), dir.resolve("c"));
    assertThat(Files.readString(dir.resolve("c/orders.csv")))
        .isNotEqualTo(Files.readString(dir.resolve("a/orders.csv")));
  }

  @Test
  void eachTypeShouldHaveItsShareAndItsPurchaseProcess(@TempDir Path dir) throws IOException {
    OrdersShop.Options options = OrdersShop.Options.of(5_000, 1);
    OrdersShop.write(options, dir);
    Map<String, String> type = new HashMap<>();
    Map<String, Integer> count = new HashMap<>();
    for (String line : Files.readAllLines(dir.resolve("truth/customers.csv")).subList(1, 5_001)) {
      String[] f = line.split(",");
      type.put(f[0], f[1]);
      count.merge(f[1], 1, Integer::sum);
    }
    for (OrdersShop.Type t : OrdersShop.Type.values()) {
      assertThat(count.get(t.wireName()) / 5_000.0).isCloseTo(t.share, within(0.02));
    }
    Map<String, Integer> orders = new HashMap<>();
    Map<String, Instant> last = new HashMap<>();
    Map<String, Integer> returned = new HashMap<>();
    for (String line : Files.readAllLines(dir.resolve("orders.csv")).subList(1, 2)) {
      assertThat(line.split(",")).hasSize(6);
    }
    List<String> lines = Files.readAllLines(dir.resolve("orders.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      orders.merge(f[1], 1, Integer::sum);
      last.merge(f[1], Instant.parse(f[2]), (a, b) -> a.isAfter(b) ? a : b);
      if (f[5].equals("returned")) {
        returned.merge(type.get(f[1]), 1, Integer::sum);
      }
    }
    Instant end = options.endDate().plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    Map<String, Integer> ordersByType = new HashMap<>();
    for (var e : orders.entrySet()) {
      String t = type.get(e.getKey());
      ordersByType.merge(t, e.getValue(), Integer::sum);
      if (t.equals("one_order")) {
        assertThat(e.getValue()).isEqualTo(1);
      }
      if (t.equals("fading")) {
        // stopped 120 to 300 days before the end
        assertThat(last.get(e.getKey())).isBefore(end.minus(java.time.Duration.ofDays(119)));
      }
    }
    // every customer has at least one order
    assertThat(orders).hasSize(5_000);
    // returners return about 35% of their orders, the steady about 3%
    assertThat(returned.get("returner") / (double) ordersByType.get("returner"))
        .isCloseTo(0.35, within(0.03));
    assertThat(returned.get("steady") / (double) ordersByType.get("steady"))
        .isCloseTo(0.03, within(0.01));
  }
}
