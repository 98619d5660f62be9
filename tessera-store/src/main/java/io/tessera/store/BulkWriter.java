package io.tessera.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Formats validated rows as CSV for DuckDB's COPY into a caller's buffer (a batch of rows, so that
 * batches can be formatted on several threads and written in file order): null as {@code \N}, text
 * always quoted (so an empty string stays distinct from null), timestamps as UTC {@code yyyy-MM-dd
 * HH:mm:ss[.f]}.
 */
final class BulkWriter {
  private final StringBuilder out;
  private boolean first;
  private int rows;

  BulkWriter(StringBuilder out) {
    this.out = out;
  }

  BulkWriter begin(long line) {
    out.append(line);
    first = false;
    return this;
  }

  private void sep() {
    if (first) {
      first = false;
    } else {
      out.append(',');
    }
  }

  BulkWriter text(String v) {
    sep();
    if (v == null) {
      out.append("\\N");
      return this;
    }
    out.append('"');
    int from = 0;
    for (int q; (q = v.indexOf('"', from)) >= 0; from = q + 1) {
      out.append(v, from, q + 1).append('"'); // a quote doubled, without a copy of the value
    }
    out.append(v, from, v.length()).append('"');
    return this;
  }

  BulkWriter number(Number v) {
    sep();
    if (v == null) {
      out.append("\\N");
    } else {
      out.append(v.toString());
    }
    return this;
  }

  BulkWriter number(double v) {
    sep();
    out.append(v);
    return this;
  }

  BulkWriter bool(Boolean v) {
    sep();
    out.append(v == null ? "\\N" : v ? "true" : "false");
    return this;
  }

  BulkWriter time(Instant t) {
    sep();
    if (t == null) {
      out.append("\\N");
      return this;
    }
    long seconds = t.getEpochSecond();
    LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
    int year = day.getYear();
    if (t.getNano() != 0 || year < 1000 || year > 9999) {
      // fractions and far years: the general (slower) format, which DuckDB reads as well
      out.append(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
      return this;
    }
    int secondOfDay = Math.floorMod(seconds, 86_400);
    out.append(year).append('-');
    two(day.getMonthValue()).append('-');
    two(day.getDayOfMonth()).append(' ');
    two(secondOfDay / 3600).append(':');
    two(secondOfDay / 60 % 60).append(':');
    two(secondOfDay % 60);
    return this;
  }

  private StringBuilder two(int v) {
    return out.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }

  void end() {
    out.append('\n');
    rows++;
  }

  /** Rows ended so far. */
  int rows() {
    return rows;
  }
}
