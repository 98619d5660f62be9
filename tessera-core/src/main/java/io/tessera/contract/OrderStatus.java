package io.tessera.contract;

import java.util.Locale;

/** What became of an order. Only completed orders count as purchases. */
public enum OrderStatus {
  COMPLETED,
  RETURNED,
  CANCELLED;

  /** The lower-case word used in files and JSON. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a status word case-insensitively; an empty value means completed.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static OrderStatus parse(String text) {
    if (text == null || text.isBlank()) {
      return COMPLETED;
    }
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "completed", "complete" -> COMPLETED;
      case "returned", "return", "refunded" -> RETURNED;
      case "cancelled", "canceled" -> CANCELLED;
      default ->
          throw new IllegalArgumentException(
              "status must be one of completed, returned, cancelled; got: " + text);
    };
  }
}
