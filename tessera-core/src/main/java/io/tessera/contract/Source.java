package io.tessera.contract;

import java.util.List;
import java.util.Locale;

/**
 * The contract's sources, each with its file stem and columns (required ones first). The column
 * names are public API (DESIGN.md "Data contract").
 */
public enum Source {
  CUSTOMERS(
      List.of("customer_id"),
      List.of(
          "email",
          "phone",
          "signup_at",
          "country",
          "region",
          "gender",
          "birth_year",
          "consent_analytics",
          "consent_marketing",
          "consent_profiling")),
  ORDERS(
      List.of("order_id", "customer_id", "ordered_at", "amount"),
      List.of("currency", "status", "channel")),
  ORDER_ITEMS(List.of("order_id", "product_id"), List.of("category", "quantity", "unit_price")),
  EVENTS(
      List.of("event_id", "type", "occurred_at"),
      List.of("customer_id", "anonymous_id", "device_id", "email", "session_id", "properties")),
  INTERACTIONS(
      List.of("interaction_id", "customer_id", "occurred_at"), List.of("channel", "kind", "text")),
  REVIEWS(
      List.of("review_id", "customer_id", "created_at"), List.of("rating", "product_id", "text"));

  private final List<String> required;
  private final List<String> optional;

  Source(List<String> required, List<String> optional) {
    this.required = required;
    this.optional = optional;
  }

  /** The file stem and the key used in configs and JSON outputs, e.g. {@code order_items}. */
  public String fileStem() {
    return name().toLowerCase(Locale.ROOT);
  }

  public List<String> requiredColumns() {
    return required;
  }

  public List<String> optionalColumns() {
    return optional;
  }

  /** Finds a source by its file stem, or throws naming the allowed stems. */
  public static Source fromStem(String stem) {
    for (Source s : values()) {
      if (s.fileStem().equals(stem)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown source '"
            + stem
            + "'; allowed: customers, orders, order_items, events, interactions, reviews");
  }
}
