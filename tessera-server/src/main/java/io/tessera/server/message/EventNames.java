package io.tessera.server.message;

import io.tessera.contract.EventType;
import java.util.Locale;
import java.util.Map;

/**
 * Maps Segment event names onto the contract's event types: the names of Segment's e-commerce,
 * email and mobile specs ("Product Added" → add_to_cart), else a contract type written as a name
 * ("add_to_cart", "Add To Cart"), else the name itself (a custom event, kept as written).
 */
public final class EventNames {
  private static final Map<String, EventType> SPEC =
      Map.ofEntries(
          Map.entry("page_view", EventType.PAGE_VIEW),
          Map.entry("products searched", EventType.SEARCH),
          Map.entry("product viewed", EventType.PRODUCT_VIEW),
          Map.entry("product added", EventType.ADD_TO_CART),
          Map.entry("product removed", EventType.REMOVE_FROM_CART),
          Map.entry("checkout started", EventType.CHECKOUT_STARTED),
          Map.entry("order completed", EventType.PURCHASE),
          Map.entry("email opened", EventType.EMAIL_OPEN),
          Map.entry("email link clicked", EventType.EMAIL_CLICK),
          Map.entry("push notification tapped", EventType.PUSH_OPEN),
          Map.entry("push notification opened", EventType.PUSH_OPEN),
          Map.entry("application opened", EventType.APP_OPEN),
          Map.entry("signed in", EventType.LOGIN));

  // the same names as an array, for the lookup without lower-casing
  private static final String[] NAMES = SPEC.keySet().toArray(String[]::new);

  private EventNames() {}

  /** The type word stored for a Segment event name (a contract wire name or the custom name). */
  public static String typeOf(String segmentName) {
    String name = segmentName.strip();
    EventType spec = spec(name);
    if (spec != null) {
      return spec.wireName();
    }
    EventType t = EventType.fromWire(name);
    return t == EventType.CUSTOM ? name : t.wireName();
  }

  /**
   * The spec's type of a name in any case, or null. Called up to three times per collected event,
   * so an ASCII name (every spec name is one) is compared ignoring case instead of lower-cased into
   * a new string; for ASCII text the two agree, other text is lower-cased as before.
   */
  private static EventType spec(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) > 127) {
        return SPEC.get(name.toLowerCase(Locale.ROOT));
      }
    }
    for (String n : NAMES) {
      if (n.length() == name.length() && n.equalsIgnoreCase(name)) {
        return SPEC.get(n);
      }
    }
    return null;
  }
}
