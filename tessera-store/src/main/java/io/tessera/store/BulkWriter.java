package io.tessera.store;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes validated rows as CSV for DuckDB's COPY: null as {@code \N}, text always quoted (so an
 * empty string stays distinct from null), timestamps as UTC {@code yyyy-MM-ddTHH:mm:ss[.f]}.
 */
final class BulkWriter implements AutoCloseable {
  private final Writer out;
  private boolean first;
  private boolean closed;
  private long rows;

  BulkWriter(Path file) throws IOException {
    this.out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20);
  }

  BulkWriter begin(long line) throws IOException {
    out.write(Long.toString(line));
    first = false;
    return this;
  }

  private void sep() throws IOException {
    if (first) {
      first = false;
    } else {
      out.write(',');
    }
  }

  BulkWriter text(String v) throws IOException {
    sep();
    if (v == null) {
      out.write("\\N");
      return this;
    }
    out.write('"');
    if (v.indexOf('"') >= 0) {
      out.write(v.replace("\"", "\"\""));
    } else {
      out.write(v);
    }
    out.write('"');
    return this;
  }

  BulkWriter number(Number v) throws IOException {
    sep();
    out.write(v == null ? "\\N" : v.toString());
    return this;
  }

  BulkWriter number(double v) throws IOException {
    sep();
    out.write(Double.toString(v));
    return this;
  }

  BulkWriter bool(Boolean v) throws IOException {
    sep();
    out.write(v == null ? "\\N" : v.toString());
    return this;
  }

  BulkWriter time(Instant t) throws IOException {
    sep();
    out.write(t == null ? "\\N" : LocalDateTime.ofInstant(t, ZoneOffset.UTC).toString());
    return this;
  }

  void end() throws IOException {
    out.write('\n');
    rows++;
  }

  long rows() {
    return rows;
  }

  /** Flushes and closes the file so it can be loaded; close() after this does nothing. */
  void finish() throws IOException {
    close();
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }
}
