package io.tessera.recommend;

import java.util.Arrays;

/** The n largest scores of an array, best first; ties by the lower index (deterministic). */
final class TopN {
  private TopN() {}

  /**
   * The indices of the {@code n} largest finite scores, best first, skipping {@code NaN} (the mark
   * of an excluded item).
   */
  static int[] of(double[] scores, int n) {
    int[] heap = new int[Math.max(0, n)];
    int size = 0;
    for (int i = 0; i < scores.length; i++) {
      double s = scores[i];
      if (Double.isNaN(s)) {
        continue;
      }
      if (size < n) {
        heap[size] = i;
        siftUp(heap, size++, scores);
      } else if (n > 0 && better(i, heap[0], scores)) {
        heap[0] = i;
        siftDown(heap, size, scores);
      }
    }
    Integer[] boxed = new Integer[size];
    for (int k = 0; k < size; k++) {
      boxed[k] = heap[k];
    }
    Arrays.sort(boxed, (a, b) -> better(a, b, scores) ? -1 : better(b, a, scores) ? 1 : 0);
    int[] out = new int[size];
    for (int k = 0; k < size; k++) {
      out[k] = boxed[k];
    }
    return out;
  }

  private static boolean better(int a, int b, double[] s) {
    return s[a] > s[b] || (s[a] == s[b] && a < b);
  }

  // A min-heap by "better": the root is the worst of the kept ones.
  private static void siftUp(int[] h, int k, double[] s) {
    while (k > 0) {
      int parent = (k - 1) / 2;
      if (better(h[parent], h[k], s)) {
        int t = h[parent];
        h[parent] = h[k];
        h[k] = t;
        k = parent;
      } else {
        return;
      }
    }
  }

  private static void siftDown(int[] h, int size, double[] s) {
    int k = 0;
    while (true) {
      int l = 2 * k + 1;
      int r = l + 1;
      int worst = k;
      if (l < size && better(h[worst], h[l], s)) {
        worst = l;
      }
      if (r < size && better(h[worst], h[r], s)) {
        worst = r;
      }
      if (worst == k) {
        return;
      }
      int t = h[worst];
      h[worst] = h[k];
      h[k] = t;
      k = worst;
    }
  }
}
