package io.tessera.store;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads CSV files with the reader ingestion uses ({@link CsvRowSource}) and, for comparison, with
 * FastCSV configured as the earlier reader was (lenient, replacement characters, no resuming),
 * three rounds each, and prints rows and MB/s. Not a test: run it from the test classpath with the
 * files as arguments (e.g. a generated shop's events.csv).
 */
public final class CsvReadBench {
  private CsvReadBench() {}

  public static void main(String[] args) throws IOException {
    for (String a : args) {
      Path file = Path.of(a);
      double mb = Files.size(file) / 1e6;
      for (int round = 1; round <= 3; round++) {
        long t0 = System.nanoTime();
        long rows = 0;
        long fields = 0;
        try (CsvRowSource r = new CsvRowSource(file)) {
          while (r.next()) {
            rows++;
            fields += r.fields().length;
          }
        }
        long t1 = System.nanoTime();
        long rowsF = 0;
        long fieldsF = 0;
        try (CsvReader<CsvRecord> reader =
            CsvReader.builder()
                .allowExtraFields(true)
                .allowMissingFields(true)
                .allowExtraCharsAfterClosingQuote(true)
                .skipEmptyLines(true)
                .detectBomHeader(true)
                .ofCsvRecord(file, StandardCharsets.UTF_8)) {
          for (CsvRecord rec : reader) {
            rowsF++;
            fieldsF += rec.getFieldCount();
          }
        }
        long t2 = System.nanoTime();
        System.out.printf(
            "%s round %d: CsvRowSource %,d rows %,d fields %.0f ms (%.0f MB/s); FastCSV %,d rows"
                + " (header included) %,d fields %.0f ms (%.0f MB/s)%n",
            file.getFileName(),
            round,
            rows,
            fields,
            (t1 - t0) / 1e6,
            mb / ((t1 - t0) / 1e9),
            rowsF,
            fieldsF,
            (t2 - t1) / 1e6,
            mb / ((t2 - t1) / 1e9));
      }
    }
  }
}
