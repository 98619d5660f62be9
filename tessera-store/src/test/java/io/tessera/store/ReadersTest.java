package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.ingest.DataHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The other readers: Parquet, JSON lines, SQL sources in a config, and the config itself. */
class ReadersTest {
  @TempDir Path tmp;

  private static final String ORDERS =
      "order_id,customer_id,ordered_at,amount,currency,status\n"
          + "o1,c1,2024-01-01T10:00:00Z,10.5,EUR,completed\n"
          + "o2,c2,2024-01-02 11:00:00,5,EUR,returned\n"
          + "o3,,2024-01-03,7,EUR,completed\n"
          + "o1,c1,2024-01-01T10:00:00Z,10.5,EUR,completed\n"
          + "o4,c3,2099-01-01,3,EUR,completed\n";

  private DataHealth.SourceHealth ingestOrders(Path dir) {
    try (Store store = Store.inMemory()) {
      return Ingestor.ingest(
              TesseraConfig.defaults(dir),
              store,
              IngestPropertyTest.settings(),
              Ingestor.Progress.NONE)
          .health()
          .sources()
          .get("orders");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"parquet", "jsonl"})
  void parquetAndJsonLinesShouldGiveTheSameOutcomeAsCsv(String format)
      throws IOException, java.sql.SQLException {
    Path csvDir = Files.createDirectories(tmp.resolve("csv"));
    Files.writeString(csvDir.resolve("orders.csv"), ORDERS);
    Path dir = Files.createDirectories(tmp.resolve(format));
    try (Store store = Store.inMemory()) {
      String target = dir.resolve("orders." + format).toString();
      store.execute(
          "COPY (SELECT * FROM read_csv('"
              + csvDir.resolve("orders.csv")
              + "', all_varchar = true)) TO '"
              + target
              + "' "
              + (format.equals("parquet") ? "(FORMAT parquet)" : "(FORMAT json)"));
    }
    DataHealth.SourceHealth fromCsv = ingestOrders(csvDir);
    DataHealth.SourceHealth other = ingestOrders(dir);
    assertThat(other.rowsRead()).isEqualTo(5);
    assertThat(other.rowsAccepted()).isEqualTo(fromCsv.rowsAccepted()).isEqualTo(2);
    assertThat(other.quarantinedByReason())
        .isEqualTo(fromCsv.quarantinedByReason())
        .isEqualTo(Map.of("missing_required", 1L, "duplicate_id", 1L, "timestamp_in_future", 1L));
  }

  @Test
  void typedTimestampsOnTheWholeMinuteShouldBeAcceptedAtTheirInstant()
      throws IOException, java.sql.SQLException {
    // read_json_auto and Parquet give typed timestamps; at :00 seconds their toString() has none
    Path dir = Files.createDirectories(tmp.resolve("typed"));
    Files.writeString(
        dir.resolve("orders.jsonl"),
        "{\"order_id\":\"o1\",\"customer_id\":\"c1\",\"ordered_at\":\"2025-10-18T10:00:00+09:00\",\"amount\":71}\n"
            + "{\"order_id\":\"o2\",\"customer_id\":\"c2\",\"ordered_at\":\"2025-10-16T10:30:00+09:00\",\"amount\":38}\n");
    try (Store store = Store.inMemory()) {
      DataHealth health =
          Ingestor.ingest(
                  TesseraConfig.defaults(dir),
                  store,
                  IngestPropertyTest.settings(),
                  Ingestor.Progress.NONE)
              .health();
      assertThat(health.sources().get("orders").rowsAccepted()).isEqualTo(2);
      assertThat(store.longs("SELECT epoch(ordered_at)::BIGINT FROM orders ORDER BY order_id"))
          .containsExactly(
              java.time.Instant.parse("2025-10-18T01:00:00Z").getEpochSecond(),
              java.time.Instant.parse("2025-10-16T01:30:00Z").getEpochSecond());
    }
  }

  @Test
  void aConfigSourceShouldResolveRelativePathsAgainstTheConfigFolder() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("project/data"));
    Files.writeString(dir.resolve("sales.csv"), ORDERS.replace("order_id", "id"));
    Path config = tmp.resolve("project/tessera.yaml");
    Files.writeString(
        config,
        "currency: EUR\n"
            + "privacy: {pseudonymise: false}\n"
            + "sources:\n"
            + "  orders:\n"
            + "    sql: SELECT id AS order_id, * EXCLUDE (id) FROM read_csv('data/sales.csv',"
            + " all_varchar = true)\n");
    try (Store store = Store.inMemory()) {
      DataHealth.SourceHealth orders =
          Ingestor.ingest(
                  TesseraConfig.load(config),
                  store,
                  IngestPropertyTest.settings(),
                  Ingestor.Progress.NONE)
              .health()
              .sources()
              .get("orders");
      assertThat(orders.rowsRead()).isEqualTo(5);
      assertThat(orders.rowsAccepted()).isEqualTo(2);
    }
  }

  @Test
  void aBrokenQueryShouldNameTheSourceAndSayWhatToCheck() throws IOException {
    Path config = tmp.resolve("tessera.yaml");
    Files.writeString(
        config, "sources:\n  orders:\n    sql: SELECT * FROM read_csv('missing.csv')\n");
    try (Store store = Store.inMemory()) {
      assertThatThrownBy(
              () ->
                  Ingestor.ingest(
                      TesseraConfig.load(config),
                      store,
                      IngestPropertyTest.settings(),
                      Ingestor.Progress.NONE))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("sources.orders.sql")
          .hasMessageContaining("check the SQL");
    }
  }

  @Test
  void randomYamlShouldOnlyEverGiveAConfigMessage() throws IOException {
    // property: whatever bytes a tessera.yaml holds, loading it either works or names the problem
    SplittableRandom rnd = new SplittableRandom(7);
    String[] pieces = {
      "currency: ",
      "EUR",
      "sources:",
      "\n  ",
      "orders:",
      "sql: x",
      "- ",
      ": ",
      "{",
      "}",
      "[",
      "'",
      "\"",
      "bots: {max_events_per_minute: -3}",
      "timezone: Mars/Base",
      "as_of: yesterday",
      "\t",
      "privacy: 3",
      "\u0000"
    };
    for (int i = 0; i < 500; i++) {
      StringBuilder yaml = new StringBuilder();
      for (int k = rnd.nextInt(12); k >= 0; k--) {
        yaml.append(pieces[rnd.nextInt(pieces.length)]);
      }
      Path file = tmp.resolve("c" + i + ".yaml");
      Files.writeString(file, yaml);
      try {
        TesseraConfig.load(file);
      } catch (ConfigException e) {
        assertThat(e.getMessage()).contains(file.toString());
      }
    }
  }
}
