package io.tessera.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The questions a batch run asks of the stored tables, answered in plain Java types so that no
 * caller needs SQL or JDBC (issue 10), and the read snapshot a server's run reads them in. A failed
 * statement is a {@link StoreException} carrying the database's message.
 */
public final class BatchQueries {
  private BatchQueries() {}

  /**
   * The customers who said no to profiling: a {@code customers} row with consent_profiling false,
   * or a quarantined customers row whose consent_profiling says no (false, no, n, 0, f).
   */
  public static SortedSet<String> profilingDenied(Store store) {
    return ids(
        store,
        "SELECT customer_id FROM customers WHERE consent_profiling = false UNION SELECT"
            + " trim(raw->>'customer_id') FROM quarantine WHERE source = 'customers' AND"
            + " lower(trim(raw->>'consent_profiling')) IN ('false', 'no', 'n', '0', 'f')"
            + " AND coalesce(trim(raw->>'customer_id'), '') <> ''");
  }

  /**
   * The customers seen in any table whose consent_profiling is not given: no customers row, or one
   * with an empty consent_profiling.
   */
  public static SortedSet<String> profilingNotGiven(Store store) {
    return ids(
        store,
        "SELECT customer_id FROM (SELECT customer_id FROM customers UNION SELECT"
            + " customer_id FROM orders UNION SELECT customer_id FROM events UNION SELECT"
            + " customer_id FROM interactions UNION SELECT customer_id FROM reviews) ids"
            + " WHERE customer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customers c"
            + " WHERE c.customer_id = ids.customer_id AND c.consent_profiling IS NOT"
            + " NULL)");
  }

  /**
   * The time of the last completed order, else of the last non-bot event; empty when the store
   * holds neither.
   */
  public static Optional<Instant> lastActivity(Store store) {
    return lastCompletedOrder(store).or(() -> lastEvent(store));
  }

  /** The time of the last completed order; empty when there is none. */
  public static Optional<Instant> lastCompletedOrder(Store store) {
    return lastTime(
        store, "SELECT epoch_us(max(ordered_at)) FROM orders WHERE status = 'completed'");
  }

  /** The time of the last non-bot event; empty when there is none. */
  public static Optional<Instant> lastEvent(Store store) {
    return lastTime(store, "SELECT epoch_us(max(occurred_at)) FROM events WHERE NOT is_bot");
  }

  private static Optional<Instant> lastTime(Store store, String sql) {
    try {
      return store.locked(
          c -> {
            try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
              r.next();
              long micros = r.getLong(1);
              if (r.wasNull()) {
                return Optional.<Instant>empty();
              }
              return Optional.of(Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1_000L)));
            }
          });
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /** One item line of a completed order: who bought which product in which order, and when. */
  public record OrderLine(String customerId, String orderId, String productId, Instant orderedAt) {}

  /**
   * The item lines (quantity above zero, or none given) of every completed order, under each
   * order's resolved customer when the store holds an identity resolution, oldest first (an order's
   * lines one after another), each handed to {@code each} as it is read; none when the store has no
   * orders or no order_items table. Handed over rather than returned: at 1,000,000 customers the
   * 6.1 M lines, each with its own strings, took over a gigabyte while the caller kept its own copy
   * (issue 14).
   *
   * @return how many lines were handed over
   */
  public static long completedOrderLines(Store store, java.util.function.Consumer<OrderLine> each) {
    if (count(
            store,
            "SELECT count(DISTINCT table_name) FROM information_schema.tables"
                + " WHERE table_name IN ('order_items', 'orders')")
        < 2) {
      return 0;
    }
    String orders = IdentityTables.table(store, "orders");
    try {
      return store.locked(
          c -> {
            long n = 0;
            try (Statement s = c.createStatement();
                ResultSet r =
                    s.executeQuery(
                        "SELECT o.customer_id, o.order_id, i.product_id, epoch_us(o.ordered_at)"
                            + " FROM order_items i JOIN "
                            + orders
                            + " o ON o.order_id = i.order_id WHERE o.status = 'completed' AND"
                            + " coalesce(i.quantity, 1) > 0 ORDER BY o.ordered_at, o.order_id,"
                            + " i.product_id")) {
              while (r.next()) {
                long micros = r.getLong(4);
                each.accept(
                    new OrderLine(
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1_000L))));
                n++;
              }
            }
            return n;
          });
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /**
   * A stamp that changes when the inputs of an identity resolution change: the counts of events,
   * customers, customers without consent to profiling, and whether un-merges are recorded.
   */
  public static String identityInputStamp(Store store) {
    return count(store, "SELECT count(*) FROM events")
        + "/"
        + count(store, "SELECT count(*) FROM customers")
        + "/"
        + count(store, "SELECT count(*) FROM customers WHERE consent_profiling = false")
        + "/"
        + count(
            store,
            "SELECT count(*) FROM information_schema.tables WHERE table_name ="
                + " 'identity_unmerges'");
  }

  /** The number of completed orders. */
  public static long completedOrders(Store store) {
    return count(store, "SELECT count(*) FROM orders WHERE status = 'completed'");
  }

  /** The number of rows of one of the store's tables (a contract table's file stem). */
  public static long rows(Store store, String table) {
    if (!table.matches("[a-z_]+")) {
      throw new IllegalArgumentException("not a table name: " + table);
    }
    return count(store, "SELECT count(*) FROM " + table);
  }

  /**
   * Opens a read transaction on {@code reader} (a connection of its own, {@link
   * Store#newConnection}), so that a run reads one snapshot of the tables while others write.
   */
  public static void beginSnapshot(Store reader) {
    try {
      // through JDBC, not a BEGIN statement: the driver then knows a transaction is open and its
      // batched inserts (the identity stage's temporary tables) join it instead of beginning one
      reader.connection().setAutoCommit(false);
      reader.execute("SELECT 1");
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /** Ends the read transaction of {@link #beginSnapshot}; it wrote nothing. */
  public static void endSnapshot(Store reader) {
    try {
      reader.connection().rollback();
      reader.connection().setAutoCommit(true);
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  private static long count(Store store, String sql) {
    try {
      return store.count(sql);
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  private static SortedSet<String> ids(Store store, String sql) {
    try {
      return store.locked(
          c -> {
            SortedSet<String> out = new TreeSet<>();
            try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
              while (r.next()) {
                out.add(r.getString(1));
              }
            }
            return out;
          });
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }
}
