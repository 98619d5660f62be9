package io.tessera.pipeline.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.segment.rfm.RfmGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A row holds its cluster probabilities as given, in order, and nothing for none. */
class CustomerRowTest {
  private static CustomerRow row(Map<String, Double> probabilities) {
    return new CustomerRow(
        "c1",
        5.0,
        2.0,
        30.0,
        5,
        3,
        2,
        RfmGroup.values()[0],
        "cluster:1",
        "Loyal",
        0.2,
        0.9,
        1.1,
        40.0,
        "retention",
        List.of("a"),
        List.of("b"),
        0.3,
        "possible",
        null,
        probabilities);
  }

  @Test
  void givenNoMemberships_thenTheRowHoldsTheSharedEmptyMap() {
    // a row per customer: a copy of an empty map each was two objects a row (issue 14)
    assertThat(row(new LinkedHashMap<>()).clusterProbabilities()).isSameAs(Map.of());
  }

  @Test
  void givenMemberships_thenTheyAreCopiedInOrderAndUnmodifiable() {
    Map<String, Double> given = new LinkedHashMap<>();
    given.put("cluster:2", 0.7);
    given.put("cluster:1", 0.3);
    CustomerRow r = row(given);
    given.clear();
    assertThat(r.clusterProbabilities())
        .containsExactly(Map.entry("cluster:2", 0.7), Map.entry("cluster:1", 0.3));
    assertThatThrownBy(() -> r.clusterProbabilities().put("x", 1.0))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(row(Map.of())).isEqualTo(row(new LinkedHashMap<>()));
  }
}
