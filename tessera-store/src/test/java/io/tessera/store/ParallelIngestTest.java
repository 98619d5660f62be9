package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.ingest.DataHealth;
import io.tessera.ingest.IngestSettings;
import io.tessera.privacy.Pseudonymizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest validates rows in batches on several threads; these files span many batches ({@link
 * Ingestor#BATCH_ROWS} rows each) with faults at known lines, so the outcome must be exactly that
 * of reading row by row: every quarantined line with its reason in file order, the accepted rows in
 * file order, and each contact detail's pseudonym the one a single pseudonymiser gives.
 */
class ParallelIngestTest {
  @TempDir Path tmp;

  private static final String KEY = "parallel-ingest-test-key-0123";

  private static IngestSettings settings(Pseudonymizer p) {
    return new IngestSettings(
        ZoneId.of("UTC"), Instant.parse("2026-11-25T00:00:00Z"), "EUR", Map.of(), p, 60);
  }

  @Test
  void batchesShouldKeepEveryLineItsReasonAndFileOrder() throws Exception {
    int rows = 7 * Ingestor.BATCH_ROWS + 123;
    List<String> lines = new ArrayList<>();
    lines.add("order_id,customer_id,ordered_at,amount,currency,status");
    List<String> expectedQuarantine = new ArrayList<>();
    List<Long> expectedAccepted = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      long line = i + 2;
      String good = "o" + i + ",c" + (i % 97) + ",2024-03-0" + (1 + i % 9) + "T10:00:00Z,12.5";
      String row;
      if (i % 13 == 5) {
        row = good.replace("T10:00:00Z", "T25:99");
        expectedQuarantine.add(line + " bad_timestamp");
      } else if (i % 17 == 3) {
        row = good + ",EUR,completed,extra";
        expectedQuarantine.add(line + " malformed_row");
      } else if (i % 19 == 7) {
        row = good.replace("12.5", "12.5x");
        expectedQuarantine.add(line + " bad_number");
      } else {
        row = good;
        expectedAccepted.add(line);
      }
      lines.add(row + (row.endsWith("extra") ? "" : ",EUR,completed"));
    }
    Path dir = Files.createDirectories(tmp.resolve("orders"));
    Files.write(dir.resolve("orders.csv"), lines);
    try (Store store = Store.inMemory()) {
      DataHealth health =
          Ingestor.ingest(
                  TesseraConfig.defaults(dir), store, settings(null), Ingestor.Progress.NONE)
              .health();
      DataHealth.SourceHealth orders = health.sources().get("orders");
      assertThat(orders.rowsRead()).isEqualTo(rows);
      assertThat(orders.rowsAccepted()).isEqualTo(expectedAccepted.size());
      Map<String, Long> byReason = new TreeMap<>();
      expectedQuarantine.forEach(q -> byReason.merge(q.split(" ")[1], 1L, Long::sum));
      assertThat(orders.quarantinedByReason()).isEqualTo(byReason);
      assertThat(strings(store, "SELECT line || ' ' || reason FROM quarantine"))
          .containsExactlyElementsOf(expectedQuarantine);
      assertThat(strings(store, "SELECT _line FROM orders"))
          .containsExactlyElementsOf(expectedAccepted.stream().map(String::valueOf).toList());
    }
  }

  @Test
  void pseudonymsFromParallelBatchesShouldBeThoseOfOnePseudonymiser() throws Exception {
    int rows = 5 * Ingestor.BATCH_ROWS + 7;
    List<String> lines = new ArrayList<>();
    lines.add("customer_id,email");
    List<String> expected = new ArrayList<>();
    Pseudonymizer reference = new Pseudonymizer(KEY);
    for (int i = 0; i < rows; i++) {
      String email = "Person." + i + "@Example.com";
      lines.add("c" + i + "," + email);
      expected.add("c" + i + " " + reference.pseudonym(email.toLowerCase(Locale.ROOT)));
    }
    Path dir = Files.createDirectories(tmp.resolve("customers"));
    Files.write(dir.resolve("customers.csv"), lines);
    try (Store store = Store.inMemory()) {
      Ingestor.ingest(
          TesseraConfig.defaults(dir),
          store,
          settings(new Pseudonymizer(KEY)),
          Ingestor.Progress.NONE);
      assertThat(strings(store, "SELECT customer_id || ' ' || email_pseudonym FROM customers"))
          .containsExactlyElementsOf(expected);
    }
  }

  private static List<String> strings(Store store, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = store.connection().createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }
}
