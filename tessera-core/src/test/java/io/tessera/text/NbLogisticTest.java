package io.tessera.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The naive Bayes log-odds and the stacking that folds three log-odds into one weight vector. */
class NbLogisticTest {
  // slots 1-3 (feature view) and 11-13 (term view): 1 and 11 positive, 2 and 12 negative
  private static final int[][] X = {{1, 3}, {1}, {1, 3}, {2, 3}, {2}, {2}};
  private static final int[][] XT = {{11}, {11, 13}, {11}, {12}, {12, 13}, {12}};
  private static final int[] Y = {1, 1, 1, 0, 0, 0};
  private static final int[] ALL = {0, 1, 2, 3, 4, 5};

  @Test
  void naiveBayesLogOddsAreTheSmoothedLogCountRatios() {
    NbLogistic m = NbLogistic.fit(X, XT, Y, ALL, 1e-3, 4, 1);
    double[] z = m.logits(new int[] {1}, new int[] {13});
    // slot 1: 3 of 5 positive feature occurrences, 0 of 4 negative, +0.5 each over 2^23 slots;
    // with balanced classes the log prior odds are 0
    double smooth = 0.5 * NgramFeatures.DIM;
    double r1 = Math.log(3.5 / (5 + smooth)) - Math.log(0.5 / (4 + smooth));
    assertThat(z[1]).isCloseTo(r1, within(1e-6));
    // term slot 13: once in each class; 4 positive and 4 negative term occurrences in all
    double r13 = Math.log(1.5 / (4 + smooth)) - Math.log(1.5 / (4 + smooth));
    assertThat(z[2]).isCloseTo(r13, within(1e-6));
    assertThat(z[0]).isGreaterThan(0);
  }

  @Test
  void stackedModelScoresTheWeightedSumOfTheThreeLogOdds() {
    NbLogistic m = NbLogistic.fit(X, XT, Y, ALL, 1e-3, 4, 1);
    double[] w = {0.7, 0.2, 0.3, -0.1};
    NbLogistic s = m.stacked(w);
    int[][] docs = {{1, 3}, {2}, {3}};
    int[][] terms = {{11, 13}, {12}, {13}};
    for (int i = 0; i < docs.length; i++) {
      double[] z = m.logits(docs[i], terms[i]);
      double expected = 1 / (1 + Math.exp(-(w[0] * z[0] + w[1] * z[1] + w[2] * z[2] + w[3])));
      assertThat(s.probability(NgramFeatures.union(docs[i], terms[i])))
          .isCloseTo(expected, within(1e-5));
    }
    assertThatThrownBy(() -> s.stacked(w)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.logits(docs[0], terms[0])).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void termViewSlotsAreSortedDistinctAndApartFromTheCharacterKinds() {
    int[] t = NgramFeatures.terms(java.util.List.of("좋", "아요", "좋"));
    // unigrams 좋 (twice, one slot), 아요; bigrams 좋 아요, 아요 좋; trigram 좋 아요 좋
    assertThat(t).hasSize(5).isSorted();
    int[] chars = NgramFeatures.of("좋", java.util.List.of("좋"), 1);
    assertThat(NgramFeatures.union(chars, t)).hasSize(chars.length + t.length);
  }
}
