package io.tessera.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The compact set of stored message ids answers as a set of the strings does. */
class MessageIdsTest {
  @Test
  void answersAsAHashSetOfTheIdsThroughSeveralGrowths() {
    MessageIds ids = new MessageIds();
    Set<String> expected = new HashSet<>();
    Random random = new Random(14);
    // 300,000 additions, about a third of them repeats, so the table doubles several times
    for (int i = 0; i < 300_000; i++) {
      String id = "m-" + random.nextInt(200_000);
      assertThat(ids.add(id)).as(id).isEqualTo(expected.add(id));
    }
    assertThat(ids.size()).isEqualTo(expected.size()).isGreaterThan(100_000);
    for (int i = 0; i < 200_000; i++) {
      String id = "m-" + i;
      assertThat(ids.contains(id)).as(id).isEqualTo(expected.contains(id));
    }
    for (String id : expected) {
      assertThat(ids.add(id)).as("again " + id).isFalse();
    }
    assertThat(ids.contains("m-200000")).isFalse();
  }

  @Test
  void tellsApartIdsThatDifferInOneCharacterOrByCase() {
    MessageIds ids = new MessageIds();
    assertThat(ids.add("order-1")).isTrue();
    assertThat(ids.add("order-2")).isTrue();
    assertThat(ids.add("Order-1")).isTrue();
    assertThat(ids.add("order-1 ")).isTrue();
    assertThat(ids.add("")).isTrue();
    assertThat(ids.add("주문-1")).isTrue();
    assertThat(ids.add("주문-1")).isFalse();
    assertThat(ids.add("order-1")).isFalse();
    assertThat(ids.add("")).isFalse();
    assertThat(ids.size()).isEqualTo(6);
  }

  @Test
  void clearForgetsEverything() {
    MessageIds ids = new MessageIds();
    for (int i = 0; i < 100_000; i++) {
      ids.add("x" + i);
    }
    ids.clear();
    assertThat(ids.size()).isZero();
    assertThat(ids.contains("x1")).isFalse();
    assertThat(ids.add("x1")).isTrue();
  }
}
