package io.tessera.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The allocation-free type lookups give what the general spelling rules give. */
class EventTypeTest {
  @Test
  void eventTypesShouldBeFoundByWireNameConstantNameAndLooseSpelling() {
    for (EventType t : EventType.values()) {
      if (t == EventType.CUSTOM) {
        continue;
      }
      assertThat(EventType.fromWire(t.wireName())).isEqualTo(t);
      assertThat(EventType.fromWire(t.name())).isEqualTo(t);
      assertThat(EventType.fromWire(" " + t.wireName().replace('_', ' ').toUpperCase(Locale.ROOT)))
          .isEqualTo(t);
      assertThat(EventType.fromWire(t.wireName().replace('_', '-'))).isEqualTo(t);
      assertThat(t.wireName()).isEqualTo(t.name().toLowerCase(Locale.ROOT));
    }
    assertThat(EventType.ADD_TO_CART.wireName()).isEqualTo("add_to_cart");
    assertThat(EventType.fromWire("custom")).isEqualTo(EventType.CUSTOM);
    assertThat(EventType.fromWire("Wishlist Shared")).isEqualTo(EventType.CUSTOM);
    assertThatThrownBy(() -> EventType.fromWire(" ")).hasMessage("type is empty");
    assertThatThrownBy(() -> EventType.fromWire(null)).hasMessage("type is empty");
  }
}
