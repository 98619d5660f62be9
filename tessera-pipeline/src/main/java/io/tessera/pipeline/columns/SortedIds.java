package io.tessera.pipeline.columns;

import java.util.Arrays;
import java.util.List;

/**
 * Customer ids in ascending order ({@link String#compareTo}, a tree map's), each once: the keys of
 * a column. Looked up by binary search.
 */
public final class SortedIds {
  /** No ids. */
  public static final SortedIds EMPTY = new SortedIds(new String[0]);

  private final String[] ids;

  private SortedIds(String[] ids) {
    this.ids = ids;
  }

  /**
   * The ids sorted, and for each key the position in {@code ids} its value comes from: the last
   * one, as a tree map keeps the last value put for a key.
   *
   * @param keys the ids, ascending, each once
   * @param source for each key, its position in the given ids
   */
  public record Sorted(SortedIds keys, int[] source) {}

  /** Sorts {@code ids} (any order, repeats allowed: the last of a repeated id counts). */
  public static Sorted sort(List<String> ids) {
    int n = ids.size();
    boolean ascending = true;
    for (int i = 1; i < n && ascending; i++) {
      ascending = ids.get(i - 1).compareTo(ids.get(i)) < 0;
    }
    if (ascending) {
      // the common case: rows in id order (a profile table's)
      int[] source = new int[n];
      for (int i = 0; i < n; i++) {
        source[i] = i;
      }
      return new Sorted(new SortedIds(ids.toArray(String[]::new)), source);
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    // stable: equal ids stay in their given order, so the last of a run is the last given
    Arrays.sort(order, (a, b) -> ids.get(a).compareTo(ids.get(b)));
    String[] keys = new String[n];
    int[] source = new int[n];
    int m = 0;
    for (int k = 0; k < n; k++) {
      String id = ids.get(order[k]);
      if (m > 0 && keys[m - 1].equals(id)) {
        source[m - 1] = order[k];
      } else {
        keys[m] = id;
        source[m] = order[k];
        m++;
      }
    }
    return new Sorted(new SortedIds(Arrays.copyOf(keys, m)), Arrays.copyOf(source, m));
  }

  /** Ids already ascending and distinct (checked). */
  public static SortedIds ofSorted(String[] ascending) {
    for (int i = 1; i < ascending.length; i++) {
      if (ascending[i - 1].compareTo(ascending[i]) >= 0) {
        throw new IllegalArgumentException(
            "ids not ascending at " + i + ": " + ascending[i - 1] + ", " + ascending[i]);
      }
    }
    return new SortedIds(ascending);
  }

  /** The position of {@code id}, or -1. */
  public int indexOf(Object id) {
    if (!(id instanceof String s)) {
      return -1;
    }
    int i = Arrays.binarySearch(ids, s);
    return i < 0 ? -1 : i;
  }

  public String get(int i) {
    return ids[i];
  }

  public int size() {
    return ids.length;
  }
}
