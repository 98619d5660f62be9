package io.tessera.contract;

/** One line of an order. */
public record OrderItem(
    String orderId, String productId, String category, int quantity, double unitPrice) {

  public OrderItem {
    Fields.requireText(orderId, "order_id");
    Fields.requireText(productId, "product_id");
    if (!Double.isFinite(unitPrice) || unitPrice < 0) {
      throw new IllegalArgumentException("unit_price must be a non-negative number: " + unitPrice);
    }
  }

  public double lineTotal() {
    return quantity * unitPrice;
  }
}
