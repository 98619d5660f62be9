package io.tessera.server.live;

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
import io.tessera.server.Db;
import io.tessera.server.collect.Records;
import io.tessera.store.Store;
import io.tessera.store.StoreRecords;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the store's canonical tables back into contract records and folds them with the batch
 * {@link ProfileFold}: the live engine starts from exactly the profiles a batch run computes.
 */
public final class ProfileStore {
  private ProfileStore() {}

  /**
   * The profiles of every customer with a linked record, by the batch fold over the store's records
   * as a batch run reads them ({@link StoreRecords}, events through {@link
   * StoreRecords#profileEvents}, the columns a profile reads), leaving out {@code excluded}
   * customers (no consent to profiling).
   */
  public static Map<CustomerId, CustomerProfile> fold(
      Store store, ProfileSettings settings, Set<String> excluded) {
    StoreRecords records = new StoreRecords(store, excluded);
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

  /** Anonymous events not yet linked to a customer, and their orders by event id. */
  public record Pending(List<Records.Converted> converted, Map<String, Order> orders) {}

  /** The events of anonymous visitors whose anonymous id no identify has linked yet. */
  public static Map<String, Pending> pendingAnonymous(
      Store store, Set<String> linked, String baseCurrency) throws SQLException {
    Map<String, Map<String, Order>> ordersByAnon = new HashMap<>();
    Map<String, List<OrderItem>> itemsByOrder = new HashMap<>();
    try (Statement s = store.connection().createStatement()) {
      try (ResultSet r =
          s.executeQuery(
              "SELECT anonymous_id, event_id, order_id, ordered_at, amount,"
                  + " CAST(attributes AS VARCHAR) FROM live_anonymous_orders")) {
        while (r.next()) {
          ordersByAnon
              .computeIfAbsent(r.getString(1), k -> new HashMap<>())
              .put(
                  r.getString(2),
                  new Order(
                      r.getString(3),
                      CustomerId.of("anonymous"),
                      Db.instant(r, 4),
                      Money.of(r.getDouble(5), baseCurrency),
                      OrderStatus.COMPLETED,
                      "live",
                      StoreRecords.attributes(r.getString(6), "live_anonymous_orders")));
        }
      }
      try (ResultSet r =
          s.executeQuery(
              "SELECT order_id, product_id, category, coalesce(quantity, 1), coalesce(unit_price,"
                  + " 0) FROM order_items WHERE order_id IN (SELECT order_id FROM"
                  + " live_anonymous_orders)")) {
        while (r.next()) {
          itemsByOrder
              .computeIfAbsent(r.getString(1), k -> new ArrayList<>())
              .add(
                  new OrderItem(
                      r.getString(1), r.getString(2), r.getString(3), r.getInt(4), r.getDouble(5)));
        }
      }
      Map<String, Pending> out = new HashMap<>();
      try (ResultSet r =
          s.executeQuery(
              "SELECT event_id, type, occurred_at, anonymous_id, device_id, session_id FROM events"
                  + " WHERE customer_id IS NULL AND anonymous_id IS NOT NULL AND NOT"
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
              out.computeIfAbsent(anon, k -> new Pending(new ArrayList<>(), new HashMap<>(orders)));
          p.converted().add(new Records.Converted(e, null, items));
        }
      }
      return out;
    }
  }
}
