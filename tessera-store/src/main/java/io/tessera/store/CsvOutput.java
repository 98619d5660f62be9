package io.tessera.store;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategies;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A CSV file a user opens (customers.csv, excluded_customers.csv, quarantine/&lt;source&gt;.csv):
 * UTF-8, LF line ends, quoted by FastCSV where RFC 4180 needs it (separator, quote, CR or LF in a
 * cell), and safe to open in a spreadsheet.
 *
 * <p>Text cells are neutralised against formula injection as OWASP recommends ("CSV Injection",
 * owasp.org/www-community/attacks/CSV_Injection): a text cell that starts with {@code =}, {@code
 * +}, {@code -}, {@code @}, tab or carriage return gets a leading apostrophe, which spreadsheets
 * show as text and do not evaluate. A text cell that starts with an apostrophe gets one too, so the
 * rule can be undone exactly: a program reading the file removes one leading apostrophe from a text
 * cell ({@link #restore}, or {@link #restoreSql} in DuckDB) and gets the value back. Number cells
 * are never changed: {@code -3.5} stays a number, and a number cell refuses anything but a number.
 */
public final class CsvOutput implements Closeable {
  private static final Pattern NUMBER =
      Pattern.compile("-?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");

  private final CsvWriter writer;
  private final int columns;
  private final List<String> row;

  private CsvOutput(CsvWriter writer, int columns) {
    this.writer = writer;
    this.columns = columns;
    this.row = new ArrayList<>(columns);
  }

  /** Creates (or replaces) the file and writes its header. */
  public static CsvOutput open(Path file, List<String> header) throws IOException {
    CsvWriter w =
        CsvWriter.builder()
            .quoteStrategy(QuoteStrategies.REQUIRED)
            .lineDelimiter(LineDelimiter.LF)
            .build(file, StandardCharsets.UTF_8);
    CsvOutput out = new CsvOutput(w, header.size());
    for (String h : header) {
      out.text(h);
    }
    out.endRow();
    return out;
  }

  /** Adds a text cell, neutralised; null is an empty cell. */
  public CsvOutput text(String value) {
    row.add(value == null ? "" : neutralise(value));
    return this;
  }

  /**
   * Adds a number cell as formatted by the caller (empty for none).
   *
   * @throws IllegalArgumentException when the text is not a plain decimal number
   */
  public CsvOutput number(String formatted) {
    if (!formatted.isEmpty() && !NUMBER.matcher(formatted).matches()) {
      throw new IllegalArgumentException(
          "a number cell must hold a number, got '" + formatted + "'");
    }
    row.add(formatted);
    return this;
  }

  /** Writes the row's cells. */
  public void endRow() {
    if (row.size() != columns) {
      throw new IllegalStateException(
          "a row has " + row.size() + " cells where the header has " + columns);
    }
    writer.writeRecord(row);
    row.clear();
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  /** The text as written in a cell: a leading apostrophe before a formula leader or apostrophe. */
  public static String neutralise(String text) {
    return !text.isEmpty() && "=+-@\t\r'".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
  }

  /** The text a neutralised cell stands for: one leading apostrophe removed. */
  public static String restore(String cell) {
    return cell.startsWith("'") ? cell.substring(1) : cell;
  }

  /** {@link #restore} as a DuckDB expression over a column of a text cell. */
  public static String restoreSql(String column) {
    return "CASE WHEN starts_with("
        + column
        + ", '''') THEN substr("
        + column
        + ", 2) ELSE "
        + column
        + " END";
  }
}
