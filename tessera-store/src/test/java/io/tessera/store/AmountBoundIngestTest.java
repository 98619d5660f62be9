package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.ingest.DataHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, case 11: a plain decimal amount above the bound profiles can sum exactly (9e10) is
 * refused at ingest, with its line and field, instead of passing and aborting the run later.
 */
class AmountBoundIngestTest {
  @TempDir Path dir;

  @Test
  void anAmountAboveTheProfileBoundShouldBeQuarantinedWithItsLineAndField()
      throws IOException, SQLException {
    Files.writeString(
        dir.resolve("orders.csv"),
        "order_id,customer_id,ordered_at,amount,currency\n"
            + "o1,c1,2024-01-01T10:00:00Z,90000000000,EUR\n"
            + "o2,c1,2024-01-02T10:00:00Z,95000000000.50,EUR\n"
            + "o3,c2,2024-01-03T10:00:00Z,-90000000001,EUR\n"
            + "o4,c2,2024-01-04T10:00:00Z,12.5,EUR\n");
    Files.writeString(
        dir.resolve("order_items.csv"),
        "order_id,product_id,quantity,unit_price\n"
            + "o1,p1,1,90000000000\n"
            + "o4,p2,2000000,50000\n");
    try (Store store = Store.inMemory()) {
      var health =
          Ingestor.ingest(
                  TesseraConfig.defaults(dir),
                  store,
                  IngestPropertyTest.settings(),
                  Ingestor.Progress.NONE)
              .health();
      DataHealth.SourceHealth orders = health.sources().get("orders");
      assertThat(orders.rowsRead()).isEqualTo(4);
      assertThat(orders.rowsAccepted()).isEqualTo(2);
      assertThat(orders.quarantinedByReason()).isEqualTo(Map.of("invalid_value", 2L));
      assertThat(health.sources().get("order_items").quarantinedByReason())
          .isEqualTo(Map.of("invalid_value", 1L));
      try (Statement s = store.connection().createStatement();
          ResultSet r =
              s.executeQuery("SELECT source, line, detail FROM quarantine ORDER BY source, line")) {
        r.next();
        assertThat(r.getString(1)).isEqualTo("order_items");
        assertThat(r.getLong(2)).isEqualTo(3);
        assertThat(r.getString(3))
            .startsWith("order line totals 100000000000")
            .contains("90000000000");
        r.next();
        assertThat(r.getLong(2)).isEqualTo(3);
        assertThat(r.getString(3)).startsWith("amount ").contains("95000000000.5");
        r.next();
        assertThat(r.getLong(2)).isEqualTo(4);
        assertThat(r.getString(3)).startsWith("amount ").contains("-90000000001");
      }
    }
  }
}
