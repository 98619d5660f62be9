package io.tessera.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
  @Test
  void givenHitsAtRanks1And3Of4WithThreeRelevant_thenFiguresAsComputedByHand() {
    List<String> ranked = List.of("a", "b", "c", "d");
    Set<String> relevant = Set.of("a", "c", "z");
    // precision@4 = 2/4; recall@4 = 2/3; AP@4 = (1/1 + 2/3) / min(4, 3) = 0.5556.
    assertEquals(0.5, RankingMetrics.precisionAt(ranked, relevant, 4), 1e-12);
    assertEquals(2 / 3.0, RankingMetrics.recallAt(ranked, relevant, 4), 1e-12);
    assertEquals((1 + 2 / 3.0) / 3, RankingMetrics.averagePrecisionAt(ranked, relevant, 4), 1e-12);
    // At k = 10 a list of 4 still divides precision by 10; AP by min(10, 3) = 3.
    assertEquals(0.2, RankingMetrics.precisionAt(ranked, relevant, 10), 1e-12);
    assertEquals((1 + 2 / 3.0) / 3, RankingMetrics.averagePrecisionAt(ranked, relevant, 10), 1e-12);
    // k = 2: one hit (a); AP = 1 / min(2, 3).
    assertEquals(0.5, RankingMetrics.averagePrecisionAt(ranked, relevant, 2), 1e-12);
    assertEquals(0, RankingMetrics.recallAt(ranked, Set.of(), 4), 0);
    assertEquals(0.3, RankingMetrics.coverage(List.of("a", "b", "a", "c"), 10), 1e-12);
  }
}
