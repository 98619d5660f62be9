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

  /**
   * A fit in a compact slot space (ids standing for the slots in their order) is the full-space fit
   * bit for bit: the same log-odds on every document and, expanded, the same saved weights.
   */
  @Test
  void aFitInACompactSlotSpaceIsTheFullSpaceFitBitForBit() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
    int n = 400;
    int[][] x = new int[n][];
    int[][] xt = new int[n][];
    int[] y = new int[n];
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rnd.nextInt(2);
      all[i] = i;
      x[i] = slots(rnd, 30, y[i]);
      xt[i] = slots(rnd, 6, y[i]);
    }
    java.util.TreeSet<Integer> used = new java.util.TreeSet<>();
    for (int i = 0; i < n; i++) {
      for (int j : x[i]) {
        used.add(j);
      }
      for (int j : xt[i]) {
        used.add(j);
      }
    }
    int[] slots = used.stream().mapToInt(Integer::intValue).toArray();
    java.util.Map<Integer, Integer> id = new java.util.HashMap<>();
    for (int c = 0; c < slots.length; c++) {
      id.put(slots[c], c);
    }
    java.util.function.Function<int[], int[]> compact =
        r -> java.util.Arrays.stream(r).map(id::get).toArray();
    int[][] xc = java.util.Arrays.stream(x).map(compact).toArray(int[][]::new);
    int[][] xtc = java.util.Arrays.stream(xt).map(compact).toArray(int[][]::new);

    NbLogistic full = NbLogistic.fit(x, xt, y, all, 1e-3, 4, 9);
    NbLogistic small = NbLogistic.fit(xc, xtc, y, all, 1e-3, 4, 9, slots.length);
    for (int i = 0; i < n; i++) {
      assertThat(small.logits(xc[i], xtc[i])).containsExactly(full.logits(x[i], xt[i]));
    }
    double[] w = {0.8, 0.1, 0.2, 0.05};
    NbLogistic fullStacked = full.stacked(w);
    NbLogistic smallStacked = small.stacked(w).expanded(slots);
    assertThat(smallStacked.weightsBase64()).isEqualTo(fullStacked.weightsBase64());
    assertThat(smallStacked.bias()).isEqualTo(fullStacked.bias());
    assertThat(small.expanded(slots).logits(x[0], xt[0])).containsExactly(full.logits(x[0], xt[0]));
  }

  /**
   * The penalties fitted side by side are each penalty's own fit bit for bit: four penalties (a
   * group of three and one padded), the last so strong that the weights' scale falls below 1e-9 and
   * is folded back into them; trained on two thirds of the rows, log-odds compared on all.
   */
  @Test
  void penaltiesFittedSideBySideAreEachPenaltysOwnFitBitForBit() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
    int n = 300;
    int size = 400;
    int[][] x = new int[n][];
    int[][] xt = new int[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rnd.nextInt(2);
      x[i] = compactSlots(rnd, 25, y[i], size);
      xt[i] = compactSlots(rnd, 5, y[i], size);
    }
    int[] train = java.util.stream.IntStream.range(0, n).filter(i -> i % 3 != 0).toArray();
    double[] lambdas = {3e-4, 1e-3, 3e-3, 4.999999};
    NbLogistic[] each = NbLogistic.fitEach(x, xt, y, train, lambdas, 8, 11, size);
    assertThat(each).hasSize(lambdas.length);
    double[] w = {0.8, 0.1, 0.2, 0.05};
    for (int l = 0; l < lambdas.length; l++) {
      NbLogistic alone = NbLogistic.fit(x, xt, y, train, lambdas[l], 8, 11, size);
      for (int i = 0; i < n; i++) {
        assertThat(each[l].logits(x[i], xt[i]))
            .as("penalty %s, row %d", lambdas[l], i)
            .containsExactly(alone.logits(x[i], xt[i]));
      }
      assertThat(each[l].stacked(w).expanded(identity(size)).weightsBase64())
          .isEqualTo(alone.stacked(w).expanded(identity(size)).weightsBase64());
    }
    // the penalties are not all alike: the strongest shrinks the log-odds of the first row most
    assertThat(Math.abs(each[3].logits(x[0], xt[0])[0]))
        .isLessThan(Math.abs(each[0].logits(x[0], xt[0])[0]));
  }

  private static int[] identity(int size) {
    return java.util.stream.IntStream.range(0, size).toArray();
  }

  // sorted distinct slots below size, a few tied to the label
  private static int[] compactSlots(java.util.SplittableRandom rnd, int m, int label, int size) {
    java.util.TreeSet<Integer> s = new java.util.TreeSet<>();
    while (s.size() < m) {
      s.add(rnd.nextInt(size));
      s.add(label * 20 + rnd.nextInt(20));
    }
    return s.stream().mapToInt(Integer::intValue).toArray();
  }

  // sorted distinct slots spread over the whole hashed space, a few tied to the label
  private static int[] slots(java.util.SplittableRandom rnd, int m, int label) {
    java.util.TreeSet<Integer> s = new java.util.TreeSet<>();
    while (s.size() < m) {
      s.add(rnd.nextInt(NgramFeatures.DIM));
      s.add(label * 1000 + rnd.nextInt(50));
    }
    return s.stream().mapToInt(Integer::intValue).toArray();
  }
}
