package io.tessera.store;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.EventType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The distinct customer ids, types and session ids of the events a profile fold reads, each with a
 * number, so that the event rows themselves carry numbers instead of strings (dictionary encoding,
 * as a column store keeps strings): DuckDB's JDBC driver decodes every string of every fetched row
 * into a Java string, and at 100,000 customers that was 26 million strings for 7.5 million events
 * against 0.7 million distinct ones.
 *
 * <p>The dictionary is a table in an in-memory database attached to the store's database for as
 * long as a share of the events is open ({@link #release} detaches it after the last): attached
 * databases are seen by every connection of the database, so the shares read on connections of
 * their own join it, and nothing is written to the store's file.
 */
final class EventDictionary {
  private static final AtomicLong NAMES = new AtomicLong();

  private final Store store;
  private final String name;
  private final CustomerId[] customers;
  private final String[] types;
  private final String[] sessions;
  private final AtomicInteger holds = new AtomicInteger(1);

  private EventDictionary(
      Store store, String name, CustomerId[] customers, String[] types, String[] sessions) {
    this.store = store;
    this.name = name;
    this.customers = customers;
    this.types = types;
    this.sessions = sessions;
  }

  /**
   * Numbers the customer ids, types and session ids of {@code events} (a query selecting at least
   * those three columns) and reads them back. The caller holds the dictionary once: {@link
   * #acquire} it for each reader and {@link #release} every hold.
   *
   * @param excluded customers whose events are left out (their number maps to no customer)
   */
  static EventDictionary build(Store store, String events, Set<String> excluded) {
    String name = "tessera_event_words_" + NAMES.incrementAndGet();
    try {
      store.execute("ATTACH ':memory:' AS " + name);
      try {
        store.execute(
            "CREATE TABLE "
                + name
                + ".words AS SELECT g, v, (row_number() OVER (PARTITION BY g) - 1)::INTEGER AS k"
                + " FROM (SELECT CASE WHEN grouping(customer_id) = 0 THEN 0 WHEN"
                + " grouping(type) = 0 THEN 1 ELSE 2 END AS g, coalesce(customer_id, type,"
                + " session_id) AS v FROM ("
                + events
                + ") GROUP BY GROUPING SETS ((customer_id), (type), (session_id))) WHERE v IS NOT"
                + " NULL");
        long[] sizes = new long[3];
        String[][] words = new String[3][];
        try (Statement s = store.connection().createStatement()) {
          try (ResultSet r =
              s.executeQuery("SELECT g, count(*) FROM " + name + ".words GROUP BY g")) {
            while (r.next()) {
              sizes[r.getInt(1)] = r.getLong(2);
            }
          }
          for (int g = 0; g < 3; g++) {
            words[g] = new String[Math.toIntExact(sizes[g])];
          }
          try (ResultSet r = s.executeQuery("SELECT g, k, v FROM " + name + ".words")) {
            while (r.next()) {
              words[r.getInt(1)][r.getInt(2)] = r.getString(3);
            }
          }
        }
        CustomerId[] customers = new CustomerId[words[0].length];
        for (int k = 0; k < customers.length; k++) {
          customers[k] =
              excluded.contains(words[0][k]) ? null : store.customerIds().of(words[0][k]);
        }
        String[] types = words[1];
        for (int k = 0; k < types.length; k++) {
          // the contract's own instance of a known type's wire name: the profiles look the type
          // of every event up, and an equal string compares by reference
          if (!types[k].isBlank()) {
            EventType known = EventType.fromWire(types[k]);
            if (known.wireName().equals(types[k])) {
              types[k] = known.wireName();
            }
          }
        }
        return new EventDictionary(store, name, customers, types, words[2]);
      } catch (SQLException | RuntimeException e) {
        store.execute("DETACH " + name);
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading the store failed: " + e.getMessage(), e);
    }
  }

  /**
   * The query reading {@code events} (a query selecting at least occurred_at, customer_id, type and
   * session_id) as numbers: the time in microseconds, then the customer's, the type's and the
   * session's number (null without a session), for {@link #event}.
   */
  String coded(String events) {
    return "SELECT epoch_us(e.occurred_at), c.k, t.k, s.k FROM ("
        + events
        + ") e JOIN "
        + name
        + ".words c ON c.g = 0 AND c.v = e.customer_id LEFT JOIN "
        + name
        + ".words t ON t.g = 1 AND t.v = e.type LEFT JOIN "
        + name
        + ".words s ON s.g = 2 AND s.v = e.session_id";
  }

  /**
   * The event of a row of {@link #coded}, as the profile fold reads it (no event id, anonymous id,
   * device, email or properties); null for an excluded customer's.
   */
  Event event(ResultSet r) throws SQLException {
    long micros = r.getLong(1);
    CustomerId customer = customers[r.getInt(2)];
    if (customer == null) {
      return null;
    }
    int type = r.getInt(3);
    String typeWord = r.wasNull() ? null : types[type];
    int session = r.getInt(4);
    String sessionId = r.wasNull() ? null : sessions[session];
    return new Event(
        StoreRecords.PROFILE_EVENT_ID,
        typeWord,
        StoreRecords.micros(micros),
        customer,
        null,
        null,
        null,
        sessionId,
        null);
  }

  /** One more reader holds the dictionary. */
  void acquire() {
    holds.incrementAndGet();
  }

  /** Lets go of one hold; the last detaches the dictionary's database. */
  void release() {
    if (holds.decrementAndGet() == 0) {
      try {
        store.execute("DETACH " + name);
      } catch (SQLException e) {
        throw new IllegalStateException("closing a store query failed: " + e.getMessage(), e);
      }
    }
  }
}
