package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.ingest.DataHealth;
import io.tessera.ingest.IngestSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: whatever mix of good and bad rows an orders file holds, every row is accounted for
 * (read = accepted + quarantined) and each bad row is quarantined under the reason of its fault.
 * Each seed builds a file whose expected outcome per row is known by construction.
 */
class IngestPropertyTest {
  @TempDir Path tmp;

  static LongStream seeds() {
    return LongStream.range(0, 40);
  }

  static IngestSettings settings() {
    return new IngestSettings(
        ZoneId.of("UTC"),
        Instant.parse("2026-11-25T00:00:00Z"),
        "EUR",
        Map.of("USD", 0.9),
        null,
        60);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void everyRowShouldBeAccountedForUnderTheReasonOfItsFault(long seed) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> lines = new ArrayList<>();
    lines.add("order_id,customer_id,ordered_at,amount,currency,status");
    Map<String, Long> expected = new TreeMap<>();
    List<String> valid = new ArrayList<>();
    int rows = 1 + rnd.nextInt(300);
    for (int i = 0; i < rows; i++) {
      String id = "o" + seed + "-" + i;
      String good =
          id
              + ",c"
              + rnd.nextInt(50)
              + ",2024-0"
              + (1 + rnd.nextInt(9))
              + "-1"
              + rnd.nextInt(10)
              + "T10:00:00Z,"
              + rnd.nextInt(500)
              + ".5,EUR,completed";
      String kind =
          pick(
              rnd,
              "ok",
              "ok",
              "ok",
              "missing_required",
              "bad_number",
              "bad_timestamp",
              "malformed_row",
              "timestamp_in_future",
              "timestamp_before_1990",
              "invalid_value",
              "unknown_currency",
              "negative_amount",
              "duplicate_id");
      if (kind.equals("duplicate_id") && valid.isEmpty()) {
        kind = "ok";
      }
      String line =
          switch (kind) {
            case "ok" -> good;
            case "missing_required" -> "," + good.substring(good.indexOf(',') + 1);
            case "bad_number" -> good.replace(".5,EUR", ".5x,EUR");
            case "bad_timestamp" -> good.replace("T10:00:00Z", "T25:99");
            case "malformed_row" -> good + ",extra";
            case "timestamp_in_future" -> good.replace(",2024-", ",2099-");
            case "timestamp_before_1990" -> good.replace(",2024-", ",1969-");
            case "invalid_value" -> good.replace("completed", "lost");
            case "unknown_currency" -> good.replace("EUR", "XYZ");
            case "negative_amount" -> good.replace("Z,", "Z,-");
            case "duplicate_id" -> valid.get(rnd.nextInt(valid.size()));
            default -> throw new IllegalStateException(kind);
          };
      if (kind.equals("ok")) {
        valid.add(line);
      } else {
        expected.merge(kind, 1L, Long::sum);
      }
      lines.add(line);
    }
    Path dir = Files.createDirectories(tmp.resolve("s" + seed));
    Files.write(dir.resolve("orders.csv"), lines);
    try (Store store = Store.inMemory()) {
      DataHealth health =
          Ingestor.ingest(TesseraConfig.defaults(dir), store, settings(), Ingestor.Progress.NONE)
              .health();
      DataHealth.SourceHealth orders = health.sources().get("orders");
      assertThat(orders.rowsRead()).isEqualTo(rows);
      assertThat(orders.rowsAccepted()).isEqualTo(valid.size());
      assertThat(orders.quarantinedByReason()).isEqualTo(expected);
    }
  }

  private static String pick(SplittableRandom rnd, String... options) {
    return options[rnd.nextInt(options.length)];
  }
}
