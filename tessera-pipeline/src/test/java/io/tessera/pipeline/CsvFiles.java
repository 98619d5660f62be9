package io.tessera.pipeline;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads an output CSV with quoting (names and reasons hold commas). */
public final class CsvFiles {
  private CsvFiles() {}

  /** The data rows (header skipped), each as its fields. */
  public static List<String[]> rows(Path file) throws IOException {
    List<String[]> out = new ArrayList<>();
    try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(file)) {
      boolean header = true;
      for (CsvRecord r : reader) {
        if (header) {
          header = false;
          continue;
        }
        out.add(r.getFields().toArray(String[]::new));
      }
    }
    return out;
  }
}
