package io.tessera.store;

import io.tessera.contract.CustomerId;
import io.tessera.identity.Account;
import io.tessera.identity.IdentityGraph;
import io.tessera.identity.IdentityOptions;
import io.tessera.identity.IdentityResolver;
import io.tessera.identity.SightingGroup;
import io.tessera.identity.Unmerge;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Identity resolution over a store: reads the accounts (customers rows, and customer ids of the
 * other sources) and the events' identifiers, resolves them with core's {@link IdentityResolver},
 * and keeps the result as two tables and four views, so every reader of the store sees records
 * under their resolved customer:
 *
 * <ul>
 *   <li>{@code identity_accounts(customer_id, resolved_id)}: accounts merged into another's person;
 *   <li>{@code identity_anonymous(kind, value, resolved_id)}: anonymous ids, devices and email
 *       pseudonyms attached to a customer;
 *   <li>{@code resolved_orders}, {@code resolved_events}, {@code resolved_interactions}, {@code
 *       resolved_reviews}: the tables with {@code customer_id} replaced by the resolved customer
 *       (an anonymous event gets the customer its identifiers were attached to), and {@code
 *       resolved_customers}: the customers rows of the persons' own accounts.
 * </ul>
 *
 * A store without these (the live engine's) is read as it is ({@link #present}).
 */
public final class IdentityTables {
  private IdentityTables() {}

  /** Whether the store holds a resolution (the views exist). */
  public static boolean present(Store store) {
    try (Statement s = store.connection().createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_name ="
                    + " 'resolved_events'")) {
      return r.next() && r.getLong(1) > 0;
    } catch (SQLException e) {
      throw new IllegalStateException("reading the store's tables failed: " + e.getMessage(), e);
    }
  }

  /** The table to read {@code table} from: its resolved view when the store holds one. */
  public static String table(Store store, String table) {
    return present(store) ? "resolved_" + table : table;
  }

  /**
   * Resolves the store's identities and writes the tables and views.
   *
   * @param excluded customer ids without consent to profiling: never linked or merged
   * @param temporary write them as temporary tables and views, seen by this connection only
   */
  public static IdentityGraph resolve(
      Store store, IdentityOptions options, Set<String> excluded, boolean temporary) {
    IdentityGraph graph = graph(store, options, excluded);
    write(store, graph, temporary);
    return graph;
  }

  /** Resolves the store's identities (with its recorded un-merges) without writing anything. */
  public static IdentityGraph graph(Store store, IdentityOptions options, Set<String> excluded) {
    List<Unmerge> recorded = new ArrayList<>(options.unmerges());
    recorded.addAll(unmerges(store));
    options = options.withUnmerges(recorded);
    List<Account> accounts = accounts(store, options, excluded);
    try (var groups = sightingGroups(store)) {
      return IdentityResolver.resolveGroups(accounts, groups::iterator, options);
    }
  }

  private static final String UNMERGES =
      "CREATE TABLE IF NOT EXISTS identity_unmerges (account VARCHAR NOT NULL, from_accounts"
          + " VARCHAR NOT NULL, who VARCHAR NOT NULL, why VARCHAR NOT NULL, unmerged_at TIMESTAMP"
          + " NOT NULL)";

  /** The un-merges recorded in the store (by the API), oldest first. */
  public static List<Unmerge> unmerges(Store store) {
    List<Unmerge> out = new ArrayList<>();
    try (Statement s = store.connection().createStatement()) {
      s.execute(UNMERGES);
      try (ResultSet r =
          s.executeQuery(
              "SELECT account, from_accounts, who, why, epoch_us(unmerged_at) FROM"
                  + " identity_unmerges ORDER BY unmerged_at, account")) {
        while (r.next()) {
          List<CustomerId> from = new ArrayList<>();
          for (String f : r.getString(2).split("\n")) {
            from.add(CustomerId.of(f));
          }
          out.add(
              new Unmerge(
                  CustomerId.of(r.getString(1)),
                  from,
                  r.getString(3),
                  r.getString(4),
                  StoreRecords.micros(r.getLong(5))));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading the un-merges failed: " + e.getMessage(), e);
    }
    return out;
  }

  /** Records an un-merge; every later resolution of this store keeps the accounts apart. */
  public static void record(Store store, Unmerge u) {
    // the table first: a statement cannot be prepared against a table that does not exist yet
    try (Statement s = store.connection().createStatement()) {
      s.execute(UNMERGES);
    } catch (SQLException e) {
      throw new IllegalStateException("recording the un-merge failed: " + e.getMessage(), e);
    }
    try (PreparedStatement p =
        store
            .connection()
            .prepareStatement("INSERT INTO identity_unmerges VALUES (?, ?, ?, ?, ?)")) {
      p.setString(1, u.account().value());
      p.setString(2, String.join("\n", u.from().stream().map(CustomerId::value).toList()));
      p.setString(3, u.who());
      p.setString(4, u.why());
      p.setObject(5, java.time.LocalDateTime.ofInstant(u.at(), java.time.ZoneOffset.UTC));
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("recording the un-merge failed: " + e.getMessage(), e);
    }
  }

  /** Every account of the store: customers rows, then ids seen only in other sources. */
  public static List<Account> accounts(Store store, IdentityOptions options, Set<String> excluded) {
    Map<CustomerId, Account> out = new java.util.TreeMap<>();
    // the customers table itself, not a resolved view a previous run left in the store
    try (var rows =
        StoreRecords.stream(
            store,
            "SELECT " + StoreRecords.CUSTOMER_COLUMNS + " FROM customers",
            StoreRecords::customer)) {
      rows.forEach(
          c ->
              out.putIfAbsent(
                  c.customerId(),
                  Account.of(c, options.columns(), !excluded.contains(c.customerId().value()))));
    }
    try (Statement s = store.connection().createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT DISTINCT customer_id FROM (SELECT customer_id FROM orders UNION ALL SELECT"
                    + " customer_id FROM events UNION ALL SELECT customer_id FROM interactions"
                    + " UNION ALL SELECT customer_id FROM reviews) WHERE customer_id IS NOT"
                    + " NULL")) {
      while (r.next()) {
        CustomerId id = CustomerId.of(r.getString(1));
        out.putIfAbsent(id, Account.bare(id, !excluded.contains(id.value())));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading customer ids failed: " + e.getMessage(), e);
    }
    return new ArrayList<>(out.values());
  }

  /**
   * The identifiers of every event that is not a bot's, grouped by the identifiers they carry (a
   * few hundred thousand groups for millions of events), streamed in the order of each group's
   * first event: resolving them is resolving the events one by one ({@link SightingGroup}). Record
   * order is the table's row order, the order a plain scan of the table returns.
   */
  public static java.util.stream.Stream<SightingGroup> sightingGroups(Store store) {
    return StoreRecords.stream(
        store,
        "SELECT arg_min(event_id, rowid), count(*), epoch_us(min(occurred_at)),"
            + " arg_min(event_id, (occurred_at, rowid)), arg_min(rowid, (occurred_at, rowid)),"
            + " epoch_us(max(occurred_at)), customer_id, anonymous_id, device_id, email_pseudonym"
            + " FROM events WHERE NOT is_bot AND (anonymous_id IS NOT NULL OR device_id IS NOT"
            + " NULL OR email_pseudonym IS NOT NULL) GROUP BY customer_id, anonymous_id,"
            + " device_id, email_pseudonym ORDER BY min(rowid)",
        r ->
            new SightingGroup(
                r.getString(7) == null ? null : CustomerId.of(r.getString(7)),
                r.getString(8),
                r.getString(9),
                r.getString(10),
                r.getString(1),
                r.getLong(2),
                StoreRecords.micros(r.getLong(3)),
                r.getString(4),
                r.getLong(5),
                StoreRecords.micros(r.getLong(6))));
  }

  /** Writes (or replaces) the tables and views of a resolution. */
  public static void write(Store store, IdentityGraph graph, boolean temporary) {
    String temp = temporary ? "TEMP " : "";
    try (Statement s = store.connection().createStatement()) {
      s.execute(
          "CREATE OR REPLACE "
              + temp
              + "TABLE identity_accounts (customer_id VARCHAR PRIMARY KEY,"
              + " resolved_id VARCHAR NOT NULL)");
      s.execute(
          "CREATE OR REPLACE "
              + temp
              + "TABLE identity_anonymous (kind VARCHAR NOT NULL, value VARCHAR NOT"
              + " NULL, resolved_id VARCHAR NOT NULL, PRIMARY KEY (kind, value))");
      // appended, not inserted row by row: a prepared INSERT is one statement per row, which at
      // 100,000 customers (hundreds of thousands of attached identifiers) took most of the stage
      try (DuckDBAppender a = appender(store, "identity_accounts", temporary)) {
        for (var e : new java.util.TreeMap<>(graph.mergedAccounts()).entrySet()) {
          a.beginRow().append(e.getKey().value()).append(e.getValue().value()).endRow();
        }
      }
      try (DuckDBAppender a = appender(store, "identity_anonymous", temporary)) {
        for (var e : graph.attached().entrySet()) {
          a.beginRow()
              .append(e.getKey().kind().name())
              .append(e.getKey().value())
              .append(e.getValue().value())
              .endRow();
        }
      }
      String account = "LEFT JOIN identity_accounts a ON a.customer_id = t.customer_id";
      for (String table : List.of("orders", "interactions", "reviews")) {
        s.execute(
            "CREATE OR REPLACE "
                + temp
                + "VIEW resolved_"
                + table
                + " AS SELECT t.* REPLACE (coalesce(a.resolved_id, t.customer_id) AS customer_id)"
                + " FROM "
                + table
                + " t "
                + account);
      }
      s.execute(
          "CREATE OR REPLACE "
              + temp
              + "VIEW resolved_events AS SELECT t.* REPLACE (CASE WHEN t.customer_id"
              + " IS NOT NULL THEN coalesce(a.resolved_id, t.customer_id) ELSE"
              + " coalesce(an.resolved_id, dv.resolved_id, em.resolved_id) END AS customer_id)"
              + " FROM events t "
              + account
              + " LEFT JOIN identity_anonymous an ON t.customer_id IS NULL AND an.kind ="
              + " 'anonymous_id' AND an.value = t.anonymous_id LEFT JOIN identity_anonymous dv ON"
              + " t.customer_id IS NULL AND dv.kind = 'device_id' AND dv.value = t.device_id"
              + " LEFT JOIN identity_anonymous em ON t.customer_id IS NULL AND em.kind = 'email'"
              + " AND em.value = t.email_pseudonym");
      s.execute(
          "CREATE OR REPLACE "
              + temp
              + "VIEW resolved_customers AS SELECT * FROM customers WHERE customer_id"
              + " NOT IN (SELECT customer_id FROM identity_accounts)");
    } catch (SQLException e) {
      throw new IllegalStateException("writing the identity tables failed: " + e.getMessage(), e);
    }
  }

  /** An appender to a table of {@link #write}: the connection's temporary one, or the store's. */
  private static DuckDBAppender appender(Store store, String table, boolean temporary)
      throws SQLException {
    return temporary
        ? store.connection().createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, table)
        : store.connection().createAppender(DuckDBConnection.DEFAULT_SCHEMA, table);
  }
}
