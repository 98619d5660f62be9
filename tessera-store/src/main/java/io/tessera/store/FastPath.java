package io.tessera.store;

import io.tessera.contract.Source;
import io.tessera.ingest.IngestSettings;
import io.tessera.ingest.QuarantineReason;
import io.tessera.ingest.Rejection;
import io.tessera.ingest.RowValidator;
import io.tessera.privacy.Pseudonymizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;

/**
 * A CSV source's fast path: a line the Java validator would accept unchanged but for conversions
 * DuckDB makes exactly is proven so on its bytes (by the source's {@link Proof}) and handed to
 * DuckDB as it is written, which converts and inserts it (or, for orders, converted by the proof
 * with the validator's arithmetic); every other line is read and validated by the row-by-row path's
 * own code ({@link CsvRowSource}'s parse of the line, {@link RowValidator}), which gives the exact
 * quarantine reason, or the validated values. Both kinds go to DuckDB in one file in line order
 * (column {@code m}: {@code F} a proven line, {@code J} Java's values in the same columns, a time
 * in column {@code t}, a value beyond the contract's columns, an order's attributes, in column
 * {@code x}), so the table's rows stand in file order, as before.
 *
 * <p>A line can be proven only when all of its bytes are printable ASCII, its quoting is strict RFC
 * 4180 (a quote opens a field, is doubled inside it, and closes it before a comma or the line's
 * end) and it has the header's field count; the proof then checks each field ({@link EventsProof},
 * {@link OrderItemsProof}).
 *
 * <p>The file goes back to the row-by-row path (and what was loaded of it is deleted) when a line
 * could be read differently by a reader that allows line breaks in quotes (a quote still open at
 * the line's end), a carriage return ends a line without a line feed, a line is longer than {@link
 * #MAX_LINE} bytes, or more than a quarter of the first {@link #PROBE_ROWS} rows are not proven.
 */
final class FastPath {
  /** The longest line this path reads. */
  static final int MAX_LINE = 1 << 20;

  /** Rows after which a file whose rows are mostly not proven goes back to the row-by-row path. */
  static final long PROBE_ROWS = 1 << 16;

  /**
   * One source's rule: which lines DuckDB may take as written, and how it converts them. Column
   * numbers are positions in the source's contract columns (required, then optional), which are its
   * table's columns after {@code _line}.
   */
  interface Proof {
    /**
     * Proves a plain line (printable ASCII, strict quoting, the header's field count, its fields in
     * {@code l}) and writes it as an {@code F} row ({@link #row}); false, nothing written, when it
     * cannot be proven.
     */
    boolean prove(byte[] b, int from, int to, long number, LineFields l, ByteOut out);

    /**
     * The value inserted for contract column {@code c}, from {@code raw} (the load file's column
     * holding it, or {@code NULL} when the header lacks it) of an {@code F} or a {@code J} row
     * ({@code m}), or {@code t} (a {@code J} row's time).
     */
    String select(int c, String raw);

    /** What the statement inserts after the contract's columns (defaults), from ", ". */
    String tail();

    /** A validated record's values as the table stores them, per contract column. */
    String[] stored(Object record);

    /** A validated record's time, written to column {@code t}; null for a source without one. */
    Instant time(Object record);

    /**
     * What a validated record stores beyond its contract columns, written to column {@code x} (the
     * {@link #tail} reads it); null for a source without such a value.
     */
    default String extra(Object record) {
      return null;
    }
  }

  /** The file went back to the row-by-row path: nothing of it is left in the store. */
  static final class Abandoned extends Exception {
    private static final long serialVersionUID = 1L;

    Abandoned(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * What was read: the rows (as the row-by-row path counts them), how many of them were proven, and
   * the blanks per contract column.
   */
  record Result(long rows, long proven, long[] missing) {}

  private final IngestSettings settings;
  private final Source source;
  private final List<String> header;
  private final CsvRowSource lines;
  private final RowValidator validator;
  private final Proof proof;
  private final int[] contractIndex;
  private final int width;

  /** Each header position's contract column, or -1. */
  private final int[] columnAt;

  /** Each contract column's header position (the validator's: the first of that name), or -1. */
  private final int[] at;

  private final Pseudonymizer masker;
  private final LineFields fields;

  /**
   * @param lines the file's reader after its header (its parse of one line is used, not its rows)
   */
  private FastPath(
      IngestSettings settings,
      Source source,
      CsvRowSource lines,
      RowValidator validator,
      int[] contractIndex,
      java.util.function.BiFunction<int[], List<String>, Proof> proof) {
    this.settings = settings;
    this.source = source;
    this.header = lines.header();
    this.lines = lines;
    this.validator = validator;
    this.contractIndex = contractIndex;
    this.at = positions(source, header);
    this.width = header.size();
    this.columnAt = new int[width];
    java.util.Arrays.fill(columnAt, -1);
    for (int c = 0; c < at.length; c++) {
      if (at[c] >= 0) {
        columnAt[at[c]] = c;
      }
    }
    this.masker = settings.pseudonymizer();
    this.fields = new LineFields(header.size());
    this.proof = proof.apply(at, header);
  }

  /**
   * A source's proof, made from each contract column's header position; null for a source that has
   * none (its rows are all validated in Java).
   */
  static java.util.function.BiFunction<int[], List<String>, Proof> proof(
      Source source, IngestSettings settings) {
    return switch (source) {
      case EVENTS -> (at, header) -> new EventsProof(settings, at);
      case ORDER_ITEMS -> (at, header) -> new OrderItemsProof(at);
      case ORDERS -> (at, header) -> new OrdersProof(settings, at, header);
      case CUSTOMERS, INTERACTIONS, REVIEWS -> null;
    };
  }

  /** Each contract column's position in the header by the validator's rule, or -1. */
  private static int[] positions(Source source, List<String> header) {
    List<String> columns = contractColumns(source);
    int[] at = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      at[c] = -1;
      for (int i = 0; i < header.size(); i++) {
        // the validator's rule: the first column of that name, stripped, in lower case
        if (header.get(i).strip().toLowerCase(Locale.ROOT).equals(columns.get(c))) {
          at[c] = i;
          break;
        }
      }
    }
    return at;
  }

  /** A source's contract columns, required then optional: its table's columns after _line. */
  static List<String> contractColumns(Source source) {
    List<String> columns = new ArrayList<>(source.requiredColumns());
    columns.addAll(source.optionalColumns());
    return columns;
  }

  /** Whether a file can take this path at all: comma-separated, with a header. */
  private static boolean applies(CsvRowSource lines) {
    return lines.separator() == ',' && lines.headerLine() > 0;
  }

  /** The statement that loads one file of {@code F} and {@code J} rows into the source's table. */
  String loadSql(String path) {
    StringBuilder columns =
        new StringBuilder("{'_line': 'BIGINT', 'm': 'VARCHAR', 't': 'TIMESTAMP', 'x': 'VARCHAR'");
    for (int i = 0; i < width; i++) {
      columns.append(", 'c").append(i).append("': 'VARCHAR'");
    }
    columns.append('}');
    StringBuilder sql =
        new StringBuilder("INSERT INTO ").append(source.fileStem()).append(" SELECT _line");
    for (int c = 0; c < at.length; c++) {
      sql.append(", ").append(proof.select(c, at[c] < 0 ? "NULL" : "c" + at[c]));
    }
    // read as the row-by-row path's COPY reads its rows: \N and '' are null, quoted or not
    return sql.append(proof.tail())
        .append(" FROM read_csv(")
        .append(path)
        .append(", columns = ")
        .append(columns)
        .append(
            ", header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"',"
                + " nullstr = ['\\N', ''], max_line_size = 100000000)")
        .toString();
  }

  /**
   * Loads a CSV source by this path, or leaves it to the row-by-row path.
   *
   * @param lines the file's reader, its header read
   * @param contractIndex each contract column's position in the header as the row-by-row path
   *     counts blanks ({@link Ingestor#indexOf}), -1 when absent
   * @param proof the source's proof, made from each contract column's header position (-1: absent)
   * @param outcome told how it went: the rows proven, or why the file was given back
   * @return what was read, or null when the file must be read row by row (nothing of it is then
   *     left in the store)
   */
  static Result load(
      Store store,
      BulkLoader loader,
      IngestSettings settings,
      Source source,
      Path file,
      CsvRowSource lines,
      RowValidator validator,
      int[] contractIndex,
      java.util.function.BiFunction<int[], List<String>, Proof> proof,
      Ingestor.Progress progress,
      Consumer<String> outcome)
      throws IOException, SQLException {
    String t = source.fileStem();
    if (!applies(lines)
        || store.count("SELECT count(*) FROM " + t) > 0
        || store.count("SELECT count(*) FROM quarantine WHERE source = '" + t + "'") > 0) {
      return null; // what this path abandons is deleted, so it starts from an empty table
    }
    FastPath fast = new FastPath(settings, source, lines, validator, contractIndex, proof);
    Result result;
    try (BulkLoader.Table table = loader.table(t, fast::loadSql)) {
      try (DuckDBAppender quarantine = store.connection().createAppender("quarantine")) {
        result = fast.read(file, table, quarantine, progress);
      }
      table.finish();
    } catch (Abandoned e) {
      outcome.accept("abandoned: " + e.getMessage());
      loader.await();
      store.execute("DELETE FROM " + t + "; DELETE FROM quarantine WHERE source = '" + t + "'");
      return null;
    }
    outcome.accept("proved " + result.proven() + " of " + result.rows() + " rows");
    return result;
  }

  /**
   * Reads the file, writing each row to {@code table} (chunks loaded by {@link #loadSql}) or to the
   * quarantine, in line order.
   *
   * @throws Abandoned when the file must go the row-by-row way (the caller deletes what was loaded)
   */
  private Result read(
      Path file, BulkLoader.Table table, DuckDBAppender quarantine, Ingestor.Progress progress)
      throws IOException, SQLException, Abandoned {
    long[] missing = new long[contractIndex.length];
    long rows = 0;
    long slow = 0;
    ByteOut out = new ByteOut();
    StringBuilder javaRow = new StringBuilder(256);
    try (ByteLines in = new ByteLines(file, MAX_LINE)) {
      while (in.next()) {
        byte[] b = in.buffer();
        if (in.number <= lines.headerLine()) {
          for (int i = in.from; i < in.to; i++) {
            if (b[i] == '\r') {
              throw new Abandoned("a carriage return without a line feed");
            }
          }
          continue;
        }
        if (in.from == in.to) {
          continue; // a blank line, skipped as the reader skips it
        }
        if ((++rows & 0xFFFF) == 0) {
          progress.rows(source.fileStem(), rows);
        }
        if (fast(b, in.from, in.to, in.number, out)) {
          for (int i = 0; i < contractIndex.length; i++) {
            if (fields.blank(b, contractIndex[i])) {
              missing[i]++;
            }
          }
        } else {
          slow++;
          javaRow.setLength(0);
          slow(b, in.from, in.to, in.number, javaRow, quarantine, missing);
          out.append(javaRow.toString());
        }
        if (rows == PROBE_ROWS && slow * 4 > rows) {
          throw new Abandoned(slow + " of the first " + rows + " rows are not proven");
        }
        if (out.length >= 1 << 20) {
          table.write(out.bytes, 0, out.length);
          out.length = 0;
        }
      }
    }
    table.write(out.bytes, 0, out.length);
    progress.rows(source.fileStem(), rows);
    return new Result(rows, rows - slow, missing);
  }

  /** A plain line of the header's field count that the source's proof accepts, written. */
  private boolean fast(byte[] b, int from, int to, long number, ByteOut out) throws Abandoned {
    return fields.scan(b, from, to)
        && fields.fields == width
        && proof.prove(b, from, to, number, fields, out);
  }

  /**
   * Writes a proven line as an {@code F} row: its number, {@code F}, no time, no extra value, and
   * its bytes, but field {@code k}'s text replaced by {@code with} (k < 0: none).
   */
  static void row(
      ByteOut out, long number, byte[] b, int from, int to, LineFields l, int k, String with) {
    out.number(number);
    out.append((byte) ',');
    out.append((byte) 'F');
    out.append((byte) ',');
    out.append((byte) ',');
    out.append((byte) ',');
    if (k < 0) {
      out.append(b, from, to - from);
    } else {
      out.append(b, from, l.start[k] - from);
      out.append(with);
      out.append(b, l.end[k], to - l.end[k]);
    }
    out.append((byte) '\n');
  }

  /**
   * A line not proven: read and validated as the row-by-row path does; a {@code J} row of the
   * validated values is added to {@code row}, or the row goes to the quarantine.
   */
  private void slow(
      byte[] b,
      int from,
      int to,
      long number,
      StringBuilder row,
      DuckDBAppender quarantine,
      long[] missing)
      throws SQLException {
    String text = new String(b, from, to - from, StandardCharsets.UTF_8);
    RowSource.Problem problem =
        text.indexOf('\uFFFD') >= 0 ? lines.encodingProblem(number, b, from, to - from) : null;
    String[] values = lines.fieldsOfLine(text);
    if (problem == null && values.length != header.size()) {
      problem =
          new RowSource.Problem(
              QuarantineReason.MALFORMED_ROW,
              "has " + values.length + " fields where the header has " + header.size());
    }
    if (problem != null) {
      quarantine(quarantine, number, problem.reason(), problem.detail(), values);
      return;
    }
    for (int i = 0; i < contractIndex.length; i++) {
      int k = contractIndex[i];
      if (k < 0 || values[k] == null || values[k].isBlank()) {
        missing[i]++;
      }
    }
    Object record;
    try {
      record = validator.validate(values);
    } catch (Rejection r) {
      quarantine(quarantine, number, r.reason(), r.getMessage(), values);
      return;
    }
    String[] stored = proof.stored(record);
    BulkWriter w = new BulkWriter(row);
    w.begin(number).text("J").time(proof.time(record)).text(proof.extra(record));
    for (int i = 0; i < width; i++) {
      w.text(columnAt[i] < 0 ? null : stored[columnAt[i]]);
    }
    w.end();
  }

  private void quarantine(
      DuckDBAppender quarantine,
      long number,
      QuarantineReason reason,
      String detail,
      String[] values)
      throws SQLException {
    quarantine
        .beginRow()
        .append(source.fileStem())
        .append(number)
        .append(reason.wireName())
        .append(detail)
        .append(Ingestor.raw(settings, header, values, masker))
        .endRow();
  }
}
