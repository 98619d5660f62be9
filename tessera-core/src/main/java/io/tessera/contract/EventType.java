package io.tessera.contract;

import java.util.Locale;

/** The event types the contract names; anything else is kept as {@link #CUSTOM}. */
public enum EventType {
  PAGE_VIEW,
  PRODUCT_VIEW,
  SEARCH,
  ADD_TO_CART,
  REMOVE_FROM_CART,
  CHECKOUT_STARTED,
  PURCHASE,
  EMAIL_OPEN,
  EMAIL_CLICK,
  PUSH_OPEN,
  APP_OPEN,
  LOGIN,
  CUSTOM;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Maps a type word from a file to a known type, or {@link #CUSTOM}. */
  public static EventType fromWire(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("type is empty");
    }
    String key = text.strip().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
    for (EventType t : values()) {
      if (t != CUSTOM && t.name().equals(key)) {
        return t;
      }
    }
    return CUSTOM;
  }
}
