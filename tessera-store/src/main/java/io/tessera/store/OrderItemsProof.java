package io.tessera.store;

import io.tessera.contract.Money;
import io.tessera.contract.OrderItem;
import java.time.Instant;

/**
 * The order items file's {@link FastPath.Proof}: a line is proven when order_id and product_id are
 * unquoted printable ASCII without spaces or backslashes (the validator keeps them as they are),
 * category is empty or such a text, quantity is empty (1) or at most six digits, unit_price is
 * empty (0) or an unsigned decimal of at most 15 digits ({@link LineFields#decimal}), and the
 * digits before their points number at most ten together, so that quantity x unit price stays below
 * 10^10, inside {@link Money#MAX_AMOUNT}. DuckDB converts the numbers; a {@code J} row's are
 * Java's, written as its text, and go through the same conversion.
 */
final class OrderItemsProof implements FastPath.Proof {
  // contract columns (Source.ORDER_ITEMS: required, then optional)
  private static final int ORDER_ID = 0;
  private static final int PRODUCT_ID = 1;
  private static final int CATEGORY = 2;
  private static final int QUANTITY = 3;
  private static final int UNIT_PRICE = 4;

  /**
   * Digits before the point of quantity and unit price together: their product < 10^10, below
   * {@link Money#MAX_AMOUNT} (9 x 10^10).
   */
  private static final int PRODUCT_DIGITS = 10;

  private final int[] at;

  /**
   * @param at each contract column's position in the header, -1 when absent
   */
  OrderItemsProof(int[] at) {
    this.at = at.clone();
  }

  @Override
  public String select(int c, String raw) {
    // the validator's defaults for a blank quantity (1) and unit price (0); a J row's values are
    // never blank, and an absent column's are these defaults too
    return switch (c) {
      case QUANTITY -> "coalesce(CAST(" + raw + " AS INTEGER), 1)";
      case UNIT_PRICE -> "coalesce(CAST(" + raw + " AS DOUBLE), 0)";
      default -> raw;
    };
  }

  @Override
  public String tail() {
    return "";
  }

  @Override
  public String[] stored(Object record) {
    OrderItem i = (OrderItem) record;
    return new String[] {
      i.orderId(),
      i.productId(),
      i.category(),
      Integer.toString(i.quantity()),
      Double.toString(i.unitPrice()) // as BulkWriter writes it: DuckDB reads back the same double
    };
  }

  @Override
  public Instant time(Object record) {
    return null;
  }

  @Override
  public boolean prove(byte[] b, int from, int to, long number, LineFields l, ByteOut out) {
    int c = at[CATEGORY];
    if (!l.token(b, at[ORDER_ID])
        || !l.token(b, at[PRODUCT_ID])
        || (!l.empty(c) && !l.token(b, c))) {
      return false;
    }
    int q = at[QUANTITY];
    int quantityDigits = 1; // a blank quantity is 1
    if (!l.empty(q)) {
      quantityDigits = l.decimal(b, q);
      if (quantityDigits < 1 || quantityDigits > 6 || quantityDigits != l.end[q] - l.start[q]) {
        return false; // not whole digits
      }
    }
    int p = at[UNIT_PRICE];
    int priceDigits = 0; // a blank unit price is 0
    if (!l.empty(p)) {
      priceDigits = l.decimal(b, p);
      if (priceDigits < 1) {
        return false;
      }
    }
    if (quantityDigits + priceDigits > PRODUCT_DIGITS) {
      return false;
    }
    FastPath.row(out, number, b, from, to, l, -1, null);
    return true;
  }
}
