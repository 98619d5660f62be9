package io.tessera.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file's physical lines as byte ranges of a buffer, for {@link FastPath}: each ended by a line
 * feed (a carriage return before it is not part of the line, as {@link CsvRowSource} reads CRLF),
 * the last one possibly by the end of the file. A carriage return anywhere else is left in the line
 * for the caller to see.
 */
final class ByteLines implements AutoCloseable {
  private final InputStream in;
  private final int maxLine;
  private byte[] buf = new byte[4 << 20];
  private int pos;
  private int lim;
  private boolean eof;
  private boolean done;

  /** The current line: bytes {@code from} (inclusive) to {@code to} (exclusive) of {@link #buf}. */
  int from;

  int to;

  /** The current line's 1-based number. */
  long number;

  ByteLines(Path file, int maxLine) throws IOException {
    this.in = Files.newInputStream(file);
    this.maxLine = maxLine;
  }

  /** The buffer holding the current line (valid until the next call of {@link #next}). */
  byte[] buffer() {
    return buf;
  }

  /**
   * Advances to the next line; false at the end.
   *
   * @throws FastPath.Abandoned when a line is longer than the maximum
   */
  boolean next() throws IOException, FastPath.Abandoned {
    while (!done) {
      int nl = -1;
      for (int i = pos; i < lim; i++) {
        if (buf[i] == '\n') {
          nl = i;
          break;
        }
      }
      if (nl < 0 && !eof) {
        if (lim - pos > maxLine) {
          throw new FastPath.Abandoned("a line longer than " + maxLine + " bytes");
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
        done = true; // the end, after a line feed or in an empty file
        return false;
      }
      int end = nl < 0 ? lim : nl;
      from = pos;
      to = end > pos && buf[end - 1] == '\r' ? end - 1 : end;
      number++;
      pos = nl < 0 ? lim : nl + 1;
      done = nl < 0;
      if (to - from > maxLine) {
        throw new FastPath.Abandoned("a line longer than " + maxLine + " bytes");
      }
      return true;
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
