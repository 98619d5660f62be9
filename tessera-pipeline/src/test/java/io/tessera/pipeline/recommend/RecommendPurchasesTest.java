package io.tessera.pipeline.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.pipeline.ingest.IngestStage;
import io.tessera.recommend.Purchase;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage's purchase lines as read from a real store: one instance per customer id, order id,
 * item id and day (at 1,000,000 customers each line's own strings and date were some 1.4 GB; issue
 * 14), and an input whose purchases the fit takes once.
 */
@Tag("slow")
class RecommendPurchasesTest {
  @TempDir Path tmp;

  private static final Map<String, String> KEY =
      Map.of(io.tessera.privacy.Pseudonymizer.KEY_ENV, "recommend-test-key-0123456789");

  @Test
  void equalIdsAndDaysOfThePurchaseLinesShouldBeOneInstance() throws IOException {
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
    List<Purchase> purchases;
    try (Store store = Store.open(storeFile)) {
      purchases =
          RecommendStage.purchases(
              store, LocalDate.of(2100, 1, 1), config.profileSettings(), Set.of());
    }
    assertThat(purchases).hasSizeGreaterThan(1_000);
    assertOneInstanceEach(purchases, Purchase::customer, "customer");
    assertOneInstanceEach(purchases, Purchase::order, "order");
    assertOneInstanceEach(purchases, Purchase::item, "item");
    assertOneInstanceEach(purchases, Purchase::day, "day");
  }

  /** Every value equal to another is the same instance: as many instances as distinct values. */
  private static void assertOneInstanceEach(
      List<Purchase> purchases, Function<Purchase, Object> value, String what) {
    Map<Object, Object> distinct = new HashMap<>();
    Map<Object, Boolean> instances = new IdentityHashMap<>();
    for (Purchase p : purchases) {
      Object v = value.apply(p);
      distinct.put(v, v);
      instances.put(v, true);
    }
    assertThat(distinct.size()).as(what + "s repeat").isLessThan(purchases.size());
    assertThat(instances).as(what + " instances").hasSameSizeAs(distinct);
  }

  @Test
  void theFitShouldTakeThePurchasesOnce() {
    RecommendStage.Input input = new RecommendStage.Input(List.of(), null, 0);
    assertThat(input.take()).isEmpty();
    assertThat(input.lines()).isZero();
    assertThatThrownBy(input::take)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("taken already");
  }
}
