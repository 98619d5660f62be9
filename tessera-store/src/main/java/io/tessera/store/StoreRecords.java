package io.tessera.store;

import io.tessera.contract.Consent;
import io.tessera.contract.Customer;
import io.tessera.contract.CustomerId;
import io.tessera.contract.CustomerIds;
import io.tessera.contract.Event;
import io.tessera.contract.Interaction;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.OrderStatus;
import io.tessera.contract.Review;
import io.tessera.profile.ProfileFold;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The accepted rows of a store as contract records, streamed (one open result set per stream; close
 * the stream, e.g. with try-with-resources, to release it). Bot events are left out; customers
 * listed in {@code excluded} (no consent to profiling) are left out of every stream, and so are
 * anonymous events that no customer owns. When the store holds an identity resolution ({@link
 * IdentityTables}), every record is read under its resolved customer: a merged account's records
 * under its person, an anonymous event under the customer its identifiers were attached to.
 */
public final class StoreRecords {
  private final Store store;
  private final Set<String> excluded;
  private final boolean resolved;
  // one id per customer for every reader of this store (Store#customerIds)
  private final CustomerIds ids;

  public StoreRecords(Store store, Set<String> excluded) {
    this(store, excluded, IdentityTables.present(store), null);
  }

  private StoreRecords(Store store, Set<String> excluded, boolean resolved, CustomerSample sample) {
    this.store = store;
    this.excluded = Set.copyOf(excluded);
    this.resolved = resolved;
    this.ids = store.customerIds();
    this.anonymousResolved = !resolved && IdentityTables.present(store);
    this.sample = sample != null && sample.sampled() ? sample : null;
  }

  // the customers whose records these are, or null: every customer's
  private final CustomerSample sample;

  /** At most {@code cap} of the customers with a completed order ({@link CustomerSample#draw}). */
  public CustomerSample customerSample(int cap) {
    return CustomerSample.draw(store, t("orders"), cap);
  }

  /** These records cut by the store to a sample's customers (only theirs are ever decoded). */
  public StoreRecords sampled(CustomerSample sample) {
    return new StoreRecords(store, excluded, resolved, sample);
  }

  private String inSample() {
    return sample == null ? "" : " AND " + sample.condition(t("orders"));
  }

  private String whereSample() {
    return sample == null ? "" : " WHERE " + sample.condition(t("orders"));
  }

  // by account, with a resolution present: anonymous events read under the customer they were
  // attached to (a part of that customer's own account), every other record under its account
  private final boolean anonymousResolved;

  /**
   * The records under the accounts that hold them, whatever resolution the store holds: the parts
   * the live engine keeps, so that an un-merge can re-split them (anonymous events left out).
   */
  public static StoreRecords byAccount(Store store, Set<String> excluded) {
    return new StoreRecords(store, excluded, false, null);
  }

  /**
   * Rows in the order their files held them (live rows, which have no line, after them by id): the
   * identity-resolved views are joins, whose output order DuckDB does not keep, and a consumer that
   * samples or visits rows in order (the text stage's classifier) must see the same order every
   * run.
   */
  private static String inFileOrder(String id) {
    return " ORDER BY _line NULLS LAST, " + id;
  }

  /** The table to read: its identity-resolved view when the store holds a resolution. */
  private String t(String table) {
    return resolved ? "resolved_" + table : table;
  }

  /** Accepted orders of every status; amounts are in the base currency already. */
  public Stream<Order> orders() {
    // a batch run holds every order for its churn stage: one string per distinct currency,
    // channel and attribute (a discount code), not new ones per order (about 280 MB at 1,000,000
    // customers), and one id per customer (Store#customerIds)
    Words words = new Words();
    Words values = new Words();
    return query(
        "SELECT order_id, customer_id, epoch_us(ordered_at), amount, currency, status, channel,"
            + " CAST(attributes AS VARCHAR) FROM "
            + t("orders")
            + whereSample(),
        r -> {
          String customer = r.getString(2);
          if (excluded.contains(customer)) {
            return null;
          }
          return new Order(
              r.getString(1),
              ids.of(customer),
              micros(r.getLong(3)),
              Money.of(r.getDouble(4), words.of(r.getString(5))),
              OrderStatus.parse(r.getString(6)),
              words.of(r.getString(7)),
              attributes(r.getString(8), "orders", words, values));
        });
  }

  /**
   * A completed order as the RFM scores and the lifetime-value fit read it: whose, when, and its
   * amount in the base currency (0 when the order has none).
   */
  public record CompletedOrder(String customerId, Instant orderedAt, double amount) {}

  /**
   * The completed orders of {@link #orders()}, with only the three columns {@link CompletedOrder}
   * holds: reading every column of every order (five strings and the attributes' JSON each) was
   * most of the RFM stage's reading. In one order (order id first, then every column read), so the
   * sums over them are the same in every run.
   */
  public Stream<CompletedOrder> completedOrders() {
    // in one order every run: the RFM and lifetime-value sums add the amounts in the order read,
    // and a parallel scan of the resolved view returns them in any order, which moved the last
    // bits of rfm.json's input_fingerprint between runs of the same data
    return completed("order_id, customer_id, ordered_at, amount");
  }

  /**
   * {@link #completedOrders()} grouped by customer (by customer id, then time): a reader that sums
   * up one customer at a time holds one customer's orders, not everyone's.
   */
  public Stream<CompletedOrder> completedOrdersByCustomer() {
    return completed("customer_id, ordered_at, order_id, amount");
  }

  private Stream<CompletedOrder> completed(String orderBy) {
    return query(
        "SELECT customer_id, epoch_us(ordered_at), amount FROM "
            + t("orders")
            + " WHERE status = '"
            + OrderStatus.COMPLETED.wireName()
            + "'"
            + inSample()
            + " ORDER BY "
            + orderBy,
        r -> {
          String customer = r.getString(1);
          return excluded.contains(customer)
              ? null
              : new CompletedOrder(ids.value(customer), micros(r.getLong(2)), r.getDouble(3));
        });
  }

  /** Order lines of accepted orders. */
  public Stream<OrderItem> items() {
    return query(
        "SELECT i.order_id, i.product_id, i.category, i.quantity, i.unit_price FROM order_items i"
            + (sample == null
                ? " SEMI JOIN orders o ON o.order_id = i.order_id"
                : " SEMI JOIN (SELECT order_id FROM "
                    + t("orders")
                    + whereSample()
                    + ") o ON o.order_id = i.order_id"),
        r ->
            new OrderItem(
                r.getString(1), r.getString(2), r.getString(3), r.getInt(4), r.getDouble(5)));
  }

  /**
   * The order lines of {@link #items()}, each with its order's customer and time as {@link
   * #orders()} reads them (joined in the store), for {@code ProfileFold.Inputs#ownedItems}: a fold
   * given these holds no map from order id to customer. A line of an excluded customer's order
   * comes with no customer (the fold counts it as an orphan, as it counts the line of an order it
   * was not given).
   */
  public Stream<ProfileFold.OwnedItem> ownedItems() {
    return query(
        "SELECT i.order_id, i.product_id, i.category, i.quantity, i.unit_price, o.customer_id,"
            + " epoch_us(o.ordered_at) FROM order_items i JOIN (SELECT order_id, customer_id,"
            + " ordered_at FROM "
            + t("orders")
            + whereSample()
            + ") o ON o.order_id = i.order_id",
        r -> {
          String customer = r.getString(6);
          long at = r.getLong(7);
          return new ProfileFold.OwnedItem(
              new OrderItem(
                  r.getString(1), r.getString(2), r.getString(3), r.getInt(4), r.getDouble(5)),
              customer == null || excluded.contains(customer) ? null : ids.of(customer),
              r.wasNull() ? null : micros(at));
        });
  }

  /** Events with a customer id, bots excluded. */
  public Stream<Event> events() {
    return events(true, null);
  }

  /**
   * Events as the profile aggregators read them, for folding profiles: only the columns a profile
   * uses are read (event id, type, time, customer, session); anonymous id, device, email pseudonym
   * and properties are left null, which halves the strings decoded per event (the store read was
   * half of the churn stage's time at 100k customers). Events at or after {@code until} are not
   * read at all; null reads every event. A fold of these gives the same profiles as a fold of
   * {@link #events()} (StoreRecordsTest).
   */
  public Stream<Event> profileEvents(Instant until) {
    return events(false, until, "");
  }

  /**
   * The events {@link #profileEvents} reads (all of them) whose properties hold one of {@code keys}
   * as a quoted JSON string ({@code "text"}), with every column: the events whose text the live
   * engine scores, so that a restart can score them again. The match is a prefilter; the caller
   * parses the properties.
   */
  public Stream<Event> eventsMentioning(java.util.List<String> keys) {
    if (keys.isEmpty()) {
      return Stream.empty();
    }
    StringBuilder any = new StringBuilder(" AND properties IS NOT NULL AND (");
    for (int i = 0; i < keys.size(); i++) {
      any.append(i == 0 ? "" : " OR ")
          .append("contains(properties, '\"")
          .append(keys.get(i).replace("'", "''"))
          .append("\"')");
    }
    return events(true, null, any.append(')').toString());
  }

  private Stream<Event> events(boolean allColumns, Instant until) {
    return events(allColumns, until, "");
  }

  private Stream<Event> events(boolean allColumns, Instant until, String also) {
    return query(eventsSql(allColumns, until, also), eventMapper(allColumns));
  }

  /**
   * {@link #profileEvents} split into at most {@code parts} disjoint shares by file line, for
   * {@code ProfileFold.Inputs#eventParts}: each share is read on a connection of its own, opened
   * when the stream is first read, so that the shares are read at the same time (one thread
   * decoding 7.5 million events was most of the profile stage's time at 100,000 customers). The
   * shares together hold exactly the events of {@link #profileEvents}; live rows, which have no
   * line, are in the last. A store whose resolution only this connection sees (temporary views), or
   * whose connection is inside a transaction, is read in one share on this connection: another
   * connection would not see the same rows. Close every stream; its connection closes with it.
   *
   * <p>The shares do not carry strings per event: the customer ids, types and session ids are read
   * once each into a dictionary ({@link EventDictionary}) and every event row brings only their
   * numbers, its time and nothing else; the records made from them equal those of {@link
   * #profileEvents} but for the event id, which is {@link #PROFILE_EVENT_ID} (the profile
   * aggregators do not read it). Decoding four strings per event (JDBC decodes every string of a
   * fetched row) was about three quarters of the profile fold's CPU at 100,000 customers.
   */
  public java.util.List<Stream<Event>> profileEventParts(Instant until, int parts) {
    if (parts < 1) {
      throw new IllegalArgumentException("event parts: at least 1, got " + parts);
    }
    long[] lines = lineRange();
    if (parts == 1 || lines == null || !seenByOtherConnections()) {
      return java.util.List.of(profileEvents(until));
    }
    String columns = "SELECT occurred_at, customer_id, type, session_id";
    EventDictionary dictionary =
        EventDictionary.build(store, columns + eventsFrom(until, ""), excluded);
    java.util.List<Stream<Event>> out = new java.util.ArrayList<>();
    long span = lines[1] - lines[0] + 1;
    try {
      for (int i = 0; i < parts; i++) {
        long from = lines[0] + span * i / parts;
        long to = lines[0] + span * (i + 1) / parts;
        String share =
            i == parts - 1
                ? " AND (_line >= " + from + " OR _line IS NULL)"
                : " AND _line >= " + from + " AND _line < " + to;
        LazyQuery<Event> lazy =
            new LazyQuery<>(
                store, dictionary.coded(columns + eventsFrom(until, share)), dictionary::event);
        dictionary.acquire();
        out.add(
            StreamSupport.stream(lazy, false).onClose(lazy::close).onClose(dictionary::release));
      }
    } catch (RuntimeException e) {
      out.forEach(Stream::close);
      throw e;
    } finally {
      // the readers' holds keep it until the last share is closed
      dictionary.release();
    }
    return out;
  }

  /**
   * The event id of the records {@link #profileEventParts} makes: profiles never read an event's
   * id, so it is not read from the store.
   */
  public static final String PROFILE_EVENT_ID = "(event id not read for profiles)";

  /** The first and last line of the events table, or null when no event has a line. */
  private long[] lineRange() {
    try (Statement s = store.connection().createStatement();
        ResultSet r = s.executeQuery("SELECT min(_line), max(_line) FROM events")) {
      if (!r.next()) {
        return null;
      }
      long min = r.getLong(1);
      return r.wasNull() ? null : new long[] {min, r.getLong(2)};
    } catch (SQLException e) {
      throw new IllegalStateException("reading the store failed: " + e.getMessage(), e);
    }
  }

  /** Whether a new connection sees what this one sees: no transaction open, no temporary views. */
  private boolean seenByOtherConnections() {
    try (Statement s = store.connection().createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM duckdb_views() WHERE temporary AND view_name LIKE"
                    + " 'resolved\\_%' ESCAPE '\\'")) {
      return store.connection().getAutoCommit() && r.next() && r.getLong(1) == 0;
    } catch (SQLException e) {
      throw new IllegalStateException("reading the store failed: " + e.getMessage(), e);
    }
  }

  private String eventsSql(boolean allColumns, Instant until, String also) {
    return "SELECT event_id, type, epoch_us(occurred_at), customer_id, session_id"
        + (allColumns ? ", anonymous_id, device_id, email_pseudonym, properties" : "")
        + eventsFrom(until, also);
  }

  /** The FROM and WHERE of every events query: non-bot events with a customer, before until. */
  private String eventsFrom(Instant until, String also) {
    String before =
        until == null
            ? ""
            : " AND epoch_us(occurred_at) < "
                // an event at a whole microsecond is before `until` iff it is before its ceiling
                + Math.addExact(
                    Math.multiplyExact(until.getEpochSecond(), 1_000_000L),
                    (until.getNano() + 999) / 1000);
    return " FROM "
        + (anonymousResolved
            ? "(SELECT e.* REPLACE (coalesce(e.customer_id, r.customer_id) AS customer_id)"
                + " FROM events e LEFT JOIN resolved_events r ON e.customer_id IS NULL AND"
                + " r.event_id = e.event_id)"
            : t("events"))
        + " WHERE NOT is_bot AND customer_id IS NOT NULL"
        + before
        + inSample()
        + also;
  }

  private RowMapper<Event> eventMapper(boolean allColumns) {
    return r -> {
      String customer = r.getString(4);
      if (excluded.contains(customer)) {
        return null;
      }
      return new Event(
          r.getString(1),
          r.getString(2),
          micros(r.getLong(3)),
          ids.of(customer),
          allColumns ? r.getString(6) : null,
          allColumns ? r.getString(7) : null,
          allColumns ? r.getString(8) : null,
          r.getString(5),
          allColumns ? r.getString(9) : null);
    };
  }

  /**
   * A query on a connection of its own, opened when the stream is first read (not when it is made:
   * streams made together on one thread are then queried on their readers' threads). Closing the
   * stream ({@link #close}) closes the connection.
   */
  private static final class LazyQuery<T> extends Spliterators.AbstractSpliterator<T> {
    private final Store store;
    private final String sql;
    private final RowMapper<T> mapper;
    private Store connection;
    private Stream<T> rows;
    private Spliterator<T> inner;

    LazyQuery(Store store, String sql, RowMapper<T> mapper) {
      super(Long.MAX_VALUE, Spliterator.ORDERED);
      this.store = store;
      this.sql = sql;
      this.mapper = mapper;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      if (inner == null) {
        connection = store.newConnection();
        rows = stream(connection, sql, mapper);
        inner = rows.spliterator();
      }
      return inner.tryAdvance(action);
    }

    void close() {
      try {
        if (rows != null) {
          rows.close();
        }
      } finally {
        if (connection != null) {
          connection.close();
        }
      }
    }
  }

  /** Service interactions. */
  public Stream<Interaction> interactions() {
    return query(
        "SELECT interaction_id, customer_id, epoch_us(occurred_at), channel, kind, text FROM "
            + t("interactions")
            + whereSample()
            + inFileOrder("interaction_id"),
        r -> {
          String customer = r.getString(2);
          if (excluded.contains(customer)) {
            return null;
          }
          return new Interaction(
              r.getString(1),
              ids.of(customer),
              micros(r.getLong(3)),
              r.getString(4) == null ? null : Interaction.Channel.parse(r.getString(4)),
              r.getString(5) == null ? null : Interaction.Kind.parse(r.getString(5)),
              r.getString(6));
        });
  }

  /** Reviews. */
  public Stream<Review> reviews() {
    return query(
        "SELECT review_id, customer_id, epoch_us(created_at), rating, product_id, text FROM "
            + t("reviews")
            + whereSample()
            + inFileOrder("review_id"),
        r -> {
          String customer = r.getString(2);
          if (excluded.contains(customer)) {
            return null;
          }
          // read the rating's null flag right after the rating: wasNull() answers for the last
          // column read, so checked inside the argument list it answered for created_at
          int stars = r.getInt(4);
          Integer rating = r.wasNull() ? null : stars;
          return new Review(
              r.getString(1),
              ids.of(customer),
              micros(r.getLong(3)),
              rating,
              r.getString(5),
              r.getString(6));
        });
  }

  /**
   * The columns {@link #customer(ResultSet)} reads, for {@code SELECT <these> FROM customers}: so a
   * reader of one customer (the live engine) makes the record the batch run makes.
   */
  public static final String CUSTOMER_COLUMNS =
      "customer_id, email_pseudonym, phone_pseudonym, epoch_us(signup_at), country,"
          + " region, gender, birth_year, consent_analytics, consent_marketing,"
          + " consent_profiling, CAST(attributes AS VARCHAR)";

  /** Rows of the customers file (pseudonyms only, never raw identifiers). */
  public Stream<Customer> customers() {
    // held for the churn stage: one string per distinct country, region, gender and attribute
    Words words = new Words();
    Words values = new Words();
    return query(
        "SELECT " + CUSTOMER_COLUMNS + " FROM " + t("customers") + whereSample(),
        r -> excluded.contains(r.getString(1)) ? null : customer(r, ids::of, words, values));
  }

  /** The customer of a row selected with {@link #CUSTOMER_COLUMNS}. */
  public static Customer customer(ResultSet r) throws SQLException {
    return customer(r, CustomerId::of, null, null);
  }

  /**
   * The customer of a row selected with {@link #CUSTOMER_COLUMNS}, its id made by {@code id}, its
   * few-valued columns and attribute names shared through {@code words} and its attribute values
   * through {@code values} (null: not shared).
   */
  private static Customer customer(
      ResultSet r, java.util.function.Function<String, CustomerId> id, Words words, Words values)
      throws SQLException {
    long signup = r.getLong(4);
    Instant signupAt = r.wasNull() ? null : micros(signup);
    int birth = r.getInt(8);
    Integer birthYear = r.wasNull() ? null : birth;
    return new Customer(
        id.apply(r.getString(1)),
        r.getString(2),
        r.getString(3),
        signupAt,
        Words.of(words, r.getString(5)),
        Words.of(words, r.getString(6)),
        Words.of(words, r.getString(7)),
        birthYear,
        new Consent(bool(r, 9), bool(r, 10), bool(r, 11)),
        attributes(r.getString(12), "customers", words, values));
  }

  private static Boolean bool(ResultSet r, int column) throws SQLException {
    boolean v = r.getBoolean(column);
    return r.wasNull() ? null : v;
  }

  /**
   * The extra columns a row kept (a discount code, a loyalty tier), from a table's {@code
   * attributes} JSON column read as text; {@code table} names it in the message of a bad value.
   */
  public static Map<String, String> attributes(String json, String table) {
    return attributes(json, table, null, null);
  }

  /**
   * {@link #attributes(String, String)} with its names and values shared through {@code names} and
   * {@code values} (null: not shared): apart, so that a free-text attribute that fills its words
   * leaves the names shared.
   */
  private static Map<String, String> attributes(
      String json, String table, Words names, Words values) {
    if (json == null || json.isBlank() || json.equals("{}")) {
      return Map.of();
    }
    try {
      var node = RunOutputs.JSON.readTree(json);
      var out = new java.util.LinkedHashMap<String, String>();
      node.properties()
          .forEach(
              e ->
                  out.put(
                      Words.of(names, e.getKey()),
                      e.getValue().isNull() ? null : Words.of(values, e.getValue().asText())));
      return out;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalStateException(table + ".attributes holds invalid JSON: " + e, e);
    }
  }

  static Instant micros(long us) {
    return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000), Math.floorMod(us, 1_000_000) * 1000);
  }

  /** Maps one row; returns null to skip it. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private <T> Stream<T> query(String sql, RowMapper<T> mapper) {
    return stream(store, sql, mapper);
  }

  /** The rows of a query as a stream (close it to release the result set). */
  static <T> Stream<T> stream(Store store, String sql, RowMapper<T> mapper) {
    Statement statement;
    ResultSet rows;
    try {
      statement = store.connection().createStatement();
      rows = statement.executeQuery(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("reading the store failed: " + e.getMessage(), e);
    }
    Spliterator<T> split =
        new Spliterators.AbstractSpliterator<T>(Long.MAX_VALUE, Spliterator.ORDERED) {
          @Override
          public boolean tryAdvance(Consumer<? super T> action) {
            try {
              while (rows.next()) {
                T value = mapper.map(rows);
                if (value != null) {
                  action.accept(value);
                  return true;
                }
              }
              return false;
            } catch (SQLException e) {
              throw new IllegalStateException("reading the store failed: " + e.getMessage(), e);
            }
          }
        };
    return StreamSupport.stream(split, false)
        .onClose(
            () -> {
              try {
                rows.close();
                statement.close();
              } catch (SQLException e) {
                throw new IllegalStateException("closing a store query failed", e);
              }
            });
  }
}
