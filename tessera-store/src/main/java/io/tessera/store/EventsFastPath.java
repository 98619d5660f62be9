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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.duckdb.DuckDBAppender;

/**
 * The events CSV file's fast path: a line the Java validator would accept unchanged but for the
 * conversions DuckDB makes exactly (lower-case type, a whole-second UTC timestamp) is proven so on
 * its bytes here and handed to DuckDB as it is written, which converts and inserts it; every other
 * line is read and validated by the row-by-row path's own code ({@link CsvRowSource}'s parse of the
 * line, {@link RowValidator}), which gives the exact quarantine reason, or the validated values.
 * Both kinds go to DuckDB in one file in line order (column {@code m}: {@code F} a line as written,
 * {@code J} Java's values), so the table's rows stand in file order, as before.
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
  private final long latest;
  private final long earliest;
  private final Pseudonymizer masker;
  private final Map<String, Boolean> propertiesKept = new HashMap<>();

  // the current line's fields: content from start to end (quotes excluded), quoted or not
  private final int[] start;
  private final int[] end;
  private final boolean[] quoted;
  private final boolean[] doubled;
  private int fields;

  /**
   * @param lines the file's reader after its header (its parse of one line is used, not its rows)
   * @param contractIndex each contract column's position in the header as the row-by-row path
   *     counts blanks ({@link Ingestor#indexOf}), -1 when absent
   */
  EventsFastPath(
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
    this.width = Math.max(header.size(), COLUMNS.size());
    this.latest = settings.now().plus(RecordRules.CLOCK_SKEW).getEpochSecond();
    this.earliest = RecordRules.EARLIEST.getEpochSecond();
    this.masker = settings.pseudonymizer();
    this.start = new int[header.size() + 1];
    this.end = new int[header.size() + 1];
    this.quoted = new boolean[header.size() + 1];
    this.doubled = new boolean[header.size() + 1];
  }

  /** Whether a file can take this path at all: comma-separated, with a header. */
  static boolean applies(CsvRowSource lines) {
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
      String java = c == OCCURRED_AT ? "t" : "c" + c;
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
   * Reads the file, writing each row to {@code table} (chunks loaded by {@link #loadSql}) or to the
   * quarantine, in line order.
   *
   * @throws Abandoned when the file must go the row-by-row way (the caller deletes what was loaded)
   */
  Result read(
      Path file, BulkLoader.Table table, DuckDBAppender quarantine, Ingestor.Progress progress)
      throws IOException, SQLException, Abandoned {
    long[] missing = new long[contractIndex.length];
    long rows = 0;
    long slow = 0;
    long number = 0;
    long headerLine = lines.headerLine();
    Out out = new Out();
    StringBuilder javaRow = new StringBuilder(256);
    byte[] buf = new byte[4 << 20];
    int pos = 0;
    int lim = 0;
    boolean eof = false;
    try (InputStream in = Files.newInputStream(file)) {
      while (true) {
        int nl = -1;
        for (int i = pos; i < lim; i++) {
          if (buf[i] == '\n') {
            nl = i;
            break;
          }
        }
        if (nl < 0 && !eof) {
          if (lim - pos > MAX_LINE) {
            throw new Abandoned("a line longer than " + MAX_LINE + " bytes");
          }
          System.arraycopy(buf, pos, buf, 0, lim - pos);
          lim -= pos;
          pos = 0;
          int n = in.read(buf, lim, buf.length - lim);
          if (n < 0) {
            eof = true;
          } else {
            lim += n;
          }
          continue;
        }
        if (nl < 0 && pos == lim) {
          break; // the end, after a line feed or in an empty file
        }
        int lineEnd = nl < 0 ? lim : nl;
        int to = lineEnd > pos && buf[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        number++;
        int from = pos;
        pos = nl < 0 ? lim : nl + 1;
        if (number <= headerLine) {
          for (int i = from; i < to; i++) {
            if (buf[i] == '\r') {
              throw new Abandoned("a carriage return without a line feed");
            }
          }
          continue;
        }
        if (to - from > MAX_LINE) {
          throw new Abandoned("a line longer than " + MAX_LINE + " bytes");
        }
        if (from == to) {
          continue; // a blank line, skipped as the reader skips it
        }
        rows++;
        if ((rows & 0xFFFF) == 0) {
          progress.rows(Source.EVENTS.fileStem(), rows);
        }
        if (!fast(buf, from, to, number, out, missing)) {
          slow++;
          javaRow.setLength(0);
          slow(buf, from, to, number, javaRow, quarantine, missing);
          if (!javaRow.isEmpty()) {
            out.append(javaRow.toString().getBytes(StandardCharsets.UTF_8));
          }
        }
        if (rows == PROBE_ROWS && slow * 4 > rows) {
          throw new Abandoned(slow + " of the first " + rows + " rows are not proven");
        }
        if (out.length >= 1 << 20) {
          table.write(out.bytes, 0, out.length);
          out.length = 0;
        }
        if (nl < 0) {
          break;
        }
      }
    }
    table.write(out.bytes, 0, out.length);
    progress.rows(Source.EVENTS.fileStem(), rows);
    return new Result(rows, rows - slow, missing);
  }

  /** A growable byte buffer. */
  private static final class Out {
    byte[] bytes = new byte[2 << 20];
    int length;

    void ensure(int more) {
      if (length + more > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }

    void append(byte[] b) {
      append(b, 0, b.length);
    }

    void append(byte[] b, int from, int n) {
      ensure(n);
      System.arraycopy(b, from, bytes, length, n);
      length += n;
    }

    void append(byte b) {
      ensure(1);
      bytes[length++] = b;
    }

    void number(long v) {
      append(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
    }
  }

  /**
   * Scans a line with {@link CsvRowSource}'s state machine, recording its fields; returns whether
   * it is strict, printable ASCII (else false). Throws when a quote is still open at its end or a
   * carriage return is inside it.
   */
  private boolean scan(byte[] b, int from, int to) throws Abandoned {
    final int startState = 0;
    final int unquoted = 1;
    final int quotedState = 2;
    final int afterQuote = 3;
    int state = startState;
    int f = 0;
    int cap = start.length;
    boolean ok = true;
    start[0] = from;
    quoted[0] = false;
    doubled[0] = false;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c < 0x20 || c > 0x7e) {
        if (c == '\r') {
          throw new Abandoned("a carriage return without a line feed");
        }
        ok = false; // a control character or a byte of a non-ASCII character
      }
      switch (state) {
        case startState -> {
          if (c == '"') {
            state = quotedState;
            if (f < cap) {
              quoted[f] = true;
              start[f] = i + 1;
            }
          } else if (c == ',') {
            if (f < cap) {
              end[f] = i;
            }
            f++;
            if (f < cap) {
              start[f] = i + 1;
              quoted[f] = false;
              doubled[f] = false;
            }
          } else {
            state = unquoted;
          }
        }
        case unquoted -> {
          if (c == ',') {
            if (f < cap) {
              end[f] = i;
            }
            f++;
            if (f < cap) {
              start[f] = i + 1;
              quoted[f] = false;
              doubled[f] = false;
            }
            state = startState;
          } else if (c == '"') {
            ok = false; // a quote inside an unquoted field: read leniently
          }
        }
        case quotedState -> {
          if (c == '"') {
            if (i + 1 < to && b[i + 1] == '"') {
              i++;
              if (f < cap) {
                doubled[f] = true;
              }
            } else {
              state = afterQuote;
              if (f < cap) {
                end[f] = i;
              }
            }
          }
        }
        default -> {
          if (c == ',') {
            f++;
            if (f < cap) {
              start[f] = i + 1;
              quoted[f] = false;
              doubled[f] = false;
            }
            state = startState;
          } else {
            ok = false; // text after a closing quote: read leniently
          }
        }
      }
    }
    if (state == quotedState) {
      throw new Abandoned("a quote open at the end of a line");
    }
    if (state != afterQuote && f < cap) {
      end[f] = to;
    }
    fields = f + 1;
    return ok;
  }

  /** Whether field k is empty and unquoted (absent columns are empty). */
  private boolean empty(int k) {
    return k < 0 || (!quoted[k] && start[k] == end[k]);
  }

  /** Whether field k is an unquoted run of printable ASCII without spaces or backslashes. */
  private boolean token(byte[] b, int k) {
    if (quoted[k] || start[k] == end[k]) {
      return false;
    }
    for (int i = start[k]; i < end[k]; i++) {
      byte c = b[i];
      if (c <= ' ' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /** An id the personal-data rule keeps as it is: a token that starts with a letter, without @. */
  private boolean plainId(byte[] b, int k, int maxLength) {
    if (!token(b, k) || end[k] - start[k] > maxLength) {
      return false;
    }
    byte first = b[start[k]];
    if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
      return false;
    }
    for (int i = start[k]; i < end[k]; i++) {
      if (b[i] == '@') {
        return false;
      }
    }
    return true;
  }

  /**
   * Proves a line and writes it as an {@code F} row; false (nothing written, nothing counted) when
   * it cannot be proven.
   */
  private boolean fast(byte[] b, int from, int to, long number, Out out, long[] missing)
      throws Abandoned {
    if (!scan(b, from, to) || fields != header.size()) {
      return false;
    }
    if (!token(b, at[EVENT_ID]) || !token(b, at[TYPE]) || !timestamp(b, at[OCCURRED_AT])) {
      return false;
    }
    boolean someone = false;
    for (int c : IDS) {
      int k = at[c];
      if (empty(k)) {
        continue;
      }
      if (!plainId(b, k, c == CUSTOMER_ID ? CustomerId.MAX_LENGTH : Integer.MAX_VALUE)) {
        return false;
      }
      someone = true;
    }
    int s = at[SESSION_ID];
    if (!empty(s) && !token(b, s)) {
      return false;
    }
    int p = at[PROPERTIES];
    if (!empty(p) && !propertiesKept(b, p)) {
      return false;
    }
    int e = at[EMAIL];
    byte[] email = null;
    if (!empty(e)) {
      if (!token(b, e)) {
        return false;
      }
      String normalised =
          Pseudonymizer.normaliseEmail(
              new String(b, start[e], end[e] - start[e], StandardCharsets.US_ASCII));
      if (normalised == null) {
        return false;
      }
      email =
          (masker == null ? normalised : masker.pseudonym(normalised))
              .getBytes(StandardCharsets.UTF_8);
      someone = true;
    }
    if (!someone) {
      return false;
    }
    for (int i = 0; i < contractIndex.length; i++) {
      if (blank(b, contractIndex[i])) {
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
      out.append(b, from, start[e] - from);
      out.append(email);
      out.append(b, end[e], to - end[e]);
    }
    for (int i = header.size(); i < width; i++) {
      out.append((byte) ',');
    }
    out.append((byte) '\n');
    return true;
  }

  /** Whether a field of a proven (printable ASCII) line is blank: absent, or spaces only. */
  private boolean blank(byte[] b, int k) {
    if (k < 0) {
      return true;
    }
    for (int i = start[k]; i < end[k]; i++) {
      if (b[i] != ' ') {
        return false;
      }
    }
    return true;
  }

  /** {@code yyyy-MM-ddTHH:mm:ssZ}, a real date and time inside the accepted window. */
  private boolean timestamp(byte[] b, int k) {
    if (k < 0 || quoted[k] || end[k] - start[k] != 20) {
      return false;
    }
    int o = start[k];
    if (b[o + 4] != '-'
        || b[o + 7] != '-'
        || b[o + 10] != 'T'
        || b[o + 13] != ':'
        || b[o + 16] != ':'
        || b[o + 19] != 'Z') {
      return false;
    }
    int year = digits(b, o, 4);
    int month = digits(b, o + 5, 2);
    int day = digits(b, o + 8, 2);
    int hour = digits(b, o + 11, 2);
    int minute = digits(b, o + 14, 2);
    int second = digits(b, o + 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return false;
    }
    if (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return false;
    }
    long epoch =
        LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3600L + minute * 60L + second;
    return epoch <= latest && epoch >= earliest;
  }

  private static int digits(byte[] b, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      int c = b[i] - '0';
      if (c < 0 || c > 9) {
        return -1;
      }
      v = v * 10 + c;
    }
    return v;
  }

  /** Whether the personal-data rule keeps a properties text as it is (remembered per text). */
  private boolean propertiesKept(byte[] b, int k) {
    int n = end[k] - start[k];
    if (n == 0 || (!quoted[k] && !token(b, k))) {
      return false; // "" is blank for the validator; an unquoted text with spaces or \ is not here
    }
    if (b[start[k]] == ' ' || b[end[k] - 1] == ' ') {
      return false; // stripped by the validator
    }
    String text = new String(b, start[k], n, StandardCharsets.US_ASCII);
    if (doubled[k]) {
      text = text.replace("\"\"", "\"");
    }
    Boolean kept = propertiesKept.get(text);
    if (kept == null) {
      kept = text.equals(settings.personalData().propertiesText(text));
      if (propertiesKept.size() >= 8_192) {
        propertiesKept.clear();
      }
      propertiesKept.put(text, kept);
    }
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
    BulkWriter w = new BulkWriter(row);
    w.begin(number).text("J").time(e.occurredAt());
    w.text(e.eventId()).text(e.type()).text(null);
    w.text(e.customerId() == null ? null : e.customerId().value()).text(e.anonymousId());
    w.text(e.deviceId()).text(e.emailPseudonym()).text(e.sessionId()).text(e.properties());
    for (int i = COLUMNS.size(); i < width; i++) {
      w.text(null);
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
