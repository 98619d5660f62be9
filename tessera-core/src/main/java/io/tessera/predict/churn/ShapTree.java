package io.tessera.predict.churn;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.stream.IntStream;
import smile.data.Tuple;
import smile.data.type.StructType;
import smile.model.cart.DecisionNode;
import smile.model.cart.InternalNode;
import smile.model.cart.Node;
import smile.model.cart.OrdinalNode;

/**
 * One tree of a Smile random forest in arrays for {@link ForestShap}, nodes in depth-first order,
 * the root at 0: its TreeSHAP walk of a block of rows ({@link #recurse}) and the cells of its
 * partition ({@link #cells}).
 */
final class ShapTree {
  /** Smile's split value of an ordinal node (a row goes to the true child when x <= value). */
  private static final VarHandle ORDINAL_VALUE;

  static {
    try {
      ORDINAL_VALUE =
          MethodHandles.privateLookupIn(OrdinalNode.class, MethodHandles.lookup())
              .findVarHandle(OrdinalNode.class, "value", double.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The split feature of each internal node, -1 at a leaf. */
  final int[] feature;

  /** A row goes to the true child ({@code yes}) when its value of the feature is <= this. */
  final double[] threshold;

  final int[] yes;
  final int[] no;
  final int[] size;

  /** The leaf's class-1 posterior (Smile's Laplace-smoothed leaf counts). */
  final double[] value;

  /** Whether the true (false) child's subtree splits on this node's feature again. */
  final boolean[] againYes;

  final boolean[] againNo;

  /** The predictors split on, and each one's distinct split values, sorted (or null). */
  private int[] cutFeature;

  private double[][] cuts;

  final int depth;
  private int next;

  ShapTree(Node root, StructType schema, int width) {
    int n = count(root);
    feature = new int[n];
    threshold = new double[n];
    yes = new int[n];
    no = new int[n];
    size = new int[n];
    value = new double[n];
    againYes = new boolean[n];
    againNo = new boolean[n];
    depth = add(root, schema, width);
    markAgain();
    collectCuts(width);
  }

  private static int count(Node node) {
    return node instanceof InternalNode s ? 1 + count(s.trueChild()) + count(s.falseChild()) : 1;
  }

  /** Adds a subtree at the next free index; its depth (a leaf's is 0). */
  private int add(Node node, StructType schema, int width) {
    int i = next++;
    size[i] = node.size();
    if (node instanceof InternalNode s) {
      feature[i] = s.feature();
      threshold[i] = threshold(s, schema, width);
      yes[i] = next;
      int d1 = add(s.trueChild(), schema, width);
      no[i] = next;
      int d2 = add(s.falseChild(), schema, width);
      return 1 + Math.max(d1, d2);
    }
    if (!(node instanceof DecisionNode leaf)) {
      throw new IllegalArgumentException("a classification forest has decision leaves only");
    }
    feature[i] = -1;
    value[i] = leaf.posteriori(new double[leaf.count().length])[1];
    return 0;
  }

  /**
   * The split's value, checked against Smile's own decision: a row at the value goes to the true
   * child and a row just above it to the false child, so {@code x <= value} is Smile's branch.
   */
  private static double threshold(InternalNode s, StructType schema, int width) {
    if (!(s instanceof OrdinalNode o) || s.feature() >= width) {
      throw new IllegalArgumentException(
          "the forest's TreeSHAP takes numeric splits on its " + width + " predictors only");
    }
    double v = (double) ORDINAL_VALUE.get(o);
    double[] at = new double[schema.length()];
    at[s.feature()] = v;
    double[] above = at.clone();
    above[s.feature()] = Math.nextUp(v);
    if (!s.branch(Tuple.of(schema, at)) || s.branch(Tuple.of(schema, above))) {
      throw new IllegalStateException("Smile's split is not x <= " + v + ": unsupported Smile");
    }
    return v;
  }

  /**
   * The value of the leaf a row falls in: from the root, the true child where {@code x <=
   * threshold} (NaN takes the false side, as in Smile's ordinal split).
   */
  double leafValue(double[] x) {
    int j = 0;
    int f;
    while ((f = feature[j]) >= 0) {
      j = x[f] <= threshold[j] ? yes[j] : no[j];
    }
    return value[j];
  }

  /**
   * Gives each row the cell of this tree's partition it lies in ({@code cell[row]}, numbered in the
   * order of their first rows, {@code first[cell]}): rows of one cell take the same side at every
   * split. A cell is known by how many of the tree's distinct split values on each predictor are
   * below the row's value, one mixed-radix number ({@code key}, scratch space).
   *
   * @return the number of cells
   */
  int cells(double[][] rows, long[] key, int[] cell, int[] first) {
    int n = rows.length;
    if (cuts == null) {
      // the cells cannot be numbered in a long: each row its own
      for (int i = 0; i < n; i++) {
        cell[i] = i;
        first[i] = i;
      }
      return n;
    }
    IntStream range = IntStream.range(0, n);
    (n >= 4 * ForestShap.BLOCK ? range.parallel() : range).forEach(i -> key[i] = key(rows[i]));
    int capacity = Integer.highestOneBit(Math.max(2, n)) * 4;
    long[] table = new long[capacity];
    int[] ids = new int[capacity];
    int cells = 0;
    for (int i = 0; i < n; i++) {
      long k = key[i] + 1; // 0 marks an empty slot
      int h = (int) ((k * 0x9E3779B97F4A7C15L) >>> 40) & (capacity - 1);
      while (table[h] != 0 && table[h] != k) {
        h = (h + 1) & (capacity - 1);
      }
      if (table[h] == 0) {
        table[h] = k;
        ids[h] = cells;
        first[cells++] = i;
      }
      cell[i] = ids[h];
    }
    return cells;
  }

  /** A row's cell number: for each split predictor, its split values below the row's value. */
  private long key(double[] x) {
    long k = 0;
    long radix = 1;
    for (int s = 0; s < cutFeature.length; s++) {
      double[] c = cuts[s];
      double v = x[cutFeature[s]];
      // how many split values are below v: x <= c[i] (the true side) exactly when i >= that
      int lo = 0;
      int hi = c.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (c[mid] < v) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      // NaN takes the false side everywhere, as a value above every split does
      k += (Double.isNaN(v) ? c.length : lo) * radix;
      radix *= c.length + 1;
    }
    return k;
  }

  /**
   * The distinct split values of each predictor split on, sorted ({@link #cuts}, {@link
   * #cutFeature}); {@code cuts} stays null when the cells' count does not fit in a long.
   */
  private void collectCuts(int width) {
    int[] count = new int[width];
    for (int f : feature) {
      if (f >= 0) {
        count[f]++;
      }
    }
    double[][] all = new double[width][];
    for (int f = 0; f < width; f++) {
      all[f] = new double[count[f]];
    }
    Arrays.fill(count, 0);
    for (int j = 0; j < feature.length; j++) {
      if (feature[j] >= 0) {
        all[feature[j]][count[feature[j]]++] = threshold[j];
      }
    }
    int used = 0;
    double bits = 0;
    for (int f = 0; f < width; f++) {
      Arrays.sort(all[f]);
      int distinct = 0;
      for (int i = 0; i < all[f].length; i++) {
        if (i == 0 || all[f][i] != all[f][i - 1]) {
          all[f][distinct++] = all[f][i];
        }
      }
      all[f] = Arrays.copyOf(all[f], distinct);
      if (distinct > 0) {
        used++;
        bits += Math.log(distinct + 1.0) / Math.log(2);
      }
    }
    cutFeature = new int[used];
    double[][] c = new double[used][];
    int s = 0;
    for (int f = 0; f < width; f++) {
      if (all[f].length > 0) {
        cutFeature[s] = f;
        c[s++] = all[f];
      }
    }
    cuts = bits < 62 ? c : null;
  }

  /**
   * Marks each internal node whose true or false subtree splits on the node's own feature again
   * ({@link #againYes}, {@link #againNo}): only below such an edge are the feature's enclosing sums
   * set aside and restored (elsewhere they stay as they are, the same values).
   */
  private void markAgain() {
    for (int j = 0; j < feature.length; j++) {
      if (feature[j] >= 0) {
        againYes[j] = splitsOn(yes[j], feature[j]);
        againNo[j] = splitsOn(no[j], feature[j]);
      }
    }
  }

  /** Whether the subtree at node {@code j} splits on feature {@code f}. */
  private boolean splitsOn(int j, int f) {
    if (feature[j] < 0) {
      return false;
    }
    return feature[j] == f || splitsOn(yes[j], f) || splitsOn(no[j], f);
  }

  /**
   * Visits node {@code j} for the block's rows, each reached with the product {@code p} of its
   * path's factors at the quadrature points; leaves in {@code m.a(level)} the sum over the leaves
   * below of the leaf value times its path's product, and adds each edge's shares below to {@code
   * phi}. Arrays per level hold {@code [point][row]}.
   *
   * <p>Each value is the same expression in the same order as Algorithm 2's sums need; what is
   * saved is memory traffic: an edge into a leaf takes the leaf's sums as it makes them, the first
   * child's sums are the node's (adding them to zero would give the same bits: every sum is
   * positive), and a feature's enclosing sums are set aside only where the feature is split on
   * again below (elsewhere they would be set aside, left at zero and restored with this edge's sum
   * added, which is adding it in place).
   */
  void recurse(double[] phi, int j, Path m, int level) {
    int n = m.n;
    int qn = m.q * n;
    int here = level * qn;
    int f = feature[j];
    if (f < 0) {
      double v = value[j];
      for (int k = 0; k < qn; k++) {
        m.a[here + k] = v * m.p[here + k];
      }
      return;
    }
    boolean seen = m.seen[f];
    double iz = seen ? m.z[f] : 1.0;
    // each row's o of f on the enclosing path (1 where f was not split on yet), kept per level
    double[] io = m.io;
    int rowsHere = level * n;
    int fn = f * n;
    for (int r = 0; r < n; r++) {
      io[rowsHere + r] = seen ? m.o[fn + r] : 1.0;
    }
    for (int side = 0; side < 2; side++) {
      boolean yesSide = side == 0;
      int child = yesSide ? yes[j] : no[j];
      boolean again = yesSide ? againYes[j] : againNo[j];
      // Algorithm 2's shares: a feature split on again combines with its earlier splits
      double z = iz * size[child] / size[j];
      for (int r = 0; r < n; r++) {
        boolean hot = yesSide == (m.x[fn + r] <= threshold[j]);
        m.o[fn + r] = hot ? io[rowsHere + r] : 0;
      }
      if (feature[child] < 0) {
        intoLeaf(phi, m, level, f, seen, iz, z, value[child], yesSide);
        continue;
      }
      enter(m, level, f, seen, iz, z, again);
      m.seen[f] = true;
      m.z[f] = z;
      recurse(phi, child, m, level + 1);
      leave(phi, m, level, f, seen, z, again, yesSide);
    }
    m.seen[f] = seen;
    m.z[f] = iz;
    for (int r = 0; r < n; r++) {
      m.o[fn + r] = io[rowsHere + r];
    }
  }

  /**
   * The edge into level + 1 on feature f: its factor at each point, the path's product with it (the
   * feature's earlier factor, if any, leaves the product), f's enclosing sums set aside when f is
   * split on again below.
   */
  private static void enter(
      Path m, int level, int f, boolean seen, double iz, double z, boolean again) {
    int n = m.n;
    int qn = m.q * n;
    int here = level * qn;
    int below = here + qn;
    int fn = f * n;
    int rowsHere = level * n;
    int accF = f * qn;
    double[] g = m.factor;
    double[] p = m.p;
    double[] o = m.o;
    double[] io = m.io;
    for (int t = 0; t < m.q; t++) {
      double pt = m.points[t];
      int lt = t * n;
      if (seen) {
        for (int r = 0; r < n; r++) {
          double gr = z + (o[fn + r] - z) * pt;
          double old = iz + (io[rowsHere + r] - iz) * pt;
          g[below + lt + r] = gr;
          p[below + lt + r] = p[here + lt + r] / old * gr;
        }
      } else {
        for (int r = 0; r < n; r++) {
          double gr = z + (o[fn + r] - z) * pt;
          g[below + lt + r] = gr;
          p[below + lt + r] = p[here + lt + r] * gr;
        }
      }
      if (again) {
        System.arraycopy(m.acc, accF + lt, m.saved, below + lt, n);
        Arrays.fill(m.acc, accF + lt, accF + lt + n, 0);
      }
    }
  }

  /**
   * Back from the edge into level + 1: the leaves below whose last split on f is this edge (all
   * below, less those below a later split on f, their sums gathered in acc) each have this edge's
   * factor once; their share goes to f. The child's visit leaves o[f] as this edge's. f's enclosing
   * sums matter only on a path that split on f before ({@code seen}).
   */
  private static void leave(
      double[] phi,
      Path m,
      int level,
      int f,
      boolean seen,
      double z,
      boolean again,
      boolean first) {
    int n = m.n;
    int qn = m.q * n;
    int here = level * qn;
    int below = here + qn;
    int fn = f * n;
    int accF = f * qn;
    double[] a = m.a;
    double[] acc = m.acc;
    double[] g = m.factor;
    double[] saved = m.saved;
    double[] share = m.share;
    Arrays.fill(share, 0, n, 0);
    for (int t = 0; t < m.q; t++) {
      double wt = m.weights[t];
      int lt = t * n;
      int b = below + lt;
      int h = here + lt;
      int c = accF + lt;
      if (again) {
        for (int r = 0; r < n; r++) {
          double ab = a[b + r];
          double mine = ab - acc[c + r];
          share[r] += wt * mine / g[b + r];
          acc[c + r] = saved[b + r] + ab;
        }
      } else {
        for (int r = 0; r < n; r++) {
          share[r] += wt * a[b + r] / g[b + r];
        }
        if (seen) {
          for (int r = 0; r < n; r++) {
            acc[c + r] += a[b + r];
          }
        }
      }
      if (first) {
        System.arraycopy(a, b, a, h, n);
      } else {
        for (int r = 0; r < n; r++) {
          a[h + r] += a[b + r];
        }
      }
    }
    for (int r = 0; r < n; r++) {
      phi[fn + r] += (m.o[fn + r] - z) * share[r];
    }
  }

  /**
   * {@link #enter}, the leaf's visit and {@link #leave} of an edge into a leaf of value {@code v},
   * in one pass: the same expressions, without storing what only the leaf's parent reads.
   */
  private static void intoLeaf(
      double[] phi,
      Path m,
      int level,
      int f,
      boolean seen,
      double iz,
      double z,
      double v,
      boolean first) {
    int n = m.n;
    int qn = m.q * n;
    int here = level * qn;
    int fn = f * n;
    int rowsHere = level * n;
    int accF = f * qn;
    double[] a = m.a;
    double[] acc = m.acc;
    double[] p = m.p;
    double[] o = m.o;
    double[] io = m.io;
    double[] share = m.share;
    Arrays.fill(share, 0, n, 0);
    for (int t = 0; t < m.q; t++) {
      double pt = m.points[t];
      double wt = m.weights[t];
      int lt = t * n;
      int h = here + lt;
      int c = accF + lt;
      if (seen) {
        for (int r = 0; r < n; r++) {
          double gr = z + (o[fn + r] - z) * pt;
          double old = iz + (io[rowsHere + r] - iz) * pt;
          double ab = v * (p[h + r] / old * gr);
          share[r] += wt * ab / gr;
          acc[c + r] += ab;
          a[h + r] = first ? ab : a[h + r] + ab;
        }
      } else {
        for (int r = 0; r < n; r++) {
          double gr = z + (o[fn + r] - z) * pt;
          double ab = v * (p[h + r] * gr);
          share[r] += wt * ab / gr;
          a[h + r] = first ? ab : a[h + r] + ab;
        }
      }
    }
    for (int r = 0; r < n; r++) {
      phi[fn + r] += (o[fn + r] - z) * share[r];
    }
  }

  /**
   * A block's state in a tree: per level, per quadrature point, per row; per feature, its shares.
   */
  static final class Path {
    final double[] points;
    final double[] weights;
    final int q;

    /** Rows in the block. */
    final int n;

    /** The rows' values, {@code [feature][row]}. */
    final double[] x;

    /** The product of the path's factors, per level. */
    final double[] p;

    /** The sum of leaf value x path product below, per level. */
    final double[] a;

    /** The factor of the edge into each level. */
    final double[] factor;

    /** The enclosing context's acc of the edge's feature, per level. */
    final double[] saved;

    /** Per feature: the sums of the subtrees below its latest splits, since its enclosing one. */
    final double[] acc;

    /** Per feature, whether the path split on it; its z (the path's, not the row's). */
    final boolean[] seen;

    final double[] z;

    /** Per feature and row: 1 while the row has followed every split on it so far, else 0. */
    final double[] o;

    /** Per level and row: the node's feature's o on entry. */
    final double[] io;

    /** One share per row, summed over the points. */
    final double[] share;

    Path(int levels, int width, double[] points, double[] weights, int n) {
      this.points = points;
      this.weights = weights;
      this.q = points.length;
      this.n = n;
      x = new double[width * n];
      p = new double[(levels + 1) * q * n];
      a = new double[(levels + 1) * q * n];
      factor = new double[(levels + 1) * q * n];
      saved = new double[(levels + 1) * q * n];
      acc = new double[width * q * n];
      seen = new boolean[width];
      z = new double[width];
      o = new double[width * n];
      io = new double[(levels + 1) * n];
      share = new double[n];
      Arrays.fill(p, 0, q * n, 1);
    }
  }
}
