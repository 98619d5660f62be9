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
 * {@code RandomForest.shap} (Lundberg et al. 2018, Algorithm 2), computed in fewer operations.
 *
 * <p>For a leaf with value v reached through the unique features U of its path, feature i's share
 * is {@code v (o_i - z_i) sum_S |S|! (|U|-|S|-1)! / |U|! prod_{j in S} o_j prod_{j in U\S\i} z_j},
 * where z_j is the share of the training rows that follow the path at j's splits and o_j is 1 if
 * the row follows it, else 0 (Lundberg et al.). The Shapley weight is a Beta integral, {@code |S|!
 * (d-|S|-1)! / d! = int_0^1 t^|S| (1-t)^(d-|S|-1) dt}, so the sum over subsets is {@code int_0^1
 * prod_{j in U\i} (z_j + (o_j - z_j) t) dt}: the integral of a polynomial of degree below |U|,
 * which Gauss-Legendre quadrature with ceil(|U| / 2) points gives exactly (up to rounding).
 * Algorithm 2 spends O(|U|^2) divisions per leaf (its unwound sums) and copies the path at every
 * node; here each node adds one factor at the quadrature points and each leaf takes prefix and
 * suffix products of its factors: O(|U| q) multiplications. The same reduction of the Shapley
 * weights to a polynomial integral underlies Linear TreeShap (Yu, P., Bifet, A., Read, J. and Xu,
 * C. (2022). Linear TreeShap. NeurIPS). The values equal Smile's to rounding ({@code
 * ForestShapTest}).
 *
 * <p>Reference: Lundberg, S. M., Erion, G. G. and Lee, S.-I. (2018). Consistent individualized
 * feature attribution for tree ensembles. arXiv:1802.03888.
 */
final class ForestShap {
  private final Tree[] trees;
  private final int width;
  private final int maxDepth;

  /** Gauss-Legendre points on [0, 1] and their weights. */
  private final double[] points;

  private final double[] weights;

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
    // a path has at most min(depth, width) unique features: its polynomials' degree is below that
    int q = Math.max(1, (Math.min(depth, width) + 1) / 2);
    double[][] rule = gaussLegendre(q);
    this.points = rule[0];
    this.weights = rule[1];
  }

  /**
   * The TreeSHAP value of each predictor for one row: each tree's values summed in tree order, then
   * divided by the number of trees (as Smile's {@code TreeSHAP.shap}).
   *
   * @param x the row as a tuple of the forest's predictors (column j = predictor j)
   */
  double[] shap(Tuple x) {
    double[] phi = new double[width];
    double[] tree = new double[width];
    Path path = new Path(maxDepth + 1, width, points, weights);
    for (int t = 0; t < trees.length; t++) {
      Arrays.fill(tree, 0);
      Arrays.fill(path.acc, 0);
      trees[t].recurse(tree, x, 0, path, 0);
      for (int j = 0; j < width; j++) {
        phi[j] += tree[j];
      }
    }
    for (int j = 0; j < width; j++) {
      phi[j] /= trees.length;
    }
    return phi;
  }

  /**
   * The q-point Gauss-Legendre rule on [0, 1]: {@code {points, weights}}, exact for polynomials of
   * degree up to 2q - 1. The roots of the Legendre polynomial by Newton's method from Tricomi's
   * approximation, the weights 2 / ((1 - x^2) P_q'(x)^2), both mapped from [-1, 1].
   */
  static double[][] gaussLegendre(int q) {
    double[] x = new double[q];
    double[] w = new double[q];
    for (int i = 0; i < q; i++) {
      double r = Math.cos(Math.PI * (i + 0.75) / (q + 0.5));
      double dp = 0;
      for (int iter = 0; iter < 100; iter++) {
        double p0 = 1;
        double p1 = r;
        for (int k = 2; k <= q; k++) {
          double p2 = ((2 * k - 1) * r * p1 - (k - 1) * p0) / k;
          p0 = p1;
          p1 = p2;
        }
        // P_q(r) = p1, P_{q-1}(r) = p0
        dp = q * (r * p1 - p0) / (r * r - 1);
        double step = p1 / dp;
        r -= step;
        if (Math.abs(step) < 1e-16) {
          break;
        }
      }
      x[i] = (1 - r) / 2;
      w[i] = 1 / ((1 - r * r) * dp * dp);
    }
    return new double[][] {x, w};
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
     * Visits node {@code j}, reached with the product {@code p} of the path's factors at the
     * quadrature points; leaves in {@code m.a(level)} the sum over the leaves below of the leaf
     * value times its path's product, and adds each edge's shares below to {@code phi}.
     */
    void recurse(double[] phi, Tuple x, int j, Path m, int level) {
      int q = m.q;
      double[] a = m.a;
      double[] p = m.p;
      int here = level * q;
      if (split[j] == null) {
        double v = value[j];
        for (int t = 0; t < q; t++) {
          a[here + t] = v * p[here + t];
        }
        return;
      }
      int f = feature[j];
      boolean yesIsHot = split[j].branch(x);
      boolean seen = m.seen[f];
      double iz = seen ? m.z[f] : 1.0;
      double io = seen ? m.o[f] : 1.0;
      int below = here + q;
      for (int t = 0; t < q; t++) {
        a[here + t] = 0;
      }
      for (int side = 0; side < 2; side++) {
        boolean yesSide = side == 0;
        int child = yesSide ? yes[j] : no[j];
        boolean hot = yesSide == yesIsHot;
        // Algorithm 2's shares: a feature split on again combines with its earlier splits
        double z = iz * size[child] / size[j];
        double o = hot ? io : 0;
        double[] g = m.factor;
        double[] saved = m.saved;
        for (int t = 0; t < q; t++) {
          double fz = z + (o - z) * m.points[t];
          g[below + t] = fz;
          double old = seen ? m.oldFactor(f, iz, io, t) : 1.0;
          p[below + t] = p[here + t] / old * fz;
          saved[below + t] = m.acc[f * q + t];
          m.acc[f * q + t] = 0;
        }
        m.seen[f] = true;
        m.z[f] = z;
        m.o[f] = o;
        recurse(phi, x, child, m, level + 1);
        // the leaves below whose last split on f is this edge: all below, less those below a
        // later split on f (their sums, gathered in acc); each has this edge's factor once
        double share = 0;
        for (int t = 0; t < q; t++) {
          double mine = a[below + t] - m.acc[f * q + t];
          share += m.weights[t] * mine / g[below + t];
          m.acc[f * q + t] = saved[below + t] + a[below + t];
          a[here + t] += a[below + t];
        }
        phi[f] += (o - z) * share;
      }
      m.seen[f] = seen;
      m.z[f] = iz;
      m.o[f] = io;
    }
  }

  /** One row's state in a tree: per level, per quadrature point; per feature, its shares. */
  private static final class Path {
    final double[] points;
    final double[] weights;
    final int q;

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

    final boolean[] seen;
    final double[] z;
    final double[] o;

    Path(int levels, int width, double[] points, double[] weights) {
      this.points = points;
      this.weights = weights;
      this.q = points.length;
      p = new double[(levels + 1) * q];
      a = new double[(levels + 1) * q];
      factor = new double[(levels + 1) * q];
      saved = new double[(levels + 1) * q];
      acc = new double[width * q];
      seen = new boolean[width];
      z = new double[width];
      o = new double[width];
      for (int t = 0; t < q; t++) {
        p[t] = 1;
      }
    }

    /** The factor of a feature's earlier shares at point t. */
    double oldFactor(int f, double iz, double io, int t) {
      return iz + (io - iz) * points[t];
    }
  }
}
