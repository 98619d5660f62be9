package io.tessera.recommend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TopNTest {
  @Test
  void givenTiesAndExcludedScores_thenBestFirstTiesByLowerIndex() {
    double[] s = {0.5, Double.NaN, 0.9, 0.5, 0.1, 0.9, Double.NaN};
    assertArrayEquals(new int[] {2, 5, 0}, TopN.of(s, 3));
    // every score kept (no heap): the same order
    assertArrayEquals(new int[] {2, 5, 0, 3, 4}, TopN.of(s, 7));
    assertArrayEquals(new int[] {2, 5, 0, 3, 4}, TopN.of(s, 100));
    assertArrayEquals(new int[0], TopN.of(s, 0));
  }

  @Test
  void givenCandidates_thenTheSameAsTheWholeArrayWithTheOthersExcluded() {
    SplittableRandom random = new SplittableRandom(9);
    for (int trial = 0; trial < 200; trial++) {
      int m = 1 + random.nextInt(60);
      double[] scores = new double[m];
      for (int i = 0; i < m; i++) {
        // few distinct values, so that ties are common
        scores[i] = random.nextInt(5) == 0 ? Double.NaN : random.nextInt(6) / 2.0;
      }
      int[] candidates = new int[m];
      int count = 0;
      double[] masked = new double[m];
      java.util.Arrays.fill(masked, Double.NaN);
      // candidates in a scrambled order, as ItemCf gathers them
      for (int i = m - 1; i >= 0; i--) {
        int j = (i * 7 + 3) % m;
        if (random.nextBoolean() && Double.isNaN(masked[j]) && !Double.isNaN(scores[j])) {
          candidates[count++] = j;
          masked[j] = scores[j];
        }
      }
      int n = random.nextInt(12);
      assertArrayEquals(
          TopN.of(masked, n), TopN.of(scores, candidates, count, n), "trial " + trial);
    }
  }
}
