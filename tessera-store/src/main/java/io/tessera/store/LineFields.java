package io.tessera.store;

import io.tessera.ingest.FieldParser;

/**
 * The fields of one physical line of a comma-separated file, found on its bytes with {@link
 * CsvRowSource}'s state machine (the same fields, the same final state), for {@link FastPath}:
 * where each field's text starts and ends (quotes excluded), whether it was quoted and held doubled
 * quotes, and whether the line is plain: printable ASCII, quoted strictly (a quote opens a field,
 * is doubled inside it and closes it before a comma or the line's end).
 */
final class LineFields {
  final int[] start;
  final int[] end;
  final boolean[] quoted;
  final boolean[] doubled;

  /** The current line's field count. */
  int fields;

  /**
   * @param capacity the most fields whose positions are kept (the header's count)
   */
  LineFields(int capacity) {
    start = new int[capacity + 1];
    end = new int[capacity + 1];
    quoted = new boolean[capacity + 1];
    doubled = new boolean[capacity + 1];
  }

  private void open(int f, int at) {
    if (f < start.length) {
      start[f] = at;
      quoted[f] = false;
      doubled[f] = false;
    }
  }

  private void close(int f, int at) {
    if (f < end.length) {
      end[f] = at;
    }
  }

  /**
   * Scans bytes {@code from} to {@code to} of {@code b}; returns whether the line is plain.
   *
   * <p>The state machine of {@link CsvRowSource} written as one loop per state, each skipping the
   * bytes that cannot end its state with one comparison (most bytes of a line: letters, digits and
   * punctuation above the comma), since this scan is the events fast path's largest cost.
   *
   * @throws FastPath.Abandoned when a quote is still open at the line's end (a reader of quoted
   *     line breaks would read on) or a carriage return is inside the line (a line end)
   */
  boolean scan(byte[] b, int from, int to) throws FastPath.Abandoned {
    int f = 0;
    boolean plain = true;
    int i = from;
    open(0, from);
    while (true) {
      if (i < to && b[i] == '"') {
        // a quoted field: its text runs to the quote that is not doubled
        if (f < quoted.length) {
          quoted[f] = true;
          start[f] = i + 1;
        }
        i++;
        while (true) {
          byte c;
          while (i < to && (c = b[i]) != '"') {
            if (c < 0x20 || c > 0x7e) {
              plain = notPrintable(c);
            }
            i++;
          }
          if (i >= to) {
            throw new FastPath.Abandoned("a quote open at the end of a line");
          }
          if (i + 1 < to && b[i + 1] == '"') {
            if (f < doubled.length) {
              doubled[f] = true;
            }
            i += 2;
          } else {
            close(f, i);
            i++;
            break;
          }
        }
        // after the closing quote: anything before the next comma is read leniently
        byte c;
        while (i < to && (c = b[i]) != ',') {
          if (c < 0x20 || c > 0x7e) {
            notPrintable(c);
          }
          plain = false;
          i++;
        }
      } else {
        // an unquoted field (a quote inside it is read leniently)
        byte c;
        while (i < to && (c = b[i]) != ',') {
          if (c <= ',' || c > 0x7e) {
            if (c == '"') {
              plain = false;
            } else if (c < 0x20 || c > 0x7e) {
              plain = notPrintable(c);
            }
          }
          i++;
        }
        close(f, i);
      }
      if (i >= to) {
        fields = f + 1;
        return plain;
      }
      open(++f, i + 1); // b[i] is the comma
      i++;
    }
  }

  /**
   * A byte outside printable ASCII: false (the line is not plain), or thrown out when it is a
   * carriage return (a line end to a reader of lone carriage returns).
   */
  private static boolean notPrintable(byte c) throws FastPath.Abandoned {
    if (c == '\r') {
      throw new FastPath.Abandoned("a carriage return without a line feed");
    }
    return false;
  }

  /** Whether field k is empty and unquoted (a column that is absent, k < 0, is empty). */
  boolean empty(int k) {
    return k < 0 || (!quoted[k] && start[k] == end[k]);
  }

  /** Whether field k is an unquoted run of printable ASCII without spaces or backslashes. */
  boolean token(byte[] b, int k) {
    if (k < 0 || quoted[k] || start[k] == end[k]) {
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

  /** A token that starts with a letter, holds no {@code @} and has at most maxLength bytes. */
  boolean plainId(byte[] b, int k, int maxLength) {
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
   * Field k as an unquoted unsigned decimal, {@code \d+} or {@code \d+\.\d+} with at most 15 digits
   * in all (so every correctly rounding reader, Java's and DuckDB's, makes it the same double, by
   * one exact division): the number of digits before the point, or -1.
   */
  int decimal(byte[] b, int k) {
    if (k < 0 || quoted[k] || start[k] == end[k]) {
      return -1;
    }
    int point = -1;
    for (int i = start[k]; i < end[k]; i++) {
      byte c = b[i];
      if (c == '.' && point < 0 && i > start[k] && i < end[k] - 1) {
        point = i;
      } else if (c < '0' || c > '9') {
        return -1;
      }
    }
    int digits = end[k] - start[k] - (point < 0 ? 0 : 1);
    if (digits > 15) {
      return -1;
    }
    return point < 0 ? end[k] - start[k] : point - start[k];
  }

  /** Whether field k of a plain line is blank: absent, or spaces only. */
  boolean blank(byte[] b, int k) {
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

  /**
   * Field k as an unquoted {@code yyyy-MM-ddTHH:mm:ssZ} of a real date and time, in seconds since
   * the epoch (what {@code FieldParser}'s fast form gives for it), or {@link Long#MIN_VALUE}.
   */
  long utcSeconds(byte[] b, int k) {
    if (k < 0 || quoted[k] || end[k] - start[k] != 20) {
      return Long.MIN_VALUE;
    }
    int o = start[k];
    if (b[o + 4] != '-'
        || b[o + 7] != '-'
        || b[o + 10] != 'T'
        || b[o + 13] != ':'
        || b[o + 16] != ':'
        || b[o + 19] != 'Z') {
      return Long.MIN_VALUE;
    }
    int year = digits(b, o, 4);
    int month = digits(b, o + 5, 2);
    int day = digits(b, o + 8, 2);
    int hour = digits(b, o + 11, 2);
    int minute = digits(b, o + 14, 2);
    int second = digits(b, o + 17, 2);
    return FieldParser.utcEpochSecond(year, month, day, hour, minute, second);
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
}
