package io.tessera.identity;

import java.util.Arrays;

/**
 * Disjoint sets over the integers {@code 0..n-1}: connected components of a graph given edge by
 * edge.
 *
 * <p>The forest of Galler and Fischer with both classic heuristics: union by rank (the shorter tree
 * goes under the taller) and path compression (every node visited by a find is hung directly under
 * its root). Together they make any sequence of m operations on n elements cost O(m α(n)), α the
 * inverse Ackermann function, which is at most 4 for any n that fits in memory. Arrays of
 * primitives only, so millions of nodes cost about 5 bytes each. Not thread-safe.
 *
 * <p>References: B. A. Galler and M. J. Fischer, "An improved equivalence algorithm", CACM 7(5),
 * 1964; R. E. Tarjan, "Efficiency of a good but not linear set union algorithm", JACM 22(2), 1975.
 */
public final class UnionFind {
  private int[] parent;
  private byte[] rank;
  private int size;
  private int components;

  /** A structure of {@code n} singletons. */
  public UnionFind(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("union-find size must be non-negative, got " + n);
    }
    parent = new int[Math.max(n, 16)];
    rank = new byte[parent.length];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    size = n;
    components = n;
  }

  /** Adds a new singleton and returns its index. */
  public int add() {
    if (size == parent.length) {
      int old = parent.length;
      parent = Arrays.copyOf(parent, old * 2);
      rank = Arrays.copyOf(rank, old * 2);
      for (int i = old; i < parent.length; i++) {
        parent[i] = i;
      }
    }
    components++;
    return size++;
  }

  public int size() {
    return size;
  }

  /** The number of disjoint sets. */
  public int components() {
    return components;
  }

  /** The representative of {@code x}'s set; compresses the path it walked (two passes). */
  public int find(int x) {
    check(x);
    int root = x;
    while (parent[root] != root) {
      root = parent[root];
    }
    while (parent[x] != root) {
      int next = parent[x];
      parent[x] = root;
      x = next;
    }
    return root;
  }

  /** Joins the sets of {@code a} and {@code b}; returns the new root, or -1 if already joined. */
  public int union(int a, int b) {
    int ra = find(a);
    int rb = find(b);
    if (ra == rb) {
      return -1;
    }
    if (rank[ra] < rank[rb]) {
      int t = ra;
      ra = rb;
      rb = t;
    }
    parent[rb] = ra;
    if (rank[ra] == rank[rb]) {
      rank[ra]++;
    }
    components--;
    return ra;
  }

  public boolean connected(int a, int b) {
    return find(a) == find(b);
  }

  private void check(int x) {
    if (x < 0 || x >= size) {
      throw new IndexOutOfBoundsException("element " + x + " outside 0.." + (size - 1));
    }
  }
}
