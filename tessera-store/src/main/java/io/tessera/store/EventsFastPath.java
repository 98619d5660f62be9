package io.tessera.store;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Source;
import io.tessera.ingest.IngestSettings;
import io.tessera.ingest.QuarantineReason;
import io.tessera.ingest.RecordRules;
import io.tessera.ingest.Rejection;
import io.tessera.ingest.RowValidator;
import io.tessera.privacy.Pseudonymizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;

/**
 * The events CSV file's fast path: a line the Java validator would accept unchanged but for the
 * conversions DuckDB makes exactly (lower-case type, a whole-second UTC timestamp) is proven so on
 * its bytes here and handed to DuckDB as it is written, which converts and inserts it; every other
 * line is read and validated by the row-by-row path's own code ({@link CsvRowSource}'s parse of the
 * line, {@link RowValidator}), which gives the exact quarantine reason, or the validated values.
 * Both kinds go to DuckDB in one file in line order (column {@code m}: {@code F} a line as written,
 * {@code J} Java's values in the same columns, the time in column {@code t}), so the table's rows
 * stand in file order, as before.
 *
 * <p>A line is proven when all of its bytes are printable ASCII, its quoting is strict RFC 4180 (a
 * quote opens a field, is doubled inside it, and closes it before a comma or the line's end), it
 * has the header's field count, and: event_id, type and session_id are unquoted printable ASCII
 * without spaces or backslashes (event_id and type present); occurred_at is {@code
 * yyyy-MM-ddTHH:mm:ssZ}, a real date and time inside [1990, now + 1 day]; customer_id, anonymous_id
 * and device_id, when present, start with a letter and hold no {@code @} (so never an email or a
 * phone number, see {@link io.tessera.privacy.PersonalData#id}), customer_id at most {@link
 * CustomerId#MAX_LENGTH} characters; one of the ids or the email is present; an email is replaced
 * here by its pseudonym as the validator makes it; properties are a text the personal-data rule
 * keeps as it is.
 *
 * <p>The file goes back to the row-by-row path (and what was loaded of it is deleted) when a line
 * could be read differently by a reader that allows line breaks in quotes (a quote still open at
 * the line's end), a carriage return ends a line without a line feed, a line is longer than {@link
 * #MAX_LINE} bytes, or more than a quarter of the first {@link #PROBE_ROWS} rows are not proven.
 */
final class EventsFastPath {
  /** The longest line this path reads. */
  static final int MAX_LINE = 1 << 20;

  /** Rows after which a file whose rows are mostly not proven goes back to the row-by-row path. */
  static final long PROBE_ROWS = 1 << 16;

  /** The contract's columns, in the table's order. */
  private static final List<String> COLUMNS =
      List.of(
          "event_id",
          "type",
          "occurred_at",
          "customer_id",
          "anonymous_id",
          "device_id",
          "email",
          "session_id",
          "properties");

  private static final int EVENT_ID = 0;
  private static final int TYPE = 1;
  private static final int OCCURRED_AT = 2;
  private static final int CUSTOMER_ID = 3;
  private static final int ANONYMOUS_ID = 4;
  private static final int DEVICE_ID = 5;
  private static final int EMAIL = 6;
  private static final int SESSION_ID = 7;
  private static final int PROPERTIES = 8;
  private static final int[] IDS = {CUSTOMER_ID, ANONYMOUS_ID, DEVICE_ID};

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
  private final List<String> header;
  private final CsvRowSource lines;
  private final RowValidator validator;
  private final int[] at = new int[COLUMNS.size()];
  private final int[] contractIndex;
  private final int width;

  /** Each header position's contract column, or -1. */
  private final int[] columnAt;

  private final long latest;
  private final long earliest;
  private final Pseudonymizer masker;
  private final LineFields fields;

  // properties texts the personal-data rule was asked about: their bytes, and whether it keeps them
  private final byte[][] keptKeys = new byte[1 << 14][];
  private final boolean[] keptValues = new boolean[1 << 14];
  private int keptSize;

  /**
   * @param lines the file's reader after its header (its parse of one line is used, not its rows)
   */
  private EventsFastPath(
      IngestSettings settings, CsvRowSource lines, RowValidator validator, int[] contractIndex) {
    this.settings = settings;
    this.header = lines.header();
    this.lines = lines;
    this.validator = validator;
    this.contractIndex = contractIndex;
    for (int c = 0; c < COLUMNS.size(); c++) {
      at[c] = -1;
      for (int i = 0; i < header.size(); i++) {
        // the validator's rule: the first column of that name, stripped, in lower case
        if (header.get(i).strip().toLowerCase(Locale.ROOT).equals(COLUMNS.get(c))) {
          at[c] = i;
          break;
        }
      }
    }
    this.width = header.size();
    this.columnAt = new int[width];
    java.util.Arrays.fill(columnAt, -1);
    for (int c = 0; c < COLUMNS.size(); c++) {
      if (at[c] >= 0) {
        columnAt[at[c]] = c;
      }
    }
    this.latest = settings.now().plus(RecordRules.CLOCK_SKEW).getEpochSecond();
    this.earliest = RecordRules.EARLIEST.getEpochSecond();
    this.masker = settings.pseudonymizer();
    this.fields = new LineFields(header.size());
  }

  /** Whether a file can take this path at all: comma-separated, with a header. */
  private static boolean applies(CsvRowSource lines) {
    return lines.separator() == ',' && lines.headerLine() > 0;
  }

  /** The statement that loads one file of {@code F} and {@code J} rows into the events table. */
  String loadSql(String path) {
    StringBuilder columns =
        new StringBuilder("{'_line': 'BIGINT', 'm': 'VARCHAR', 't': 'TIMESTAMP'");
    for (int i = 0; i < width; i++) {
      columns.append(", 'c").append(i).append("': 'VARCHAR'");
    }
    columns.append('}');
    StringBuilder sql = new StringBuilder("INSERT INTO events SELECT _line");
    for (int c = 0; c < COLUMNS.size(); c++) {
      String raw = at[c] < 0 ? "NULL" : "c" + at[c];
      String fast =
          switch (c) {
            case TYPE -> "lower(" + raw + ")";
            case OCCURRED_AT -> "strptime(" + raw + ", '%Y-%m-%dT%H:%M:%SZ')";
            default -> raw;
          };
      // a J row holds Java's value in the same position (its time in t); no branch can fail
      String java = c == OCCURRED_AT ? "t" : raw;
      sql.append(", CASE WHEN m = 'J' THEN ").append(java).append(" ELSE ").append(fast);
      sql.append(" END");
    }
    // read as the row-by-row path's COPY reads its rows: \N and '' are null, quoted or not
    return sql.append(", false, NULL FROM read_csv(")
        .append(path)
        .append(", columns = ")
        .append(columns)
        .append(
            ", header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"',"
                + " nullstr = ['\\N', ''], max_line_size = 100000000)")
        .toString();
  }

  /**
   * Loads the events file by this path, or leaves it to the row-by-row path.
   *
   * @param lines the file's reader, its header read
   * @param contractIndex each contract column's position in the header as the row-by-row path
   *     counts blanks ({@link Ingestor#indexOf}), -1 when absent
   * @param outcome told how it went: the rows proven, or why the file was given back
   * @return what was read, or null when the file must be read row by row (nothing of it is then
   *     left in the store)
   */
  static Result load(
      Store store,
      BulkLoader loader,
      IngestSettings settings,
      Path file,
      CsvRowSource lines,
      RowValidator validator,
      int[] contractIndex,
      Ingestor.Progress progress,
      Consumer<String> outcome)
      throws IOException, SQLException {
    String t = Source.EVENTS.fileStem();
    if (!applies(lines)
        || store.count("SELECT count(*) FROM " + t) > 0
        || store.count("SELECT count(*) FROM quarantine WHERE source = '" + t + "'") > 0) {
      return null; // what this path abandons is deleted, so it starts from an empty table
    }
    EventsFastPath fast = new EventsFastPath(settings, lines, validator, contractIndex);
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
          progress.rows(Source.EVENTS.fileStem(), rows);
        }
        if (!fast(b, in.from, in.to, in.number, out, missing)) {
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
    progress.rows(Source.EVENTS.fileStem(), rows);
    return new Result(rows, rows - slow, missing);
  }

  /**
   * Proves a line and writes it as an {@code F} row; false (nothing written, nothing counted) when
   * it cannot be proven.
   */
  private boolean fast(byte[] b, int from, int to, long number, ByteOut out, long[] missing)
      throws Abandoned {
    LineFields l = this.fields;
    if (!l.scan(b, from, to) || l.fields != header.size()) {
      return false;
    }
    long seconds = l.utcSeconds(b, at[OCCURRED_AT]);
    if (!l.token(b, at[EVENT_ID])
        || !l.token(b, at[TYPE])
        || seconds > latest
        || seconds < earliest) {
      return false;
    }
    boolean someone = false;
    for (int c : IDS) {
      int k = at[c];
      if (!l.empty(k)) {
        if (!l.plainId(b, k, c == CUSTOMER_ID ? CustomerId.MAX_LENGTH : Integer.MAX_VALUE)) {
          return false;
        }
        someone = true;
      }
    }
    int s = at[SESSION_ID];
    int p = at[PROPERTIES];
    if ((!l.empty(s) && !l.token(b, s)) || (!l.empty(p) && !propertiesKept(b, p))) {
      return false;
    }
    int e = at[EMAIL];
    String email = null;
    if (!l.empty(e)) {
      if (!l.token(b, e)) {
        return false;
      }
      email =
          emailStored(new String(b, l.start[e], l.end[e] - l.start[e], StandardCharsets.US_ASCII));
      if (email == null) {
        return false;
      }
      someone = true;
    }
    if (!someone) {
      return false;
    }
    for (int i = 0; i < contractIndex.length; i++) {
      if (l.blank(b, contractIndex[i])) {
        missing[i]++;
      }
    }
    out.number(number);
    out.append((byte) ',');
    out.append((byte) 'F');
    out.append((byte) ',');
    out.append((byte) ',');
    if (email == null) {
      out.append(b, from, to - from);
    } else {
      // the email's pseudonym in its place, as the validator stores it
      out.append(b, from, l.start[e] - from);
      out.append(email);
      out.append(b, l.end[e], to - l.end[e]);
    }
    out.append((byte) '\n');
    return true;
  }

  /**
   * An email as the validator stores it (its pseudonym, or the normalised address without a key),
   * or null when it is not an email address; remembered per text, since a shop's events repeat
   * their customers' emails (8,460 distinct among 61,108 in the first million events at 100k).
   */
  private String emailStored(String raw) {
    String stored = emails.get(raw);
    if (stored == null) {
      String normalised = Pseudonymizer.normaliseEmail(raw);
      stored =
          normalised == null
              ? NOT_EMAIL
              : masker == null ? normalised : masker.pseudonym(normalised);
      if (emails.size() >= EMAILS) {
        emails.clear();
      }
      emails.put(raw, stored);
    }
    return stored == NOT_EMAIL ? null : stored;
  }

  private static final int EMAILS = 1 << 16;

  /** A text that is not an email address, in {@link #emails}; compared by identity. */
  private static final String NOT_EMAIL = new String("not an email");

  private final java.util.Map<String, String> emails = new java.util.HashMap<>();

  /**
   * Whether the personal-data rule keeps a properties field's text as it is, remembered per text
   * (its bytes as written determine it) in an open-addressing table, emptied when half full.
   */
  private boolean propertiesKept(byte[] b, int k) {
    LineFields l = this.fields;
    int from = l.start[k];
    int to = l.end[k];
    if (from == to || (!l.quoted[k] && !l.token(b, k)) || b[from] == ' ' || b[to - 1] == ' ') {
      return false; // blank, stripped, or an unquoted text with spaces or \ (null in COPY)
    }
    // hashed on the length and the last bytes alone (the texts differ most at their ends: ids,
    // paths), compared in full below: the whole text's hash was a sixth of this path's time
    int h = to - from;
    for (int i = Math.max(from, to - 12); i < to; i++) {
      h = 31 * h + b[i];
    }
    int mask = keptKeys.length - 1;
    int slot = (h ^ (h >>> 16)) & mask;
    for (byte[] key; (key = keptKeys[slot]) != null; slot = (slot + 1) & mask) {
      if (Arrays.equals(key, 0, key.length, b, from, to)) {
        return keptValues[slot];
      }
    }
    String text = new String(b, from, to - from, StandardCharsets.US_ASCII);
    if (l.doubled[k]) {
      text = text.replace("\"\"", "\"");
    }
    boolean kept = text.equals(settings.personalData().propertiesText(text));
    if (keptSize >= keptKeys.length / 2) {
      Arrays.fill(keptKeys, null);
      keptSize = 0;
      slot = (h ^ (h >>> 16)) & mask;
    }
    keptKeys[slot] = Arrays.copyOfRange(b, from, to);
    keptValues[slot] = kept;
    keptSize++;
    return kept;
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
    Event e;
    try {
      e = (Event) validator.validate(values);
    } catch (Rejection r) {
      quarantine(quarantine, number, r.reason(), r.getMessage(), values);
      return;
    }
    String[] stored = {
      e.eventId(),
      e.type(),
      null, // the time goes in column t
      e.customerId() == null ? null : e.customerId().value(),
      e.anonymousId(),
      e.deviceId(),
      e.emailPseudonym(),
      e.sessionId(),
      e.properties()
    };
    BulkWriter w = new BulkWriter(row);
    w.begin(number).text("J").time(e.occurredAt());
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
        .append(Source.EVENTS.fileStem())
        .append(number)
        .append(reason.wireName())
        .append(detail)
        .append(Ingestor.raw(settings, header, values, masker))
        .endRow();
  }
}
