package io.tessera.predict.churn;

import java.util.Arrays;
import smile.classification.RandomForest;
import smile.data.Tuple;
import smile.model.cart.CART;
import smile.model.cart.DecisionNode;
import smile.model.cart.InternalNode;
import smile.model.cart.Node;

/**
 * Path-dependent TreeSHAP of a Smile random forest's class-1 probability: the values of Smile's
 * {@code RandomForest.shap} (the same recursion, the same arithmetic in the same order, so the same
 * doubles), computed on the trees flattened into arrays once, with one preallocated path buffer per
 * row instead of four new arrays at every node of every tree. Smile's allocation per node was most
 * of the cost of explaining every scored customer at 100,000 customers.
 *
 * <p>Reference: Lundberg, S. M., Erion, G. G. and Lee, S.-I. (2018). Consistent individualized
 * feature attribution for tree ensembles. arXiv:1802.03888, Algorithm 2 (EXTEND, UNWIND and the
 * unwound sum at the leaves).
 */
final class ForestShap {
  private final Tree[] trees;
  private final int width;
  private final int maxDepth;

  /**
   * @param forest the fitted forest
   * @param width its predictor columns (the frame's first {@code width} columns)
   */
  ForestShap(RandomForest forest, int width) {
    CART[] carts = forest.trees();
    this.trees = new Tree[carts.length];
    int depth = 0;
    for (int t = 0; t < carts.length; t++) {
      trees[t] = new Tree(carts[t].root());
      depth = Math.max(depth, trees[t].depth);
    }
    this.width = width;
    this.maxDepth = depth;
  }

  /**
   * The TreeSHAP value of each predictor for one row: each tree's values summed in tree order, then
   * divided by the number of trees (Smile's {@code TreeSHAP.shap}).
   *
   * @param x the row as a tuple of the forest's predictors (column j = predictor j)
   */
  double[] shap(Tuple x) {
    double[] phi = new double[width];
    double[] tree = new double[width];
    Path path = new Path(maxDepth + 2);
    for (int t = 0; t < trees.length; t++) {
      Arrays.fill(tree, 0);
      trees[t].recurse(tree, x, 0, path, 0, 0, 1, 1, -1);
      if (t == 0) {
        System.arraycopy(tree, 0, phi, 0, width);
      } else {
        for (int j = 0; j < width; j++) {
          phi[j] += tree[j];
        }
      }
    }
    for (int j = 0; j < width; j++) {
      phi[j] /= trees.length;
    }
    return phi;
  }

  /** One tree in arrays, nodes in depth-first order, the root at 0. */
  private static final class Tree {
    /** The split of each internal node (null at a leaf): it decides which way a row goes. */
    final InternalNode[] split;

    final int[] feature;
    final int[] yes;
    final int[] no;
    final int[] size;

    /** The leaf's class-1 posterior (Smile's Laplace-smoothed leaf counts). */
    final double[] value;

    final int depth;
    private int next;

    Tree(Node root) {
      int n = count(root);
      split = new InternalNode[n];
      feature = new int[n];
      yes = new int[n];
      no = new int[n];
      size = new int[n];
      value = new double[n];
      depth = add(root);
    }

    private static int count(Node node) {
      return node instanceof InternalNode s ? 1 + count(s.trueChild()) + count(s.falseChild()) : 1;
    }

    /** Adds a subtree at the next free index; its depth (a leaf's is 0). */
    private int add(Node node) {
      int i = next++;
      size[i] = node.size();
      if (node instanceof InternalNode s) {
        split[i] = s;
        feature[i] = s.feature();
        yes[i] = next;
        int d1 = add(s.trueChild());
        no[i] = next;
        int d2 = add(s.falseChild());
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
     * Algorithm 2's RECURSE at node {@code j}: {@code level} is the recursion depth (the path's
     * slot in the buffer), {@code l} the path's length before this node's extension.
     */
    void recurse(
        double[] phi, Tuple x, int j, Path m, int level, int l, double pz, double po, int pi) {
      m.extend(level, l, pz, po, pi);
      int len = l + 1;
      InternalNode s = split[j];
      if (s != null) {
        int dj = feature[j];
        int h;
        int c;
        if (s.branch(x)) {
          h = yes[j];
          c = no[j];
        } else {
          h = no[j];
          c = yes[j];
        }
        int rh = size[h];
        int rc = size[c];
        int rj = size[j];
        int base = m.base(level);
        int k = 0;
        for (; k <= l; k++) {
          if (m.d[base + k] == dj) {
            break;
          }
        }
        double iz = 1.0;
        double io = 1.0;
        if (k <= l) {
          iz = m.z[base + k];
          io = m.o[base + k];
          m.unwind(level, len, k);
          len--;
        }
        recurse(phi, x, h, m, level + 1, len, iz * rh / rj, io, dj);
        recurse(phi, x, c, m, level + 1, len, iz * rc / rj, 0, dj);
      } else {
        int base = m.base(level);
        double v = value[j];
        for (int i = 1; i <= l; i++) {
          double w = m.unwoundSum(level, len, i) * (m.o[base + i] - m.z[base + i]);
          phi[m.d[base + i]] += w * v;
        }
      }
    }
  }

  /**
   * The paths of one row's recursion: slot {@code level} holds the path at that depth of the
   * recursion (a copy of the parent's, extended), so a child never disturbs its parent's path.
   */
  private static final class Path {
    final int stride;
    final int[] d;
    final double[] z;
    final double[] o;
    final double[] w;

    Path(int stride) {
      this.stride = stride;
      int n = stride * (stride + 1);
      d = new int[n];
      z = new double[n];
      o = new double[n];
      w = new double[n];
    }

    int base(int level) {
      return level * stride;
    }

    /** Copies the parent's path (length {@code l}) into this level's slot and extends it. */
    void extend(int level, int l, double pz, double po, int pi) {
      int b = level * stride;
      if (level > 0) {
        int p = b - stride;
        System.arraycopy(d, p, d, b, l);
        System.arraycopy(z, p, z, b, l);
        System.arraycopy(o, p, o, b, l);
        System.arraycopy(w, p, w, b, l);
      }
      d[b + l] = pi;
      z[b + l] = pz;
      o[b + l] = po;
      w[b + l] = l == 0 ? 1 : 0;
      for (int i = l - 1; i >= 0; i--) {
        w[b + i + 1] += po * w[b + i] * (i + 1) / (l + 1);
        w[b + i] = pz * w[b + i] * (l - i) / (l + 1);
      }
    }

    /** Undoes the extension of element {@code i} of this level's path of length {@code len}. */
    void unwind(int level, int len, int i) {
      int b = level * stride;
      double po = o[b + i];
      double pz = z[b + i];
      int l = len - 1;
      double n = w[b + l];
      if (po != 0) {
        for (int j = l - 1; j >= 0; j--) {
          double t = w[b + j];
          w[b + j] = n * (l + 1) / ((j + 1) * po);
          n = t - w[b + j] * pz * (l - j) / (l + 1);
        }
      } else {
        for (int j = l - 1; j >= 0; j--) {
          w[b + j] = (w[b + j] * (l + 1)) / (pz * (l - j));
        }
      }
      for (int j = i; j < l; j++) {
        d[b + j] = d[b + j + 1];
        z[b + j] = z[b + j + 1];
        o[b + j] = o[b + j + 1];
      }
    }

    /** The total permutation weight of this level's path without element {@code i}. */
    double unwoundSum(int level, int len, int i) {
      int b = level * stride;
      double po = o[b + i];
      double pz = z[b + i];
      int l = len - 1;
      double sum = 0.0;
      double n = w[b + l];
      if (po != 0) {
        for (int j = l - 1; j >= 0; j--) {
          double t = n / ((j + 1) * po);
          sum += t;
          n = w[b + j] - t * pz * (l - j);
        }
      } else {
        for (int j = l - 1; j >= 0; j--) {
          sum += w[b + j] / (pz * (l - j));
        }
      }
      return sum * (l + 1);
    }
  }
}
