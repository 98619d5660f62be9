package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A column's few distinct values share one string each; a free-text column is not pooled. */
class StoreRecordsWordsTest {
  @Test
  void givenEqualValuesInNewStrings_whenPooled_thenTheFirstInstanceIsReturned() {
    Words words = new Words();
    String first = new String("EUR");
    String again = new String("EUR");
    assertThat(again).isNotSameAs(first);
    assertThat(words.of(first)).isSameAs(first);
    assertThat(words.of(again)).isSameAs(first);
    assertThat(words.of(null)).isNull();
  }

  @Test
  void givenMoreDistinctValuesThanTheBound_thenLaterOnesAreReturnedAsGiven() {
    Words words = new Words();
    for (int i = 0; i < Words.MAX; i++) {
      words.of("w" + i);
    }
    String late = new String("late");
    assertThat(words.of(late)).isSameAs(late);
    assertThat(words.of(new String("late"))).isEqualTo("late").isNotSameAs(late);
    String early = new String("w0");
    assertThat(words.of(early)).isEqualTo("w0").isNotSameAs(early);
  }
}
