package io.tessera.contract;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

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

  // the wire names, and every known type by its wire name and its constant name: the live engine
  // and the fold look a type up once or more per event, so the common spellings cost no allocation.
  // Sized so that its 24 names rarely share a bucket: at the default size most lookups walked a
  // chain, comparing strings, and the lookup was a sixth of the fold's samples at 100,000
  // customers (a reader that hands out wireName()'s instance, as the store's events do, then
  // matches on the first node by reference)
  private final String wire = name().toLowerCase(Locale.ROOT);
  private static final Map<String, EventType> EXACT = new HashMap<>(256);

  static {
    for (EventType t : values()) {
      if (t != CUSTOM) {
        EXACT.put(t.wire, t);
        EXACT.put(t.name(), t);
      }
    }
  }

  public String wireName() {
    return wire;
  }

  /** Maps a type word from a file to a known type, or {@link #CUSTOM}. */
  public static EventType fromWire(String text) {
    EventType exact = text == null ? null : EXACT.get(text);
    if (exact != null) {
      return exact;
    }
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
