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
    if (n >= scores.length) {
      // every score is kept: sort them all, no heap
      int[] all = new int[scores.length];
      int size = 0;
      for (int i = 0; i < scores.length; i++) {
        if (!Double.isNaN(scores[i])) {
          all[size++] = i;
        }
      }
      return sorted(all, size, scores);
    }
    int[] heap = new int[Math.max(0, n)];
    int size = 0;
    for (int i = 0; i < scores.length; i++) {
      if (!Double.isNaN(scores[i])) {
        size = offer(heap, size, n, i, scores);
      }
    }
    return sorted(heap, size, scores);
  }

  /**
   * As {@link #of}, among the indices {@code candidates[0..count-1]} only (distinct; the others
   * count as excluded): the same indices in the same order as {@link #of} on scores that are NaN
   * outside the candidates.
   */
  static int[] of(double[] scores, int[] candidates, int count, int n) {
    int[] heap = new int[Math.max(0, Math.min(n, count))];
    int size = 0;
    for (int c = 0; c < count; c++) {
      int i = candidates[c];
      if (!Double.isNaN(scores[i])) {
        size = offer(heap, size, heap.length, i, scores);
      }
    }
    return sorted(heap, size, scores);
  }

  /** Adds index i to the heap of at most n kept; returns the new size. */
  private static int offer(int[] heap, int size, int n, int i, double[] scores) {
    if (size < n) {
      heap[size] = i;
      siftUp(heap, size, scores);
      return size + 1;
    }
    if (n > 0 && better(i, heap[0], scores)) {
      heap[0] = i;
      siftDown(heap, size, scores);
    }
    return size;
  }

  /** {@code idx[0..size-1]} best first ("better" is a total order, so the order is unique). */
  private static int[] sorted(int[] idx, int size, double[] scores) {
    int[] a = Arrays.copyOf(idx, size);
    int[] tmp = new int[size];
    mergeSort(a, tmp, 0, size, scores);
    return a;
  }

  private static void mergeSort(int[] a, int[] tmp, int from, int to, double[] s) {
    if (to - from < 16) {
      for (int i = from + 1; i < to; i++) {
        int v = a[i];
        int j = i - 1;
        while (j >= from && better(v, a[j], s)) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    int mid = (from + to) >>> 1;
    mergeSort(a, tmp, from, mid, s);
    mergeSort(a, tmp, mid, to, s);
    System.arraycopy(a, from, tmp, from, to - from);
    int i = from;
    int j = mid;
    for (int k = from; k < to; k++) {
      if (j >= to || (i < mid && !better(tmp[j], tmp[i], s))) {
        a[k] = tmp[i++];
      } else {
        a[k] = tmp[j++];
      }
    }
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
