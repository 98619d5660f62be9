package io.tessera.store;

import io.tessera.ingest.QuarantineReason;
import java.io.IOException;
import java.util.List;

/**
 * Rows of one source as text, with the line (file) or row (query) number of each, so every row can
 * be accounted for. A row whose field count differs from the header's is malformed.
 */
interface RowSource extends AutoCloseable {
  /** The columns as written in the source. */
  List<String> header();

  /** Advances to the next row; false at the end. */
  boolean next() throws IOException;

  /** The current row's 1-based line in the file (or row number of a query). */
  long line();

  /** The current row's fields (may differ in count from the header when malformed). */
  String[] fields();

  /**
   * Why the reader itself quarantines the current row (its bytes are not UTF-8, its quoting is
   * broken, it is too long), or null; {@link #fields()} then holds what could be read of it.
   */
  default Problem problem() {
    return null;
  }

  /** A row the reader could not read as it should, with the reason and a detail for the user. */
  record Problem(QuarantineReason reason, String detail) {}

  @Override
  void close() throws IOException;
}
