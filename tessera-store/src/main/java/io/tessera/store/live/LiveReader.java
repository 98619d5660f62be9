package io.tessera.store.live;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.OrderStatus;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileFold;
import io.tessera.profile.ProfileSettings;
import io.tessera.profile.ProfileTable;
import io.tessera.store.Db;
import io.tessera.store.Store;
import io.tessera.store.StoreException;
import io.tessera.store.StoreRecords;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a start of the live engine (or its reload after a failed write) reads back from the store,
 * on the store's own connection under its lock: profiles by the batch fold, the ids already stored,
 * identity links, rules, memberships, timers and models. So a hard stop loses nothing that was
 * acknowledged.
 */
public final class LiveReader {
  /** A rule segment as stored. */
  public record Rule(String id, String name, String expression, Instant updatedAt, int version) {}

  /** A cart timer still waiting. */
  public record WaitingCart(String customerId, String cartEventId, Instant cartAt, Instant dueAt) {}

  /** An anonymous event (with its order's lines, when it is a purchase). */
  public record AnonymousEvent(Event event, List<OrderItem> items) {
    public AnonymousEvent {
      items = List.copyOf(items);
    }
  }

  /** An anonymous visitor's events not yet linked to a customer, and their orders by event id. */
  public record Pending(List<AnonymousEvent> events, Map<String, Order> orders) {}

  private final Store store;

  public LiveReader(Store store) {
    this.store = store;
  }

  @FunctionalInterface
  private interface Read<T> {
    T run(Statement s) throws SQLException;
  }

  private <T> T read(Read<T> read) {
    try {
      return store.locked(
          c -> {
            try (Statement s = c.createStatement()) {
              return read.run(s);
            }
          });
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  private List<String> strings(String sql) {
    return read(
        s -> {
          List<String> out = new ArrayList<>();
          try (ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
              out.add(r.getString(1));
            }
          }
          return out;
        });
  }

  private long number(String sql) {
    return read(
        s -> {
          try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
          }
        });
  }

  /** Customers whose consent_profiling is false: their events are kept, not profiled. */
  public Set<String> customersWithoutProfilingConsent() {
    return new HashSet<>(
        strings(
            "SELECT customer_id FROM customers WHERE consent_profiling = false AND customer_id"
                + " IS NOT NULL"));
  }

  /**
   * The profiles of every customer with a linked record, by the batch fold over the store's records
   * as a batch run reads them ({@link StoreRecords}, events through {@link
   * StoreRecords#profileEvents}), leaving out {@code excluded} customers: the live engine starts
   * from exactly the profiles a batch run computes.
   */
  public Map<CustomerId, CustomerProfile> foldProfiles(
      ProfileSettings settings, Set<String> excluded) {
    try {
      return store.locked(c -> fold(settings, excluded));
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /**
   * The events {@link #foldProfiles} folds (each account's own) whose properties mention one of
   * {@code keys} as a JSON string, with their properties: the events whose text the live engine
   * scores on arrival, for a restart to score again.
   */
  public List<Event> eventsMentioning(Set<String> excluded, List<String> keys) {
    try {
      return store.locked(
          c -> {
            try (var events = StoreRecords.byAccount(store, excluded).eventsMentioning(keys)) {
              return events.toList();
            }
          });
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  private Map<CustomerId, CustomerProfile> fold(ProfileSettings settings, Set<String> excluded) {
    // each account's own records: the live engine merges the parts of a person itself
    StoreRecords records = StoreRecords.byAccount(store, excluded);
    ProfileTable table;
    try (var orders = records.orders();
        var items = records.items();
        var events = records.profileEvents(null);
        var interactions = records.interactions();
        var reviews = records.reviews()) {
      table =
          ProfileFold.fold(
              new ProfileFold.Inputs(orders, items, events, interactions, reviews),
              new ProfileFold.Options(
                  settings, Math.max(1, Runtime.getRuntime().availableProcessors()), null));
    }
    Map<CustomerId, CustomerProfile> out = new HashMap<>();
    for (int i = 0; i < table.size(); i++) {
      out.put(table.id(i), table.profile(i));
    }
    return out;
  }

  public long eventCount() {
    return number("SELECT count(*) FROM events");
  }

  /**
   * The ids of messages already stored: identify/alias in live_messages, the others as live events
   * (appended with no source line; a batch import numbers its rows).
   */
  public List<String> storedMessageIds() {
    return strings(
        "SELECT message_id FROM live_messages UNION ALL SELECT event_id FROM events WHERE"
            + " _line IS NULL");
  }

  /** Order ids already in the store (orders and anonymous orders). */
  public List<String> storedOrderIds() {
    return strings(
        "SELECT order_id FROM orders WHERE order_id IS NOT NULL UNION ALL SELECT order_id"
            + " FROM live_anonymous_orders WHERE order_id IS NOT NULL");
  }

  public long deadLetterCount() {
    return number("SELECT count(*) FROM live_dead_letters");
  }

  /** Anonymous id to customer id, the first link of each anonymous id. */
  public Map<String, String> identityLinks() {
    return read(
        s -> {
          Map<String, String> out = new HashMap<>();
          try (ResultSet r =
              s.executeQuery("SELECT anonymous_id, customer_id FROM live_identities")) {
            while (r.next()) {
              out.putIfAbsent(r.getString(1), r.getString(2));
            }
          }
          return out;
        });
  }

  /** The rule segments not deleted. */
  public List<Rule> activeRules() {
    return read(
        s -> {
          List<Rule> out = new ArrayList<>();
          try (ResultSet r =
              s.executeQuery(
                  "SELECT id, name, expression, updated_at, version FROM rule_segments WHERE"
                      + " deleted_at IS NULL")) {
            while (r.next()) {
              out.add(
                  new Rule(
                      r.getString(1),
                      r.getString(2),
                      r.getString(3),
                      Db.instant(r, 4),
                      r.getInt(5)));
            }
          }
          return out;
        });
  }

  /** Each customer's segments by the change log's last entry per segment. */
  public Map<String, Set<String>> currentMemberships() {
    return read(
        s -> {
          Map<String, Set<String>> out = new LinkedHashMap<>();
          try (ResultSet r =
              s.executeQuery(
                  "SELECT customer_id, segment_id FROM (SELECT customer_id, segment_id, change,"
                      + " row_number() OVER (PARTITION BY customer_id, segment_id ORDER BY seq"
                      + " DESC) AS k FROM membership_changes WHERE change <> 'fired') WHERE k = 1"
                      + " AND change = 'entered'")) {
            while (r.next()) {
              out.computeIfAbsent(r.getString(1), k -> new TreeSet<>()).add(r.getString(2));
            }
          }
          return out;
        });
  }

  /** The last seq of the change log (0 when empty). */
  public long lastChangeSeq() {
    return number("SELECT coalesce(max(seq), 0) FROM membership_changes");
  }

  /** Each customer's latest purchase event time. */
  public Map<String, Instant> lastPurchases() {
    return read(
        s -> {
          Map<String, Instant> out = new HashMap<>();
          try (ResultSet r =
              s.executeQuery(
                  "SELECT customer_id, max(occurred_at) FROM events WHERE customer_id IS NOT NULL"
                      + " AND type = 'purchase' GROUP BY 1")) {
            while (r.next()) {
              out.put(r.getString(1), Db.instant(r, 2));
            }
          }
          return out;
        });
  }

  /** The cart timers whose last state is waiting. */
  public List<WaitingCart> waitingCarts() {
    return read(
        s -> {
          List<WaitingCart> out = new ArrayList<>();
          try (ResultSet r =
              s.executeQuery(
                  "SELECT customer_id, cart_event_id, cart_at, due_at FROM (SELECT *,"
                      + " row_number() OVER (PARTITION BY customer_id, cart_event_id ORDER BY"
                      + " CASE state WHEN 'waiting' THEN 1 ELSE 0 END) AS k FROM cart_timers)"
                      + " WHERE k = 1 AND state = 'waiting'")) {
            while (r.next()) {
              out.add(
                  new WaitingCart(
                      r.getString(1), r.getString(2), Db.instant(r, 3), Db.instant(r, 4)));
            }
          }
          return out;
        });
  }

  /** The latest saved model of this name (JSON), or null. */
  public String latestModel(String name) {
    return read(
        s -> {
          try (var p =
              s.getConnection()
                  .prepareStatement(
                      "SELECT model FROM live_models WHERE name = ? ORDER BY fitted_at DESC"
                          + " LIMIT 1")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
              return r.next() ? r.getString(1) : null;
            }
          }
        });
  }

  /**
   * The events of anonymous visitors whose anonymous id no identify has linked yet, with their
   * waiting orders (amounts in {@code baseCurrency}).
   */
  public Map<String, Pending> pendingAnonymous(Set<String> linked, String baseCurrency) {
    return read(
        s -> {
          Map<String, Map<String, Order>> ordersByAnon = anonymousOrders(s, baseCurrency);
          Map<String, List<OrderItem>> itemsByOrder = anonymousItems(s);
          Map<String, Pending> out = new HashMap<>();
          try (ResultSet r =
              s.executeQuery(
                  "SELECT event_id, type, occurred_at, anonymous_id, device_id, session_id FROM"
                      + " events WHERE customer_id IS NULL AND anonymous_id IS NOT NULL AND NOT"
                      + " coalesce(is_bot, false)")) {
            while (r.next()) {
              String anon = r.getString(4);
              if (linked.contains(anon)) {
                continue;
              }
              Event e =
                  new Event(
                      r.getString(1),
                      r.getString(2),
                      Db.instant(r, 3),
                      null,
                      anon,
                      r.getString(5),
                      null,
                      r.getString(6),
                      null);
              Map<String, Order> orders = ordersByAnon.getOrDefault(anon, Map.of());
              Order o = orders.get(e.eventId());
              List<OrderItem> items =
                  o == null ? List.of() : itemsByOrder.getOrDefault(o.orderId(), List.of());
              Pending p =
                  out.computeIfAbsent(
                      anon, k -> new Pending(new ArrayList<>(), new HashMap<>(orders)));
              p.events().add(new AnonymousEvent(e, items));
            }
          }
          return out;
        });
  }

  private static Map<String, Map<String, Order>> anonymousOrders(Statement s, String currency)
      throws SQLException {
    Map<String, Map<String, Order>> out = new HashMap<>();
    try (ResultSet r =
        s.executeQuery(
            "SELECT anonymous_id, event_id, order_id, ordered_at, amount,"
                + " CAST(attributes AS VARCHAR) FROM live_anonymous_orders")) {
      while (r.next()) {
        out.computeIfAbsent(r.getString(1), k -> new HashMap<>())
            .put(
                r.getString(2),
                new Order(
                    r.getString(3),
                    CustomerId.of("anonymous"),
                    Db.instant(r, 4),
                    Money.of(r.getDouble(5), currency),
                    OrderStatus.COMPLETED,
                    "live",
                    StoreRecords.attributes(r.getString(6), "live_anonymous_orders")));
      }
    }
    return out;
  }

  private static Map<String, List<OrderItem>> anonymousItems(Statement s) throws SQLException {
    Map<String, List<OrderItem>> out = new HashMap<>();
    try (ResultSet r =
        s.executeQuery(
            "SELECT order_id, product_id, category, coalesce(quantity, 1), coalesce(unit_price,"
                + " 0) FROM order_items WHERE order_id IN (SELECT order_id FROM"
                + " live_anonymous_orders)")) {
      while (r.next()) {
        out.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
            .add(
                new OrderItem(
                    r.getString(1), r.getString(2), r.getString(3), r.getInt(4), r.getDouble(5)));
      }
    }
    return out;
  }
}
