package io.tessera.store;

import io.tessera.ingest.QuarantineReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A CSV file with a header line (RFC 4180 quoting, read leniently as before: a quote inside an
 * unquoted field is a character, text after a closing quote belongs to the field), strict UTF-8,
 * that never loses a line: each physical line belongs to exactly one row, blank lines excepted.
 *
 * <p>A quoted field may hold line breaks, so a record may span lines. A record that spans lines is
 * accepted only when it is well-formed: its quote closes within {@link #MAX_RECORD_LINES} lines and
 * {@link #MAX_RECORD_BYTES} bytes, before the end of the file, every closing quote is followed by a
 * separator or the line's end, and it has the header's number of fields. Otherwise the quote is
 * taken as a typo: the record's first line alone becomes a quarantined row ({@code malformed_row})
 * and reading resumes at the next line. A line longer than {@link #MAX_RECORD_BYTES} is one
 * quarantined row whose bytes are skipped, not held. A line whose bytes are not UTF-8 makes its row
 * {@code bad_encoding} (never a replacement character, which would merge distinct ids).
 *
 * <p>Why not a library: FastCSV (used before) and Commons CSV read an unterminated quote to the end
 * of the file, or fail at their buffer limit, and cannot resume; and they decode with the
 * replacement character. The state machine below is RFC 4180 section 2 with FastCSV's leniencies.
 */
final class CsvRowSource implements RowSource {
  /**
   * The most bytes one row may have (FastCSV's default buffer limit, so what read before still
   * does).
   */
  static final int MAX_RECORD_BYTES = 16 << 20;

  /** The most physical lines one row may span (quoted line breaks). */
  static final int MAX_RECORD_LINES = 1_000;

  /** Bytes of an over-long line kept to show in the quarantine. */
  private static final int PREVIEW_BYTES = 1_000;

  private static final int START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int AFTER_QUOTE = 3;
  private static final int STATE = 3;
  private static final int LENIENT = 4;

  /** One physical line: its text without the terminator, and what the terminator was. */
  private record Line(
      long number, String text, String terminator, long bytes, int badByte, boolean tooLong) {
    boolean blank() {
      return text.isEmpty() && !tooLong;
    }
  }

  private final Path file;
  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int lim;
  private boolean eof;
  private byte[] lineBuf = new byte[1 << 10];
  private long lineNumber;
  private final ArrayDeque<Line> pending = new ArrayDeque<>();
  private final CharsetDecoder strict =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  private final List<String> header;

  /** The header's line number (blank lines before it are skipped), 0 for an empty file. */
  private long headerLine;

  /** The field separator, from the header line ({@link #separator}). */
  private char sep = ',';

  private long line;
  private long lastLine;
  private String[] fields;
  private Problem problem;
  private final List<String> out = new ArrayList<>();
  private final StringBuilder sb = new StringBuilder();

  CsvRowSource(Path file) throws IOException {
    this.file = file;
    this.in = Files.newInputStream(file);
    List<String> h = List.of();
    Line first;
    while ((first = take()) != null && first.blank()) {
      // blank lines before the header are skipped, as blank lines anywhere
    }
    if (first != null) {
      headerLine = first.number();
      checkHeader(first);
      String text = first.text();
      if (first.number() == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      this.sep = separator(text);
      out.clear();
      finish(scan(text, START, out, sb), text);
      h = List.copyOf(out);
    }
    this.header = h;
  }

  private void checkHeader(Line first) {
    String where = file + ": the header (line " + first.number() + ")";
    if (first.tooLong()) {
      throw new ConfigException(
          where + " is longer than " + MAX_RECORD_BYTES + " bytes; is this a CSV text file?");
    }
    if (first.badByte() >= 0) {
      throw new ConfigException(
          where
              + " is not UTF-8 text"
              + utf16Hint(first)
              + "; save the file as UTF-8 CSV (in a spreadsheet: CSV UTF-8) with a header line");
    }
    if (first.text().chars().anyMatch(CsvRowSource::control)) {
      throw new ConfigException(
          where
              + " holds control characters, so this is not a CSV text file with a header line;"
              + " give the contract file (column names on the first line, see the README)");
    }
  }

  private String utf16Hint(Line first) {
    String t = first.text();
    return t.startsWith("\uFFFD\uFFFD") && first.number() == 1
        ? " (it looks like UTF-16)"
        : " (its first bad byte is number " + (first.badByte() + 1) + ")";
  }

  /**
   * The separator a header line uses: the comma, unless the line holds no comma but does hold a
   * semicolon (what spreadsheets save as "CSV" where the comma is the decimal mark) or a tab.
   * Decided once, from the header alone, so no data row can change how the others are read.
   */
  static char separator(String header) {
    if (header.indexOf(',') >= 0) {
      return ',';
    }
    if (header.indexOf(';') >= 0) {
      return ';';
    }
    return header.indexOf('\t') >= 0 ? '\t' : ',';
  }

  /** C0 controls but tab, DEL and C1 controls: what a terminal may act on. */
  static boolean control(int c) {
    return (c < 0x20 && c != '\t') || (c >= 0x7f && c < 0xa0);
  }

  @Override
  public List<String> header() {
    return header;
  }

  /** The header's line number. */
  long headerLine() {
    return headerLine;
  }

  /** The field separator, from the header line. */
  char separator() {
    return sep;
  }

  /**
   * The fields of one physical line whose quotes all close on it (its text without the terminator),
   * as {@link #next} reads such a line.
   */
  String[] fieldsOfLine(String text) {
    out.clear();
    finish(scan(text, START, out, sb), text);
    return out.toArray(String[]::new);
  }

  /**
   * The {@code bad_encoding} problem of a physical line (its bytes without the terminator) as
   * {@link #next} reports it, or null when its bytes are UTF-8.
   */
  Problem encodingProblem(long number, byte[] bytes, int from, int length) {
    int bad = firstBadByte(bytes, from, length);
    return bad < 0 ? null : badEncoding(new Line(number, "", "", length, bad, false));
  }

  @Override
  public boolean next() throws IOException {
    Line first;
    while ((first = peek(0)) != null && first.blank()) {
      pending.poll();
    }
    if (first == null) {
      return false;
    }
    line = first.number();
    lastLine = line;
    problem = null;
    if (first.tooLong()) {
      pending.poll();
      fields = single(first);
      problem =
          new Problem(
              QuarantineReason.MALFORMED_ROW,
              String.format(
                  Locale.ROOT,
                  "the line is %,d bytes long, more than the %,d a row may have; its start is"
                      + " shown, reading resumed at the next line",
                  first.bytes(),
                  MAX_RECORD_BYTES));
      return true;
    }
    out.clear();
    int state = scan(first.text(), START, out, sb);
    if ((state & STATE) != QUOTED) {
      pending.poll();
      finish(state, first.text());
      fields = out.toArray(String[]::new);
      if (first.badByte() >= 0) {
        problem = badEncoding(first);
      }
      return true;
    }
    int openField = out.size();
    String failure = extent(first);
    if (failure == null) {
      return true;
    }
    pending.poll();
    fields = single(first);
    problem =
        first.badByte() >= 0
            ? badEncoding(first)
            : new Problem(
                QuarantineReason.MALFORMED_ROW,
                "a quote opened in field "
                    + (openField + 1)
                    + (openField < header.size() ? " (" + header.get(openField) + ")" : "")
                    + " is not closed on this line, and "
                    + failure
                    + ": the row was read as this line alone and reading resumed at line "
                    + (line + 1));
    return true;
  }

  /**
   * Finds where the multi-line record starting with {@code first} ends; when it is well-formed,
   * takes its lines and sets the fields and returns null, else returns why not (lines untaken).
   */
  private String extent(Line first) throws IOException {
    long bytes = first.bytes();
    int k = 1;
    boolean lenient = false;
    while (true) {
      Line l = peek(k);
      if (l == null) {
        return "the file ends before a closing quote";
      }
      if (l.tooLong() || bytes + l.bytes() > MAX_RECORD_BYTES) {
        return "no closing quote comes within " + MAX_RECORD_BYTES + " bytes";
      }
      if (k >= MAX_RECORD_LINES) {
        return "no closing quote comes within " + MAX_RECORD_LINES + " lines";
      }
      bytes += l.bytes() + 1;
      int state = scan(l.text(), QUOTED, null, null);
      lenient |= (state & LENIENT) != 0;
      k++;
      if ((state & STATE) != QUOTED) {
        break;
      }
    }
    StringBuilder text = new StringBuilder();
    Line last = null;
    int badLine = -1;
    int i = 0;
    for (Line l : pending) {
      if (i == k) {
        break;
      }
      if (last != null) {
        text.append(last.terminator());
      }
      text.append(l.text());
      if (l.badByte() >= 0 && badLine < 0) {
        badLine = i;
      }
      last = l;
      i++;
    }
    out.clear();
    int state = scan(text.toString(), START, out, sb);
    finish(state, text.toString());
    lenient |= (state & LENIENT) != 0;
    if (lenient || out.size() != header.size()) {
      return lenient
          ? "closing it at line "
              + last.number()
              + " leaves text after a closing quote, so the quote was likely a typo"
          : "closing it at line "
              + last.number()
              + " gives "
              + out.size()
              + " fields where the header has "
              + header.size();
    }
    lastLine = last.number();
    Line bad = null;
    for (int t = 0; t < k; t++) {
      Line l = pending.poll();
      if (t == badLine) {
        bad = l;
      }
    }
    fields = out.toArray(String[]::new);
    if (bad != null) {
      problem = badEncoding(bad);
    }
    return null;
  }

  private Problem badEncoding(Line l) {
    return new Problem(
        QuarantineReason.BAD_ENCODING,
        "line "
            + l.number()
            + " holds bytes that are not UTF-8 (the first at its byte "
            + (l.badByte() + 1)
            + "; shown here as \uFFFD); save the file as UTF-8 (in a spreadsheet: CSV UTF-8)");
  }

  /** The fields of one line on its own (an open quote runs to the line's end). */
  private String[] single(Line l) {
    out.clear();
    finish(scan(l.text(), START, out, sb), l.text());
    return out.toArray(String[]::new);
  }

  /**
   * Runs the state machine over {@code s} from {@code state}, adding each completed field to {@code
   * fields} (when not null; an unquoted field is a substring of s, a quoted one is built in {@code
   * sb}); returns the state at the end, with {@link #LENIENT} when text followed a closing quote.
   * The field in progress at the end is left for {@link #finish}.
   */
  private int scan(String s, int state, List<String> fields, StringBuilder sb) {
    int flags = 0;
    int start = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (state) {
        case START -> {
          if (c == '"') {
            state = QUOTED;
            if (fields != null) {
              sb.setLength(0);
            }
          } else if (c == sep) {
            if (fields != null) {
              fields.add("");
            }
          } else {
            state = UNQUOTED;
            start = i;
          }
        }
        case UNQUOTED -> {
          // the field runs to the next separator: jump there (String.indexOf is vectorised)
          int end = c == sep ? i : s.indexOf(sep, i);
          if (end < 0) {
            i = n;
          } else {
            if (fields != null) {
              fields.add(s.substring(start, end));
            }
            state = START;
            i = end;
          }
        }
        case QUOTED -> {
          // the text up to the next quote is the field's as it stands: copy it at once
          int quote = c == '"' ? i : s.indexOf('"', i);
          if (quote < 0) {
            if (fields != null) {
              sb.append(s, i, n);
            }
            i = n;
          } else {
            if (fields != null) {
              sb.append(s, i, quote);
            }
            i = quote;
            if (i + 1 < n && s.charAt(i + 1) == '"') {
              i++;
              if (fields != null) {
                sb.append('"');
              }
            } else {
              state = AFTER_QUOTE;
            }
          }
        }
        default -> {
          if (c == sep) {
            if (fields != null) {
              fields.add(sb.toString());
            }
            state = START;
          } else {
            flags = LENIENT;
            if (fields != null) {
              sb.append(c);
            }
          }
        }
      }
    }
    lastStart = start;
    return state | flags;
  }

  private int lastStart;

  /** Adds the field in progress at the end of {@code s} (an open quoted field as read so far). */
  private void finish(int state, String s) {
    switch (state & STATE) {
      case START -> out.add("");
      case UNQUOTED -> out.add(s.substring(lastStart));
      default -> out.add(sb.toString());
    }
  }

  // ------------------------------------------------------------------ physical lines

  private Line peek(int k) throws IOException {
    while (pending.size() <= k) {
      Line l = read();
      if (l == null) {
        return null;
      }
      pending.add(l);
    }
    if (k == 0) {
      return pending.peek();
    }
    int i = 0;
    for (Line l : pending) {
      if (i++ == k) {
        return l;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private Line take() throws IOException {
    Line l = peek(0);
    pending.poll();
    return l;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(buf);
    if (n <= 0) {
      eof = true;
      lim = 0;
      pos = 0;
      return false;
    }
    pos = 0;
    lim = n;
    return true;
  }

  /**
   * The next physical line (ended by LF, CRLF or CR, as FastCSV reads them), or null at the end.
   */
  private Line read() throws IOException {
    int len = 0;
    long total = 0;
    String terminator = "";
    boolean any = false;
    while (true) {
      if (pos == lim && !fill()) {
        break;
      }
      any = true;
      int i = pos;
      byte[] b = buf;
      while (i < lim && b[i] != '\n' && b[i] != '\r') {
        i++;
      }
      int chunk = i - pos;
      if (len < MAX_RECORD_BYTES && chunk > 0) {
        int keep = Math.min(chunk, MAX_RECORD_BYTES + 1 - len);
        if (len + keep > lineBuf.length) {
          lineBuf =
              java.util.Arrays.copyOf(
                  lineBuf,
                  Math.max(len + keep, Math.min(2 * lineBuf.length, MAX_RECORD_BYTES + 1)));
        }
        System.arraycopy(b, pos, lineBuf, len, keep);
        len += keep;
      }
      total += chunk;
      pos = i;
      if (i < lim) {
        byte t = buf[pos++];
        if (t == '\n') {
          terminator = "\n";
        } else if ((pos < lim || fill()) && buf[pos] == '\n') {
          pos++;
          terminator = "\r\n";
        } else {
          terminator = "\r";
        }
        break;
      }
    }
    if (!any) {
      return null;
    }
    long number = ++lineNumber;
    boolean tooLong = total > MAX_RECORD_BYTES;
    int n = tooLong ? Math.min(len, PREVIEW_BYTES) : len;
    String text = new String(lineBuf, 0, n, StandardCharsets.UTF_8);
    int bad = tooLong || text.indexOf('\uFFFD') < 0 ? -1 : firstBadByte(lineBuf, 0, n);
    if (lineBuf.length > 1 << 20) {
      lineBuf = new byte[1 << 10]; // do not keep a huge line's buffer
    }
    return new Line(number, text, terminator, total, bad, tooLong);
  }

  /** The index of the first byte that is not valid UTF-8, or -1 (a real U+FFFD is valid). */
  private int firstBadByte(byte[] bytes, int from, int n) {
    ByteBuffer src = ByteBuffer.wrap(bytes, from, n);
    CharBuffer dst = CharBuffer.allocate(n);
    strict.reset();
    CoderResult r = strict.decode(src, dst, true);
    if (r.isError()) {
      return src.position() - from;
    }
    r = strict.flush(dst);
    return r.isError() ? src.position() - from : -1;
  }

  @Override
  public Problem problem() {
    return problem;
  }

  @Override
  public long line() {
    return line;
  }

  /** The current row's last physical line (its first, unless a quoted field spans lines). */
  long lastLine() {
    return lastLine;
  }

  @Override
  public String[] fields() {
    return fields;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
