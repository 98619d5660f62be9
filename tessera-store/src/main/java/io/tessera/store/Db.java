package io.tessera.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * A second connection to the store (a duplicate of the store's own) for short reads and writes from
 * many threads: the live server's API, keys, webhooks and audit log ({@code
 * io.tessera.store.live}). A JDBC connection is not safe for concurrent use, so calls are
 * serialised on this object; the store's own connection, which the live engine's writer uses, has
 * the store's lock ({@link Store#begin}).
 */
public final class Db implements AutoCloseable {
  /** Maps one result row. */
  @FunctionalInterface
  public interface Row<T> {
    T map(ResultSet r) throws SQLException;
  }

  private final Connection connection;
  // run before each call: the live engine's wait for its logged writes to be in the store
  private volatile Runnable fence = () -> {};

  /** A connection of its own to the store's database. */
  public Db(Store store) {
    this(store.connection());
  }

  public Db(DuckDBConnection source) {
    try {
      this.connection = source.duplicate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open a second connection to the store", e);
    }
  }

  /**
   * Runs {@code f} before each query, update and transaction of this connection (outside its lock):
   * the live server makes every call wait until the store holds the writes acknowledged before it,
   * which the live engine writes into DuckDB behind its own log. {@link #queryNow} does not wait.
   */
  public void fence(Runnable f) {
    this.fence = f == null ? () -> {} : f;
  }

  public <T> List<T> query(String sql, Row<T> row, Object... params) {
    fence.run();
    return queryNow(sql, row, params);
  }

  /**
   * A query that does not wait for the live engine's logged writes (see {@link #fence}): for tables
   * the engine does not write, or a caller that has what is logged from the engine itself.
   */
  public synchronized <T> List<T> queryNow(String sql, Row<T> row, Object... params) {
    try (PreparedStatement s = prepare(sql, params);
        ResultSet r = s.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (r.next()) {
        out.add(row.map(r));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("store query failed: " + e.getMessage(), e);
    }
  }

  public int update(String sql, Object... params) {
    fence.run();
    return updateNow(sql, params);
  }

  private synchronized int updateNow(String sql, Object... params) {
    try (PreparedStatement s = prepare(sql, params)) {
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("store write failed: " + e.getMessage(), e);
    }
  }

  /** Work inside one transaction of this connection. */
  @FunctionalInterface
  public interface Work {
    void run() throws SQLException;
  }

  /**
   * Runs {@code work} (which may call {@link #update} and {@link #query}) as one transaction:
   * either all of it is stored or, on an error, none.
   */
  public void transaction(Work work) {
    fence.run();
    transactionNow(work);
  }

  // the work's own update and query calls pass the fence at once: nothing was logged meanwhile that
  // they must see, and this thread holds the connection
  private synchronized void transactionNow(Work work) {
    try {
      connection.setAutoCommit(false);
      try {
        work.run();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("store transaction failed: " + e.getMessage(), e);
    }
  }

  private PreparedStatement prepare(String sql, Object... params) throws SQLException {
    PreparedStatement s = connection.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      s.setObject(i + 1, p instanceof Instant t ? timestamp(t) : p);
    }
    return s;
  }

  /** A UTC timestamp as the store keeps them. */
  public static LocalDateTime timestamp(Instant t) {
    return t == null ? null : LocalDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  /** Reads a UTC TIMESTAMP column. */
  public static Instant instant(ResultSet r, int column) throws SQLException {
    Timestamp t = r.getTimestamp(column);
    return t == null ? null : t.toLocalDateTime().toInstant(ZoneOffset.UTC);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing at shutdown: nothing left to do with the error
    }
  }
}
