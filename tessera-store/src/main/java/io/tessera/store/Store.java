package io.tessera.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * The embedded DuckDB store: one database file holding the canonical tables (one per contract
 * source), the quarantine and the flags. Contact details are stored only as pseudonyms.
 */
public final class Store implements AutoCloseable {
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

  private Store(Path file, DuckDBConnection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** Opens (creating if needed) the store file. */
  public static Store open(Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
      Store store = new Store(file, c.unwrap(DuckDBConnection.class));
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

  public Path file() {
    return file;
  }

  public DuckDBConnection connection() {
    return connection;
  }

  /**
   * A second connection to this store's database, with transactions of its own: a reader that holds
   * a transaction (a batch run over the server's tables) sees one snapshot while this connection
   * goes on writing. Closing it leaves this store open.
   */
  public Store newConnection() {
    try {
      return new Store(file, connection.duplicate());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open a second connection to " + file, e);
    }
  }

  /** Runs one or more statements separated by semicolons. */
  public void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      for (String part : sql.split(";\\s*\n")) {
        if (!part.isBlank()) {
          s.execute(part);
        }
      }
    }
  }

  public long count(String sql) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** The first column of a query as longs (e.g. example line numbers). */
  public List<Long> longs(String sql) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getLong(1));
      }
    }
    return out;
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
