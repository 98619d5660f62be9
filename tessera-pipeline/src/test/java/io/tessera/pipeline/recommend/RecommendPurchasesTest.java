package io.tessera.pipeline.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.pipeline.ingest.IngestStage;
import io.tessera.recommend.PurchaseLines;
import io.tessera.store.BatchQueries;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage's purchase lines as read from a real store: the completed orders' lines in columns, one
 * basket per order and the run's own customer id strings (at 1,000,000 customers a record and
 * strings a line were some 1.4 GB; issue 14), and an input whose purchases the fit takes once.
 */
@Tag("slow")
class RecommendPurchasesTest {
  @TempDir Path tmp;

  private static final Map<String, String> KEY =
      Map.of(io.tessera.privacy.Pseudonymizer.KEY_ENV, "recommend-test-key-0123456789");

  @Test
  void thePurchaseLinesShouldBeTheStoresCompletedOrderLinesInColumns() throws IOException {
    Path data = tmp.resolve("data");
    SyntheticShop.write(new GeneratorOptions(600, 365, 11L, 0.0, null), data);
    TesseraConfig config = TesseraConfig.forDataDir(data);
    Path storeFile = tmp.resolve("tessera.duckdb");
    IngestStage.run(
        config,
        tmp,
        storeFile,
        KEY,
        io.tessera.store.Ingestor.Progress.NONE,
        new PrintWriter(new StringWriter()));
    PurchaseLines lines;
    List<BatchQueries.OrderLine> read = new ArrayList<>();
    try (Store store = Store.open(storeFile)) {
      lines =
          RecommendStage.purchases(
              store, LocalDate.of(2100, 1, 1), config.profileSettings(), Set.of());
      BatchQueries.completedOrderLines(store, read::add);
      for (int c = 0; c < lines.customers(); c++) {
        String id = lines.customerId(c);
        assertThat(id).as("the run's own string").isSameAs(store.customerIds().value(id));
      }
    }
    assertThat(lines.size()).isGreaterThan(1_000).isEqualTo(read.size());
    Set<String> orders = new HashSet<>();
    for (int k = 0; k < read.size(); k++) {
      BatchQueries.OrderLine line = read.get(k);
      orders.add(line.orderId());
      assertThat(lines.customerId(lines.customer(k))).isEqualTo(line.customerId());
      assertThat(lines.itemId(lines.item(k))).isEqualTo(line.productId());
      assertThat(LocalDate.ofEpochDay(lines.day(k)))
          .isEqualTo(config.profileSettings().day(line.orderedAt()));
    }
    assertThat(lines.orders()).as("one basket per order").isEqualTo(orders.size());
    for (int o = 0; o < lines.orders(); o++) {
      String order = read.get(lines.orderStart(o)).orderId();
      for (int k = lines.orderStart(o); k < lines.orderEnd(o); k++) {
        assertThat(read.get(k).orderId()).isEqualTo(order);
      }
    }
  }

  @Test
  void theFitShouldTakeThePurchasesOnce() {
    RecommendStage.Input input =
        new RecommendStage.Input(new PurchaseLines.Builder().build(), null, 0);
    assertThat(input.take().size()).isZero();
    assertThat(input.lines()).isZero();
    assertThatThrownBy(input::take)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("taken already");
  }
}
