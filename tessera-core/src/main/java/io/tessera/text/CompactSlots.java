package io.tessera.text;

import java.util.List;

/**
 * The texts' feature slots and term-view slots for one n-gram length as ids in a compact space: id
 * c stands for the hashed slot {@code slots[c]}, the slots any of the texts has in either view, in
 * ascending order, so each row keeps its slots' order ({@link NbLogistic#fit(int[][], int[][],
 * int[], int[], double, int, long, int)}).
 */
record CompactSlots(int[][] x, int[][] xt, int[] slots) {
  int size() {
    return slots.length;
  }

  static CompactSlots of(int[][] x, int[][] xt) {
    java.util.BitSet seen = new java.util.BitSet(NgramFeatures.DIM);
    for (int[][] view : List.of(x, xt)) {
      for (int[] row : view) {
        for (int j : row) {
          seen.set(j);
        }
      }
    }
    int[] slots = seen.stream().toArray();
    int[] id = new int[NgramFeatures.DIM];
    for (int c = 0; c < slots.length; c++) {
      id[slots[c]] = c;
    }
    return new CompactSlots(remap(x, id), remap(xt, id), slots);
  }

  private static int[][] remap(int[][] rows, int[] id) {
    int[][] out = new int[rows.length][];
    java.util.stream.IntStream.range(0, rows.length)
        .parallel()
        .forEach(
            i -> {
              int[] r = rows[i];
              int[] c = new int[r.length];
              for (int p = 0; p < r.length; p++) {
                c[p] = id[r[p]];
              }
              out[i] = c;
            });
    return out;
  }
}
