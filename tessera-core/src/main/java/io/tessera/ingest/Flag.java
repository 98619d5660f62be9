package io.tessera.ingest;

import java.util.Locale;

/** A finding about an accepted row: the row is kept and counted under "flagged". */
public enum Flag {
  /** An event of an id that behaves like a bot; excluded from profiles. */
  BOT,
  /** An order with the same customer and amount as another within 60 seconds. */
  NEAR_DUPLICATE_ORDER,
  /** A returned or cancelled order: kept, but not counted as a purchase. */
  RETURN_OR_CANCELLATION,
  /** An order or event whose customer is not in the customers file. */
  UNKNOWN_CUSTOMER,
  /** An order item whose order is not among the accepted orders. */
  ORPHAN_ORDER_ITEM;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
