package io.tessera.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;

/**
 * Loads validated rows (CSV as {@link BulkWriter} formats them) into the store's tables with
 * DuckDB's {@code COPY}, in chunks of about {@link #CHUNK_BYTES}, on a thread and a connection of
 * its own: a chunk is copied while the next is read and validated, and a source's last chunk while
 * the next source is read. Chunks are copied one at a time in the order they were written, so a
 * table's rows stand in the order of one {@code COPY} of the whole file. At most {@link
 * #MAX_WAITING} finished chunks wait for their copy (the writer then waits), so neither the disk
 * nor the heap holds more than a few chunks whatever the size of the input.
 */
final class BulkLoader implements AutoCloseable {
  /** Bytes of CSV per chunk: large enough that a COPY's own cost is small against its rows'. */
  static final long CHUNK_BYTES = 64L << 20;

  /** Finished chunks that may wait for their COPY before the writer waits. */
  static final int MAX_WAITING = 2;

  private final Store store;
  private final long chunkBytes;
  private DuckDBConnection connection;
  private final ExecutorService copier =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "tessera-copy");
            t.setDaemon(true);
            return t;
          });
  private final ArrayDeque<Future<?>> waiting = new ArrayDeque<>();

  /** DuckDB's thread count to restore after the load, when the load changed it; else null. */
  private String restoreThreads;

  /**
   * @param oneDuckDbThread whether DuckDB works on one thread until {@link #await} returns: when
   *     Java threads parse and validate every source (CSV files), they keep the cores busy, and the
   *     copies then cost less CPU on one DuckDB thread than on several (measured on the 100k shop:
   *     see the README's Benchmarks); a source that is a DuckDB query keeps every thread
   */
  BulkLoader(Store store, boolean oneDuckDbThread) throws SQLException {
    this(store, oneDuckDbThread, CHUNK_BYTES);
  }

  /** As above, with chunks of {@code chunkBytes} (tests use small ones). */
  BulkLoader(Store store, boolean oneDuckDbThread, long chunkBytes) throws SQLException {
    this.store = store;
    this.chunkBytes = chunkBytes;
    if (oneDuckDbThread) {
      try (Statement s = store.connection().createStatement();
          ResultSet r = s.executeQuery("SELECT current_setting('threads')::BIGINT")) {
        r.next();
        long threads = r.getLong(1);
        if (threads > 1) {
          s.execute("SET threads = 1");
          restoreThreads = Long.toString(threads);
        }
      }
    }
  }

  /** A writer of one table's rows; {@link Table#finish} hands over its last chunk. */
  Table table(String table) {
    return new Table(table, path -> copy(table, path));
  }

  /**
   * A writer of one table's rows in a format of the caller's, each chunk loaded by the statement
   * {@code load} makes of the chunk's path (an SQL string literal, quotes included).
   */
  Table table(String table, java.util.function.UnaryOperator<String> load) {
    return new Table(table, load);
  }

  private static String copy(String table, String path) {
    return "COPY "
        + table
        + " FROM "
        + path
        + " (FORMAT csv, AUTO_DETECT false, HEADER false, DELIMITER ',', NULLSTR"
        + " '\\N', QUOTE '\"', ESCAPE '\"', MAX_LINE_SIZE 100000000)";
  }

  /** Waits until every chunk handed over is in its table; rethrows the first failure. */
  void await() throws SQLException {
    while (!waiting.isEmpty()) {
      result(waiting.poll());
    }
    restoreThreads();
  }

  private void restoreThreads() throws SQLException {
    if (restoreThreads != null) {
      try (Statement s = store.connection().createStatement()) {
        s.execute("SET threads = " + restoreThreads);
      }
      restoreThreads = null;
    }
  }

  private void submit(java.util.function.UnaryOperator<String> load, Path chunk)
      throws SQLException {
    while (waiting.size() >= MAX_WAITING) {
      result(waiting.poll());
    }
    if (connection == null) {
      connection = store.connection().duplicate();
    }
    DuckDBConnection c = connection;
    waiting.add(
        copier.submit(
            () -> {
              try (Statement s = c.createStatement()) {
                s.execute(
                    load.apply("'" + chunk.toAbsolutePath().toString().replace("'", "''") + "'"));
              } finally {
                Files.deleteIfExists(chunk);
              }
              return null;
            }));
  }

  private static void result(Future<?> f) throws SQLException {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading the store", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException s) {
        throw s;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(
          "loading the store failed: " + cause.getMessage(), cause); // an IOException deleting
    }
  }

  /** Waits for the copies under way (a failed run's too), then closes the loader's connection. */
  @Override
  public void close() {
    copier.shutdown();
    try {
      while (!copier.awaitTermination(1, TimeUnit.MINUTES)) {
        // a COPY cannot be cut short safely; the store closes after it
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (connection != null) {
        connection.close();
      }
      restoreThreads();
    } catch (SQLException ignored) {
      // closing after the work (or a failure): nothing left to do with the error
    }
  }

  /** One table's rows, written to chunk files in order. */
  final class Table implements AutoCloseable {
    private final String table;
    private final java.util.function.UnaryOperator<String> load;
    private Path file;
    private OutputStream out;
    private long bytes;

    private Table(String table, java.util.function.UnaryOperator<String> load) {
      this.table = table;
      this.load = load;
    }

    /** Appends rows (whole lines of CSV); a full chunk goes to its COPY. */
    void write(byte[] csv) throws IOException, SQLException {
      write(csv, 0, csv.length);
    }

    /** Appends rows (whole lines), {@code length} bytes of {@code csv} from {@code from}. */
    void write(byte[] csv, int from, int length) throws IOException, SQLException {
      if (length == 0) {
        return;
      }
      if (out == null) {
        file = Files.createTempFile("tessera-" + table + "-", ".csv");
        out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
        bytes = 0;
      }
      out.write(csv, from, length);
      bytes += length;
      if (bytes >= chunkBytes) {
        handOver();
      }
    }

    /** Hands over the last chunk (if any rows are in it). */
    void finish() throws IOException, SQLException {
      if (out != null) {
        handOver();
      }
    }

    private void handOver() throws IOException, SQLException {
      out.close();
      out = null;
      submit(load, file);
      file = null; // the copy deletes it
    }

    /** Deletes a chunk that was never handed over (a failed read). */
    @Override
    public void close() {
      try {
        if (out != null) {
          out.close();
        }
        if (file != null) {
          Files.deleteIfExists(file);
        }
      } catch (IOException ignored) {
        // a leftover temporary file is harmless
      }
    }
  }
}
