package io.tessera.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tessera.ingest.DataHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/** Writes a run's data-health outputs: data_health.json and quarantine/&lt;source&gt;.csv. */
public final class RunOutputs {
  /** JSON as the outputs write it: snake_case keys, indented, map keys sorted. */
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private RunOutputs() {}

  public static void writeHealth(DataHealth health, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), health);
  }

  /**
   * Writes one CSV per source (line, reason, detail, raw) with its quarantined rows in line order;
   * a source without quarantined rows gets a header-only file. Written through {@link CsvOutput}:
   * the raw values are a source's own text, so they are quoted and neutralised like any output.
   */
  public static void writeQuarantine(Store store, Collection<String> sources, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    for (String source : sources) {
      Path file = dir.resolve(source + ".csv");
      try (CsvOutput out = CsvOutput.open(file, List.of("line", "reason", "detail", "raw"));
          PreparedStatement q =
              store
                  .connection()
                  .prepareStatement(
                      "SELECT line, reason, detail, raw FROM quarantine WHERE source = ? ORDER BY"
                          + " line, reason")) {
        q.setString(1, source);
        try (ResultSet r = q.executeQuery()) {
          while (r.next()) {
            out.number(Long.toString(r.getLong(1)))
                .text(r.getString(2))
                .text(r.getString(3))
                .text(r.getString(4))
                .endRow();
          }
        }
      } catch (SQLException e) {
        throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
