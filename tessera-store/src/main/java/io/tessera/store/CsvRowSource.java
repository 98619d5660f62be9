package io.tessera.store;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/** An RFC-4180 CSV file with a header line, read leniently by FastCSV. */
final class CsvRowSource implements RowSource {
  private final CsvReader<CsvRecord> reader;
  private final Iterator<CsvRecord> rows;
  private final List<String> header;
  private long line;
  private String[] fields;
  private boolean broken;

  CsvRowSource(Path file) throws IOException {
    this.reader =
        CsvReader.builder()
            .allowExtraFields(true)
            .allowMissingFields(true)
            .allowExtraCharsAfterClosingQuote(true)
            .skipEmptyLines(true)
            .detectBomHeader(true)
            .ofCsvRecord(file, StandardCharsets.UTF_8);
    this.rows = reader.iterator();
    List<String> h = List.of();
    try {
      if (rows.hasNext()) {
        h = rows.next().getFields();
      }
    } catch (CsvParseException | UncheckedIOException e) {
      h = List.of();
    }
    this.header = List.copyOf(h);
  }

  @Override
  public List<String> header() {
    return header;
  }

  @Override
  public boolean next() {
    if (broken) {
      return false;
    }
    try {
      if (!rows.hasNext()) {
        return false;
      }
      CsvRecord r = rows.next();
      line = r.getStartingLineNumber();
      fields = r.getFields().toArray(String[]::new);
      return true;
    } catch (CsvParseException | UncheckedIOException e) {
      broken = true;
      line = line + 1;
      fields = new String[] {"unreadable from here on: " + e.getMessage()};
      return true;
    }
  }

  @Override
  public boolean broken() {
    return broken;
  }

  @Override
  public long line() {
    return line;
  }

  @Override
  public String[] fields() {
    return fields;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
