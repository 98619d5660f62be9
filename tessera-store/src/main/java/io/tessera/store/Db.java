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

  public synchronized <T> List<T> query(String sql, Row<T> row, Object... params) {
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

  public synchronized int update(String sql, Object... params) {
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
  public synchronized void transaction(Work work) {
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
