package io.tessera.store;

import io.tessera.contract.CustomerIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.duckdb.DuckDBConnection;

/**
 * The embedded DuckDB store: one database file holding the canonical tables (one per contract
 * source), the quarantine and the flags. Contact details are stored only as pseudonyms.
 *
 * <p>A JDBC connection is not safe for concurrent use, and a transaction is per connection: the
 * store owns its connection together with the lock that guards it. Its own methods take the lock;
 * code that works on the connection from more than one thread does so in {@link #locked} or in a
 * {@link Transaction}, which holds the lock from {@code BEGIN} to {@code COMMIT} or {@code
 * ROLLBACK}, so no other thread's statement joins or interleaves with it.
 */
public final class Store implements AutoCloseable {
  /**
   * The tables. {@code events.session_key} is no longer filled (until 2026-12-06 ingest derived it
   * by rewriting the whole events table, the largest part of a 100k-shop ingest, and nothing read
   * it: profiles derive sessions in their Sessions aggregator, for batch and live alike); the
   * column stays NULL so stores written before and the live appender keep one layout.
   */
  private static final String SCHEMA =
      """
      CREATE TABLE IF NOT EXISTS customers (_line BIGINT, customer_id VARCHAR, email_pseudonym VARCHAR,
        phone_pseudonym VARCHAR, signup_at TIMESTAMP, country VARCHAR, region VARCHAR, gender VARCHAR,
        birth_year INTEGER, consent_analytics BOOLEAN, consent_marketing BOOLEAN, consent_profiling BOOLEAN,
        attributes JSON);
      CREATE TABLE IF NOT EXISTS orders (_line BIGINT, order_id VARCHAR, customer_id VARCHAR,
        ordered_at TIMESTAMP, amount DOUBLE, currency VARCHAR, status VARCHAR, channel VARCHAR, attributes JSON);
      CREATE TABLE IF NOT EXISTS order_items (_line BIGINT, order_id VARCHAR, product_id VARCHAR,
        category VARCHAR, quantity INTEGER, unit_price DOUBLE);
      CREATE TABLE IF NOT EXISTS events (_line BIGINT, event_id VARCHAR, type VARCHAR, occurred_at TIMESTAMP,
        customer_id VARCHAR, anonymous_id VARCHAR, device_id VARCHAR, email_pseudonym VARCHAR,
        session_id VARCHAR, properties VARCHAR, is_bot BOOLEAN DEFAULT false, session_key VARCHAR);
      CREATE TABLE IF NOT EXISTS interactions (_line BIGINT, interaction_id VARCHAR, customer_id VARCHAR,
        occurred_at TIMESTAMP, channel VARCHAR, kind VARCHAR, text VARCHAR);
      CREATE TABLE IF NOT EXISTS reviews (_line BIGINT, review_id VARCHAR, customer_id VARCHAR,
        created_at TIMESTAMP, rating INTEGER, product_id VARCHAR, text VARCHAR);
      CREATE TABLE IF NOT EXISTS quarantine (source VARCHAR, line BIGINT, reason VARCHAR, detail VARCHAR,
        raw JSON);
      CREATE TABLE IF NOT EXISTS flags (source VARCHAR, line BIGINT, flag VARCHAR);
      """;

  private final Path file;
  private final DuckDBConnection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private final CustomerIds customerIds = new CustomerIds();
  // DuckDB's worker threads as they were before oneThread() (0: never changed), and the parallel()
  // scopes open; guarded by this object's monitor
  private long defaultThreads;
  private int parallelScopes;

  /** A scope that has DuckDB's worker threads ({@link #parallel}); closing it ends the scope. */
  @FunctionalInterface
  public interface Parallel extends AutoCloseable {
    @Override
    void close();
  }

  /** Work on the store's connection (see {@link #locked}). */
  @FunctionalInterface
  public interface ConnectionWork<T> {
    T run(DuckDBConnection connection) throws SQLException;
  }

  private Store(Path file, DuckDBConnection connection) {
    this.file = file;
    this.connection = connection;
  }

  /**
   * DuckDB's memory limit for a store file, in MiB: {@code TESSERA_DUCKDB_MEMORY_MB} when set (a
   * machine shared with other programs), else three quarters of the machine's memory left after the
   * JVM's maximum heap, at least 512. DuckDB's own default is 80% of the machine's memory whatever
   * the heap, so a large run could hold the heap and DuckDB's 80% at once and be killed by the
   * kernel (a 1,000,000-customer run reached 14.6 GB resident on a 24 GB machine with a 5.3 GB
   * heap); past the limit DuckDB spills to its temporary folder beside the store instead.
   */
  public static final String MEMORY_VARIABLE = "TESSERA_DUCKDB_MEMORY_MB";

  static long memoryLimitMb(String setting) {
    if (setting != null && !setting.isBlank()) {
      try {
        long mb = Long.parseLong(setting.strip());
        if (mb >= 64) {
          return mb;
        }
      } catch (NumberFormatException e) {
        // said below
      }
      throw new ConfigException(
          MEMORY_VARIABLE
              + "="
              + setting
              + " is not a memory limit: give DuckDB's limit in MiB, a whole number of at least 64"
              + " (e.g. 8192), or unset it for three quarters of the memory beside the heap");
    }
    long physical =
        ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    long free = physical - Runtime.getRuntime().maxMemory();
    return Math.max(512, free / 4 * 3 / (1024 * 1024));
  }

  /** Opens (creating if needed) the store file. */
  public static Store open(Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      long memoryMb = memoryLimitMb(System.getenv(MEMORY_VARIABLE));
      Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
      Store store = new Store(file, c.unwrap(DuckDBConnection.class));
      store.execute("SET memory_limit = '" + memoryMb + "MiB'");
      store.execute(SCHEMA);
      return store;
    } catch (SQLException | java.io.IOException e) {
      throw new ConfigException(
          "cannot open the store "
              + file
              + ": "
              + SqlRowSource.firstLine(e.getMessage())
              + " (is another tessera process using it?)",
          e);
    }
  }

  /** A store in memory only (tests, fuzzing). */
  public static Store inMemory() {
    try {
      Connection c = DriverManager.getConnection("jdbc:duckdb:");
      Store store = new Store(Path.of(":memory:"), c.unwrap(DuckDBConnection.class));
      store.execute(SCHEMA);
      return store;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open an in-memory DuckDB", e);
    }
  }

  /**
   * A second connection to this store's database, with transactions (and a lock) of its own: a
   * reader that holds a transaction (a batch run over the server's tables) sees one snapshot of
   * committed data while this connection goes on writing, and never waits for this connection's
   * transaction. Closing it leaves this store open.
   */
  public Store newConnection() {
    try {
      return new Store(file, connection.duplicate());
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /**
   * The customer ids of every record read from this store through {@link StoreRecords}, one
   * instance per customer, however many stages read them (a batch run opens one store, so its
   * stages share one id per customer; issue 14). A {@link #newConnection} has its own.
   */
  public CustomerIds customerIds() {
    return customerIds;
  }

  public Path file() {
    return file;
  }

  /**
   * The store's connection, for work on one thread (a batch run, a test); code that shares the
   * store with other threads uses {@link #locked} or {@link #begin}.
   */
  public DuckDBConnection connection() {
    return connection;
  }

  /** Runs {@code work} on the connection while holding the store's lock. */
  public <T> T locked(ConnectionWork<T> work) throws SQLException {
    lock.lock();
    try {
      return work.run(connection);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Opens a transaction with an explicit {@code BEGIN} and holds the store's lock until it is
   * committed or rolled back (on the same thread). The DuckDB JDBC appender does not join a
   * transaction that {@code setAutoCommit(false)} has announced but no statement has opened yet:
   * each appender's flush then committed on its own (measured: rows appended that way survive a
   * rollback), so a group of appends was neither atomic nor one WAL sync.
   */
  public Transaction begin() throws SQLException {
    lock.lock();
    try {
      run("BEGIN TRANSACTION");
      return new Transaction();
    } catch (SQLException | RuntimeException e) {
      lock.unlock();
      throw e;
    }
  }

  /** An open transaction on the store's connection; it holds the store's lock until it ends. */
  public final class Transaction {
    private boolean open = true;

    private Transaction() {}

    public DuckDBConnection connection() {
      return connection;
    }

    /** Commits and releases the lock; on failure the transaction is still open (roll it back). */
    public void commit() throws SQLException {
      if (!open) {
        throw new IllegalStateException("the transaction has ended");
      }
      run("COMMIT");
      open = false;
      lock.unlock();
    }

    /** Rolls back (if still open) and releases the lock; never throws. */
    public void rollback() {
      if (!open) {
        return;
      }
      open = false;
      try {
        run("ROLLBACK");
      } catch (SQLException ignored) {
        // the transaction is gone either way: nothing of it was committed
      } finally {
        lock.unlock();
      }
    }
  }

  private void run(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * Makes DuckDB do each statement's work on the thread that runs it ({@code SET threads = 1}, for
   * every connection to this database) outside {@link #parallel} scopes, until {@link #allThreads}.
   * The live server's: a group commit's statements are short, and with worker threads the
   * committing thread spun waiting for the worker that ran their tasks (measured at 10,000
   * events/s: 18.0 against 12.4 µs of the committer thread's CPU per event, plus 3.1 µs of the
   * workers').
   */
  public synchronized void oneThread() {
    if (defaultThreads == 0) {
      try {
        defaultThreads = count("SELECT current_setting('threads')::BIGINT");
      } catch (SQLException e) {
        throw StoreException.of(e);
      }
    }
    if (parallelScopes == 0) {
      setThreads(1);
    }
  }

  /** Gives DuckDB its worker threads back after {@link #oneThread}. */
  public synchronized void allThreads() {
    if (defaultThreads != 0) {
      setThreads(defaultThreads);
      defaultThreads = 0;
    }
  }

  /**
   * Work that wants DuckDB's worker threads (a batch run, an identity resolution) while the store
   * is one-threaded ({@link #oneThread}): they are back until the last such scope closes. Without
   * {@link #oneThread} the scope changes nothing.
   */
  public synchronized Parallel parallel() {
    if (parallelScopes++ == 0 && defaultThreads != 0) {
      setThreads(defaultThreads);
    }
    boolean[] closed = {false};
    return () -> {
      synchronized (this) {
        if (!closed[0]) {
          closed[0] = true;
          if (--parallelScopes == 0 && defaultThreads != 0) {
            setThreads(1);
          }
        }
      }
    };
  }

  private void setThreads(long n) {
    try {
      execute("SET threads = " + n);
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /** Runs one or more statements separated by semicolons. */
  public void execute(String sql) throws SQLException {
    locked(
        c -> {
          try (Statement s = c.createStatement()) {
            for (String part : sql.split(";\\s*\n")) {
              if (!part.isBlank()) {
                s.execute(part);
              }
            }
          }
          return null;
        });
  }

  public long count(String sql) throws SQLException {
    return locked(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
          }
        });
  }

  /** The first column of a query as longs (e.g. example line numbers). */
  public List<Long> longs(String sql) throws SQLException {
    return locked(
        c -> {
          List<Long> out = new ArrayList<>();
          try (Statement s = c.createStatement();
              ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
              out.add(r.getLong(1));
            }
          }
          return out;
        });
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("closing the store " + file + " failed", e);
    }
  }
}
