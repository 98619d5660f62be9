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
import java.util.Locale;
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
  static final Pattern NUMBER =
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
    if (!formatted.isEmpty() && !isNumber(formatted)) {
      throw new IllegalArgumentException(
          "a number cell must hold a number, got '" + formatted + "'");
    }
    row.add(formatted);
    return this;
  }

  /**
   * Whether {@code s} is a plain decimal number: {@code -?(digits[.digits*] |
   * .digits)[e[+-]digits]} ({@link #NUMBER}, which CsvOutputTest checks this against), scanned
   * without a regular expression: a run writes millions of number cells (recommendations.csv's
   * scores).
   */
  static boolean isNumber(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && s.charAt(i) == '-') {
      i++;
    }
    int whole = digits(s, i);
    i += whole;
    int fraction = 0;
    if (i < n && s.charAt(i) == '.') {
      i++;
      fraction = digits(s, i);
      i += fraction;
    }
    if (whole == 0 && fraction == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
        i++;
      }
      int exponent = digits(s, i);
      if (exponent == 0) {
        return false;
      }
      i += exponent;
    }
    return i == n;
  }

  /** How many ASCII digits start at {@code from}. */
  private static int digits(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i - from;
  }

  /**
   * {@code value} with {@code places} decimals, exactly as {@code String.format(Locale.ROOT,
   * "%.<places>f", value)} writes it (the shortest decimal that reads back as the value, {@link
   * Double#toString}, rounded half up; a negative value that rounds to zero keeps its sign) at a
   * fraction of its cost: the formatter parses its pattern on every call, and a run writes millions
   * of these cells. CsvOutputTest compares the two on millions of values.
   */
  public static String decimal(double value, int places) {
    if (places < 0 || places > 9) {
      throw new IllegalArgumentException("decimal places: 0 to 9, got " + places);
    }
    if (!Double.isFinite(value) || Math.abs(value) >= 1e9) {
      return String.format(Locale.ROOT, "%." + places + "f", value);
    }
    boolean negative = value < 0 || (value == 0 && 1 / value < 0);
    String shortest = Double.toString(Math.abs(value));
    // the shortest digits, and how many of them are before the decimal point
    int e = shortest.indexOf('E');
    String mantissa = e < 0 ? shortest : shortest.substring(0, e);
    int dot = mantissa.indexOf('.');
    String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
    int point = dot + (e < 0 ? 0 : Integer.parseInt(shortest.substring(e + 1)));
    // the value times 10^places, truncated, then rounded up when the first dropped digit is 5+
    int keep = point + places;
    long scaled = 0;
    for (int i = 0; i < Math.min(keep, digits.length()); i++) {
      scaled = scaled * 10 + (digits.charAt(i) - '0');
    }
    for (int i = digits.length(); i < keep; i++) {
      scaled *= 10;
    }
    if (keep >= 0 && keep < digits.length() && digits.charAt(keep) >= '5') {
      scaled++;
    }
    StringBuilder out = new StringBuilder(24);
    if (negative) {
      out.append('-');
    }
    String units = Long.toString(scaled);
    if (places == 0) {
      return out.append(units).toString();
    }
    if (units.length() <= places) {
      out.append("0.").append("0".repeat(places - units.length())).append(units);
    } else {
      out.append(units, 0, units.length() - places)
          .append('.')
          .append(units, units.length() - places, units.length());
    }
    return out.toString();
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
