package io.tessera.server.message;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.EventType;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.OrderStatus;
import io.tessera.ingest.FieldParser;
import io.tessera.ingest.RecordRules;
import io.tessera.ingest.Rejection;
import io.tessera.profile.DiscountUse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a track/page/screen message into contract records: one {@link Event}, and for "Order
 * Completed" also an {@link Order} (id {@code properties.order_id}, amount {@code
 * properties.revenue}, else {@code total}, else the sum of the products) with one {@link OrderItem}
 * per entry of {@code properties.products} (product_id or sku, category, quantity, price). Amounts
 * and lines pass the batch rules ({@link RecordRules}): bounded, and a completed order's amount is
 * not negative; a refused value answers 400 with the same reason a batch row gets.
 */
public final class Records {
  private Records() {}

  /** What one behavioural message becomes for a customer (or an anonymous visitor: null). */
  public record Converted(Event event, Order order, List<OrderItem> items) {
    public Converted {
      items = List.copyOf(items);
    }
  }

  /**
   * Converts a message for the given customer (null while the visitor is anonymous, in which case
   * no order is made yet).
   *
   * @throws io.tessera.server.http.ApiException naming the field when a value is unusable
   */
  public static Converted convert(
      SegmentMessage m, CustomerId customer, String baseCurrency, String where) {
    String type = EventNames.typeOf(m.event());
    Event event = event(m, type, customer, where);
    if (!type.equals(EventType.PURCHASE.wireName())) {
      return new Converted(event, null, List.of());
    }
    JsonNode p = m.properties();
    String orderId = orderId(m);
    List<OrderItem> items = items(p, orderId, where);
    double sum = 0;
    for (OrderItem i : items) {
      sum += i.quantity() * i.unitPrice();
    }
    String amountField =
        where
            + (p.has("revenue")
                ? ".properties.revenue"
                : p.has("total") ? ".properties.total" : ".properties.products");
    double amount =
        p.has("revenue")
            ? number(p.path("revenue"), amountField, 0)
            : p.has("total") ? number(p.path("total"), amountField, 0) : sum;
    double checked = amount;
    check(
        () -> RecordRules.checkOrderAmount(checked, OrderStatus.COMPLETED, amountField),
        amountField);
    String currency = text(p.path("currency"));
    currency = currency == null ? baseCurrency : currency.toUpperCase(Locale.ROOT);
    if (!currency.equals(baseCurrency)) {
      throw SegmentMessage.invalid(
          where + ".properties.currency",
          "is "
              + currency
              + " but this store's base currency is "
              + baseCurrency
              + "; convert the amount before sending (rates are not applied live)");
    }
    if (customer == null) {
      return new Converted(event, null, items);
    }
    Order order =
        new Order(
            orderId,
            customer,
            m.timestamp(),
            Money.of(amount, currency),
            OrderStatus.COMPLETED,
            "live",
            orderAttributes(p));
    return new Converted(event, order, items);
  }

  private static Event event(SegmentMessage m, String type, CustomerId customer, String where) {
    String device = text(m.context().path("device").path("id"));
    String session = text(m.properties().path("session_id"));
    try {
      return new Event(
          m.messageId(),
          type,
          m.timestamp(),
          customer,
          m.anonymousId(),
          device,
          null,
          session,
          m.properties().isEmpty() ? null : m.properties().toString());
    } catch (IllegalArgumentException e) {
      throw SegmentMessage.invalid(where, e.getMessage());
    }
  }

  /** The order's lines from {@code properties.products}, each checked by the batch rules. */
  private static List<OrderItem> items(JsonNode p, String orderId, String where) {
    List<OrderItem> items = new ArrayList<>();
    JsonNode products = p.path("products");
    if (!products.isMissingNode() && !products.isNull() && !products.isArray()) {
      throw SegmentMessage.invalid(where + ".properties.products", "must be an array");
    }
    for (int i = 0; i < products.size(); i++) {
      JsonNode pr = products.get(i);
      String at = where + ".properties.products[" + i + "]";
      String id = text(pr.path("product_id"));
      if (id == null) {
        id = text(pr.path("sku"));
      }
      if (id == null) {
        throw SegmentMessage.invalid(at, "needs a product_id or sku");
      }
      int quantity = quantity(pr.path("quantity"), at + ".quantity");
      double price = number(pr.path("price"), at + ".price", 0);
      if (quantity < 0) {
        throw SegmentMessage.invalid(at + ".quantity", "must be a non-negative whole number");
      }
      check(() -> RecordRules.checkLine(quantity, price, at), at);
      try {
        items.add(new OrderItem(orderId, id, text(pr.path("category")), quantity, price));
      } catch (IllegalArgumentException e) {
        throw SegmentMessage.invalid(at, e.getMessage());
      }
    }
    return items;
  }

  /**
   * The id of the order a message makes: {@code properties.order_id}, else the messageId, for an
   * "Order Completed" (purchase) track message; null for any other message.
   */
  public static String orderId(SegmentMessage m) {
    if (m.event() == null
        || m.type().equals("identify")
        || m.type().equals("alias")
        || !EventNames.typeOf(m.event()).equals(EventType.PURCHASE.wireName())) {
      return null;
    }
    String id = text(m.properties().path("order_id"));
    return id == null ? m.messageId() : id;
  }

  /**
   * The order's attributes from its properties: Segment's {@code coupon} becomes the {@code
   * discount_code} a batch orders file carries, so profiles count discounted orders the same way.
   */
  static Map<String, String> orderAttributes(JsonNode properties) {
    String coupon = text(properties.path("coupon"));
    return coupon == null ? Map.of() : Map.of(DiscountUse.ATTRIBUTE, coupon);
  }

  private static String text(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return null;
    }
    String s = n.asText().strip();
    return s.isEmpty() ? null : s;
  }

  /** A JSON number, or a string read as a batch file's number is read ({@link FieldParser}). */
  private static double number(JsonNode n, String field, double missing) {
    if (n.isMissingNode() || n.isNull()) {
      return missing;
    }
    double v;
    if (n.isNumber()) {
      v = n.asDouble();
    } else if (n.isTextual()) {
      try {
        v = FieldParser.parseDouble(n.asText(), field);
      } catch (Rejection r) {
        throw SegmentMessage.rejected(r, field);
      }
    } else {
      throw SegmentMessage.invalid(field, "must be a number");
    }
    if (!Double.isFinite(v)) {
      throw SegmentMessage.invalid(field, "must be a finite number");
    }
    return v;
  }

  /** A quantity: absent is 1; otherwise a whole number as a batch file's is read. */
  private static int quantity(JsonNode n, String field) {
    if (n.isMissingNode() || n.isNull()) {
      return 1;
    }
    if (!n.isNumber() && !n.isTextual()) {
      throw SegmentMessage.invalid(field, "must be a whole number");
    }
    if (n.isNumber() && !Double.isFinite(n.asDouble())) {
      throw SegmentMessage.invalid(field, "must be a finite whole number");
    }
    try {
      // a JSON number as written without exponent (2, not 2.0E0), so it reads like a file's text
      String text = n.isNumber() ? n.decimalValue().toPlainString() : n.asText();
      Integer q = FieldParser.optionalInt(text, field);
      return q == null ? 1 : q;
    } catch (Rejection r) {
      throw SegmentMessage.rejected(r, field);
    }
  }

  @FunctionalInterface
  private interface Check {
    void run() throws Rejection;
  }

  private static void check(Check c, String field) {
    try {
      c.run();
    } catch (Rejection r) {
      throw SegmentMessage.rejected(r, field);
    }
  }
}
