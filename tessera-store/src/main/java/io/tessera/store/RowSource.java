package io.tessera.store;

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

  /** Whether the rest of the source could not be read; the current row stands for it. */
  default boolean broken() {
    return false;
  }

  @Override
  void close() throws IOException;
}
