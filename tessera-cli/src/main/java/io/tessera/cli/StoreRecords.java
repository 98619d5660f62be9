package io.tessera.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.contract.Customer;
import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Interaction;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.OrderStatus;
import io.tessera.contract.Review;
import io.tessera.profile.ProfileFold;
import io.tessera.profile.ProfileTable;
import io.tessera.store.RunOutputs;
import io.tessera.store.Store;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads the store's canonical tables back as contract records, for the stages that fold profiles.
 * Timestamps are stored in UTC. Event rows flagged as bots and rows of excluded customers are left
 * out.
 */
final class StoreRecords {
  private final Store store;
  private final Set<String> excluded;

  StoreRecords(Store store, Set<String> excluded) {
    this.store = store;
    this.excluded = Set.copyOf(excluded);
  }

  /** Completed and other orders with their customer, up to (not including) {@code until}. */
  List<Order> orders(Instant until) throws SQLException {
    List<Order> out = new ArrayList<>();
    query(
        "SELECT order_id, customer_id, ordered_at, amount, currency, status, channel FROM orders"
            + " WHERE customer_id IS NOT NULL AND ordered_at IS NOT NULL"
            + before("ordered_at", until),
        r -> {
          String id = r.getString(2);
          if (excluded.contains(id)) {
            return;
          }
          String currency = r.getString(5);
          out.add(
              new Order(
                  r.getString(1),
                  CustomerId.of(id),
                  instant(r.getTimestamp(3)),
                  Money.of(r.getDouble(4), currency == null ? "USD" : currency),
                  r.getString(6) == null ? null : OrderStatus.parse(r.getString(6)),
                  r.getString(7),
                  null));
        });
    return out;
  }

  /** The customers file's rows. */
  List<Customer> customers() throws SQLException {
    List<Customer> out = new ArrayList<>();
    query(
        "SELECT customer_id, country, region, gender, birth_year, attributes FROM customers"
            + " WHERE customer_id IS NOT NULL",
        r -> {
          String id = r.getString(1);
          if (excluded.contains(id)) {
            return;
          }
          Map<String, String> attributes = new LinkedHashMap<>();
          String json = r.getString(6);
          if (json != null && !json.isBlank()) {
            try {
              JsonNode node = RunOutputs.JSON.readTree(json);
              node.properties()
                  .forEach(
                      e ->
                          attributes.put(
                              e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
            } catch (java.io.IOException e) {
              throw new IllegalStateException("customer " + id + ": attributes are not JSON", e);
            }
          }
          attributes.values().removeIf(v -> v == null);
          Object birth = r.getObject(5);
          out.add(
              new Customer(
                  CustomerId.of(id),
                  null,
                  null,
                  null,
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  birth == null ? null : ((Number) birth).intValue(),
                  null,
                  attributes));
        });
    return out;
  }

  /** Folds profiles from the store's records before {@code until}. */
  ProfileTable fold(ProfileFold.Options options) throws SQLException {
    Instant until = options.until();
    List<Statement> open = new ArrayList<>();
    try {
      ProfileFold.Inputs inputs =
          new ProfileFold.Inputs(
              orders(until).stream(),
              stream(
                  open,
                  "SELECT i.order_id, i.product_id, i.category, i.quantity, i.unit_price FROM"
                      + " order_items i JOIN orders o USING (order_id) WHERE o.customer_id IS NOT"
                      + " NULL"
                      + before("o.ordered_at", until),
                  r ->
                      new OrderItem(
                          r.getString(1),
                          r.getString(2),
                          r.getString(3),
                          r.getObject(4) == null ? 1 : r.getInt(4),
                          r.getObject(5) == null ? 0 : r.getDouble(5))),
              stream(
                  open,
                  "SELECT event_id, type, occurred_at, customer_id, session_id, properties FROM"
                      + " events WHERE customer_id IS NOT NULL AND NOT coalesce(is_bot, false)"
                      + before("occurred_at", until),
                  r ->
                      new Event(
                          r.getString(1),
                          r.getString(2),
                          instant(r.getTimestamp(3)),
                          CustomerId.of(r.getString(4)),
                          null,
                          null,
                          null,
                          r.getString(5),
                          r.getString(6))),
              stream(
                  open,
                  "SELECT interaction_id, customer_id, occurred_at, channel, kind, text FROM"
                      + " interactions WHERE customer_id IS NOT NULL"
                      + before("occurred_at", until),
                  r ->
                      new Interaction(
                          r.getString(1),
                          CustomerId.of(r.getString(2)),
                          instant(r.getTimestamp(3)),
                          r.getString(4) == null ? null : Interaction.Channel.parse(r.getString(4)),
                          r.getString(5) == null ? null : Interaction.Kind.parse(r.getString(5)),
                          null)),
              stream(
                  open,
                  "SELECT review_id, customer_id, created_at, rating, product_id FROM reviews"
                      + " WHERE customer_id IS NOT NULL"
                      + before("created_at", until),
                  r ->
                      new Review(
                          r.getString(1),
                          CustomerId.of(r.getString(2)),
                          instant(r.getTimestamp(3)),
                          r.getObject(4) == null ? null : r.getInt(4),
                          r.getString(5),
                          null)));
      return ProfileFold.fold(inputs, options);
    } finally {
      for (Statement s : open) {
        s.close();
      }
    }
  }

  private static String before(String column, Instant until) {
    return until == null
        ? ""
        : " AND "
            + column
            + " < TIMESTAMP '"
            + LocalDateTime.ofInstant(until, ZoneOffset.UTC)
            + "'";
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toLocalDateTime().toInstant(ZoneOffset.UTC);
  }

  interface RowReader<T> {
    T read(ResultSet r) throws SQLException;
  }

  interface RowConsumer {
    void accept(ResultSet r) throws SQLException;
  }

  private void query(String sql, RowConsumer consumer) throws SQLException {
    try (Statement s = store.connection().createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        consumer.accept(r);
      }
    }
  }

  /**
   * A lazy stream over a query's rows (the statement is closed by the caller), skipping excluded
   * customers' rows.
   */
  private <T extends Record> Stream<T> stream(List<Statement> open, String sql, RowReader<T> reader)
      throws SQLException {
    Statement s = store.connection().createStatement();
    open.add(s);
    ResultSet r = s.executeQuery(sql);
    Spliterator<T> it =
        new Spliterators.AbstractSpliterator<T>(Long.MAX_VALUE, Spliterator.ORDERED) {
          @Override
          public boolean tryAdvance(Consumer<? super T> action) {
            try {
              while (r.next()) {
                T t = reader.read(r);
                if (!isExcluded(t)) {
                  action.accept(t);
                  return true;
                }
              }
              return false;
            } catch (SQLException e) {
              throw new IllegalStateException("reading the store failed: " + e.getMessage(), e);
            }
          }
        };
    return StreamSupport.stream(it, false);
  }

  private boolean isExcluded(Record r) {
    if (excluded.isEmpty()) {
      return false;
    }
    CustomerId id =
        switch (r) {
          case Event e -> e.customerId();
          case Interaction i -> i.customerId();
          case Review v -> v.customerId();
          default -> null;
        };
    return id != null && excluded.contains(id.value());
  }
}
