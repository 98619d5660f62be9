package io.tessera.predict.churn;

/**
 * One tree's TreeSHAP by leaf tables: each leaf's shares for each pattern of its path's features
 * that the rows take, computed once per tree and added to every cell that takes it.
 *
 * <p>A leaf of value v reached through the unique features U of its path gives feature i in U the
 * share {@code v (o_i - z_i) int_0^1 prod_{j in U\i} (z_j + (o_j - z_j) t) dt} (see {@link
 * ForestShap}), where z_j is the product of the path's fractions at its splits on j and o_j is 1
 * when the row follows all of them, else 0. The shares depend on the row only through its pattern o
 * of U, one of 2^|U|. So instead of walking the tree with every cell of rows, the shares of every
 * (leaf, pattern) are computed once by Gauss-Legendre quadrature (prefix and suffix products of the
 * factors at each point), and a cell's values are the sums, leaf by leaf, of its patterns' shares:
 * per cell, one pass over the nodes to find each leaf's pattern (a bit mask of the features whose
 * splits the row followed, {@link Long#compress} to the leaf's features) and |U| additions per
 * leaf, no multiplication. The values are those of the walk up to rounding: the same terms, summed
 * leaf by leaf instead of edge by edge. A row's values depend only on its cell, so not on the rows
 * beside it.
 *
 * <p>Reference: Yang, J. (2021). Fast TreeSHAP: Accelerating SHAP value computation for trees.
 * arXiv:2109.09847 (its v2 precomputes each leaf's values for every pattern of its path's
 * features).
 */
final class LeafTables {
  /** The masks are longs: one bit per predictor. */
  static final int MAX_WIDTH = 64;

  /** Patterns of all leaves together at most (an int per pattern, its shares when taken). */
  static final int MAX_ENTRIES = 1 << 22;

  private final ShapTree tree;

  /** Each leaf with features on its path: its node. */
  private final int[] leaf;

  /** Per leaf: the features on its path, one bit each. */
  private final long[] mask;

  /** Per leaf: its features in {@link #feature} and {@link #z} from here to the next leaf's. */
  private final int[] start;

  /** The leaves' features, each leaf's ascending (the bit order of {@link Long#compress}). */
  private final int[] feature;

  /** The path's fraction of the training rows for each of the leaf's features. */
  private final double[] z;

  private final double[] value;

  /** Per leaf: its patterns' first entry; the leaf has 2^|U| of them. */
  private final int[] base;

  private final int entries;

  private LeafTables(ShapTree tree, int leaves, int width) {
    this.tree = tree;
    leaf = new int[leaves];
    mask = new long[leaves];
    start = new int[leaves + 1];
    value = new double[leaves];
    base = new int[leaves + 1];
    int[] count = new int[1];
    int[] features = new int[1];
    collect(0, 0L, new double[width], new boolean[width], count, features, null, null);
    feature = new int[features[0]];
    z = new double[features[0]];
    count[0] = 0;
    features[0] = 0;
    collect(0, 0L, new double[width], new boolean[width], count, features, feature, z);
    long total = 0;
    for (int l = 0; l < leaves; l++) {
      base[l] = (int) total;
      total += 1L << (start[l + 1] - start[l]);
    }
    base[leaves] = (int) total;
    entries = (int) total;
  }

  /**
   * The tables of a tree, or null when they do not fit: more than {@link #MAX_WIDTH} predictors or
   * more than {@link #MAX_ENTRIES} patterns (then the tree is walked).
   */
  static LeafTables of(ShapTree tree, int width) {
    if (width > MAX_WIDTH) {
      return null;
    }
    int[] leaves = new int[1];
    long total = size(tree, 0, 0L, leaves);
    return total > MAX_ENTRIES ? null : new LeafTables(tree, leaves[0], width);
  }

  /** Patterns of the leaves below node j (path features {@code on}); counts them in leaves. */
  private static long size(ShapTree t, int j, long on, int[] leaves) {
    int f = t.feature[j];
    if (f < 0) {
      if (on == 0) {
        return 0;
      }
      leaves[0]++;
      return 1L << Long.bitCount(on);
    }
    long below = on | (1L << f);
    long a = size(t, t.yes[j], below, leaves);
    return a > MAX_ENTRIES ? a : a + size(t, t.no[j], below, leaves);
  }

  /**
   * Each leaf below node j in depth-first order, with the path's z of each feature seen (z[f] the
   * walk's expression, {@code iz * size[child] / size[j]}); fills the leaves' arrays when {@code
   * outFeature} is given, else only counts.
   */
  private void collect(
      int j,
      long on,
      double[] zf,
      boolean[] seen,
      int[] leaves,
      int[] features,
      int[] outFeature,
      double[] outZ) {
    int f = tree.feature[j];
    if (f < 0) {
      if (on == 0) {
        return;
      }
      int l = leaves[0]++;
      int k = features[0];
      if (outFeature != null) {
        leaf[l] = j;
        mask[l] = on;
        start[l] = k;
        value[l] = tree.value[j];
        for (long rest = on; rest != 0; rest &= rest - 1) {
          int g = Long.numberOfTrailingZeros(rest);
          outFeature[k] = g;
          outZ[k++] = zf[g];
        }
        start[l + 1] = k;
      }
      features[0] += Long.bitCount(on);
      return;
    }
    boolean wasSeen = seen[f];
    double iz = wasSeen ? zf[f] : 1.0;
    seen[f] = true;
    for (int side = 0; side < 2; side++) {
      int child = side == 0 ? tree.yes[j] : tree.no[j];
      zf[f] = iz * tree.size[child] / tree.size[j];
      collect(child, on | (1L << f), zf, seen, leaves, features, outFeature, outZ);
    }
    seen[f] = wasSeen;
    zf[f] = iz;
  }

  int entries() {
    return entries;
  }

  int leaves() {
    return leaf.length;
  }

  /** Scratch space of one thread: a mask per node. */
  long[] scratch() {
    return new long[tree.feature.length];
  }

  /**
   * Each leaf's pattern for row x ({@code out[offset + leaf]}): bit k set when x follows every
   * split on the leaf's k-th feature ({@code x <= threshold} on the true side; NaN takes the false
   * side).
   */
  void patterns(double[] x, long[] m, int[] out, int offset) {
    int[] feat = tree.feature;
    double[] threshold = tree.threshold;
    int[] yes = tree.yes;
    int[] no = tree.no;
    m[0] = -1L;
    for (int j = 0; j < feat.length; j++) {
      int f = feat[j];
      if (f >= 0) {
        long here = m[j];
        long off = here & ~(1L << f);
        boolean go = x[f] <= threshold[j];
        m[yes[j]] = go ? here : off;
        m[no[j]] = go ? off : here;
      }
    }
    for (int l = 0; l < leaf.length; l++) {
      out[offset + l] = (int) Long.compress(m[leaf[l]], mask[l]);
    }
  }

  /** Marks each leaf's pattern in {@code taken} ({@code [entry]}), from {@code pattern[offset]}. */
  void mark(int[] pattern, int offset, byte[] taken) {
    for (int l = 0; l < leaf.length; l++) {
      taken[base[l] + pattern[offset + l]] = 1;
    }
  }

  /**
   * The shares of every taken pattern ({@code taken == null}: every pattern): {@code slot[entry]}
   * their first index in the returned array, |U| shares each in the leaf's feature order.
   */
  double[] shares(byte[] taken, int[] slot, double[] points, double[] weights) {
    int size = 0;
    for (int l = 0; l < leaf.length; l++) {
      int u = start[l + 1] - start[l];
      for (int p = base[l]; p < base[l + 1]; p++) {
        if (taken == null || taken[p] != 0) {
          slot[p] = size;
          size += u;
        }
      }
    }
    double[] out = new double[size];
    int q = points.length;
    double[] g = new double[MAX_WIDTH];
    double[] excl = new double[MAX_WIDTH];
    double[] share = new double[MAX_WIDTH];
    for (int l = 0; l < leaf.length; l++) {
      int s = start[l];
      int u = start[l + 1] - s;
      double v = value[l];
      for (int p = base[l]; p < base[l + 1]; p++) {
        if (taken != null && taken[p] == 0) {
          continue;
        }
        int o = p - base[l];
        java.util.Arrays.fill(share, 0, u, 0);
        for (int t = 0; t < q; t++) {
          double pt = points[t];
          double pre = 1;
          for (int k = 0; k < u; k++) {
            double zk = z[s + k];
            g[k] = zk + (((o >>> k) & 1) - zk) * pt;
            excl[k] = pre;
            pre *= g[k];
          }
          double suf = 1;
          for (int k = u - 1; k >= 0; k--) {
            excl[k] *= suf;
            suf *= g[k];
          }
          double wt = weights[t];
          for (int k = 0; k < u; k++) {
            share[k] += wt * excl[k];
          }
        }
        int at = slot[p];
        for (int k = 0; k < u; k++) {
          out[at + k] = v * ((((o >>> k) & 1) - z[s + k]) * share[k]);
        }
      }
    }
    return out;
  }

  /**
   * Adds each leaf's shares to the values of {@code rows} cells whose patterns are {@code
   * pattern[row * leaves + leaf]}, values {@code [row][predictor]} from {@code at}: leaf by leaf
   * for the rows together, so that a leaf's shares stay in the cache while the rows read them (each
   * row still adds its leaves in leaf order).
   */
  void add(
      int[] pattern, int rows, int[] slot, double[] shares, double[] values, int at, int width) {
    int leaves = leaf.length;
    for (int l = 0; l < leaves; l++) {
      int s = start[l];
      int u = start[l + 1] - s;
      int b = base[l];
      for (int r = 0; r < rows; r++) {
        int from = slot[b + pattern[r * leaves + l]];
        int to = at + r * width;
        for (int k = 0; k < u; k++) {
          values[to + feature[s + k]] += shares[from + k];
        }
      }
    }
  }
}
