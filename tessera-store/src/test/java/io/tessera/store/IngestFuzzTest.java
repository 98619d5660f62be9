package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tessera.contract.Source;
import io.tessera.ingest.DataHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Coverage-guided fuzzing of the readers (Jazzer): random bytes under a valid header, for each
 * contract source. No exception may escape except a ConfigException (a message for the user), and
 * every row read is accounted for. Under plain `mvnw verify` Jazzer replays the stored inputs in
 * src/test/resources; run with JAZZER_FUZZ=1 to fuzz.
 */
class IngestFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void randomBytesUnderAValidHeaderShouldNeverEscapeAndEveryRowIsAccountedFor(
      FuzzedDataProvider data) throws IOException, SQLException {
    Source source = Source.values()[data.consumeInt(0, Source.values().length - 1)];
    byte[] body = data.consumeRemainingAsBytes();
    Path dir = Files.createTempDirectory("tessera-fuzz");
    try {
      String header =
          String.join(",", source.requiredColumns())
              + ","
              + String.join(",", source.optionalColumns());
      Files.write(
          dir.resolve(source.fileStem() + ".csv"), concat((header + "\n").getBytes(), body));
      if (source != Source.ORDERS && source != Source.EVENTS) {
        Files.writeString(dir.resolve("orders.csv"), "order_id,customer_id,ordered_at,amount\n");
      }
      try (Store store = Store.inMemory()) {
        DataHealth health;
        try {
          health =
              Ingestor.ingest(
                      TesseraConfig.defaults(dir),
                      store,
                      IngestPropertyTest.settings(),
                      Ingestor.Progress.NONE)
                  .health();
        } catch (ConfigException e) {
          assertThat(e.getMessage()).isNotBlank();
          return;
        }
        DataHealth.SourceHealth s = health.sources().get(source.fileStem());
        long inTable = store.count("SELECT count(*) FROM " + source.fileStem());
        long inQuarantine =
            store.count(
                "SELECT count(*) FROM quarantine WHERE source = '" + source.fileStem() + "'");
        assertThat(s.rowsAccepted()).isEqualTo(inTable);
        assertThat(s.rowsRead()).isEqualTo(inTable + inQuarantine);
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
