package io.tessera.server.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Segment event names map onto contract types in any case, without changing other names. */
class EventNamesTest {
  @Test
  void specNamesShouldMatchInAnyCaseAndOtherNamesStayAsWritten() {
    assertThat(EventNames.typeOf("Product Added")).isEqualTo("add_to_cart");
    assertThat(EventNames.typeOf("PRODUCT ADDED")).isEqualTo("add_to_cart");
    assertThat(EventNames.typeOf("  product added ")).isEqualTo("add_to_cart");
    assertThat(EventNames.typeOf("Order Completed")).isEqualTo("purchase");
    assertThat(EventNames.typeOf("Push Notification Opened")).isEqualTo("push_open");
    assertThat(EventNames.typeOf("page_view")).isEqualTo("page_view");
    assertThat(EventNames.typeOf("Add To Cart")).isEqualTo("add_to_cart");
    assertThat(EventNames.typeOf("add_to_cart")).isEqualTo("add_to_cart");
    assertThat(EventNames.typeOf("Product Added!")).isEqualTo("Product Added!");
    assertThat(EventNames.typeOf("Wishlist Shared")).isEqualTo("Wishlist Shared");
    // non-ASCII text is lower-cased as before: a dotted capital I is not an i
    assertThat(EventNames.typeOf("PRODUCT V\u0130EWED")).isEqualTo("PRODUCT V\u0130EWED");
    assertThat(EventNames.typeOf("Produkt hinzugef\u00fcgt")).isEqualTo("Produkt hinzugef\u00fcgt");
  }
}
