package io.tessera.predict.churn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import smile.classification.RandomForest;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.data.type.StructType;
import smile.model.cart.CART;

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
 * <p>Every row visits every node of every tree, and what the rows do there differs only in o (which
 * side a row takes); z, the features seen on the path and the quadrature points are the tree's. So
 * a block of rows walks each tree together: at each node the work is a loop over the block's rows
 * with no call and no branch on the row, and the tree's arrays are read once per block instead of
 * once per row. Each row's arithmetic is the same expressions in the same order as one row alone,
 * so its values do not depend on the block it is in.
 *
 * <p>Reference: Lundberg, S. M., Erion, G. G. and Lee, S.-I. (2018). Consistent individualized
 * feature attribution for tree ensembles. arXiv:1802.03888.
 */
final class ForestShap {
  /** Rows that walk a tree together: their state at every level stays in the core's cache. */
  static final int BLOCK = 64;

  private final ShapTree[] trees;

  /** Each tree's leaf tables, or null where the tree is walked ({@link LeafTables#of}). */
  private final LeafTables[] tables;

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
    this(forest, width, true);
  }

  /**
   * @param forest the fitted forest
   * @param width its predictor columns (the frame's first {@code width} columns)
   * @param tables whether trees whose leaf tables fit take them ({@code false}: every tree is
   *     walked, the values of before the tables, for tests)
   */
  ForestShap(RandomForest forest, int width, boolean tables) {
    CART[] carts = forest.trees();
    this.trees = new ShapTree[carts.length];
    this.tables = new LeafTables[carts.length];
    int depth = 0;
    // the predictors as Smile's nodes index them, to check each split against Smile's decision
    List<StructField> fields = new ArrayList<>();
    for (int j = 0; j < width; j++) {
      fields.add(new StructField("f" + j, DataTypes.DoubleType));
    }
    StructType schema = new StructType(fields);
    for (int t = 0; t < carts.length; t++) {
      trees[t] = new ShapTree(carts[t].root(), schema, width);
      depth = Math.max(depth, trees[t].depth);
      this.tables[t] = tables ? LeafTables.of(trees[t], width) : null;
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
   * The TreeSHAP value of each predictor for each row: each tree's values summed in tree order,
   * then divided by the number of trees (as Smile's {@code TreeSHAP.shap}).
   *
   * <p>A row's values in a tree depend on the row only through the side it takes at each split (its
   * value is read nowhere else), that is through the cell of the tree's partition it lies in: for
   * each predictor, how many of the tree's split values on it are below the row's. So each tree is
   * walked once per occupied cell, by the cell's first row, and every row of the cell adds those
   * values: the same values, bit for bit, as walking every row (most customers share their cell
   * with others: counts, days and amounts fall between the same few split values). The cells'
   * blocks run in parallel, one thread per core.
   *
   * <p>A tree whose {@link LeafTables} fit (at most 64 predictors, at most 2^22 patterns of its
   * leaves' path features) is not walked: each cell adds its leaves' shares from the tables, which
   * hold each (leaf, pattern)'s shares once. The values are the walk's up to rounding (the same
   * terms added leaf by leaf instead of edge by edge; within 1e-13 in {@code ForestShapTest}), and
   * still depend only on the row's cells, not on the rows beside it.
   *
   * @param rows each row's predictors, no value missing (column j = predictor j)
   * @return {@code [row][predictor]}
   */
  double[][] shap(double[][] rows) {
    int n = rows.length;
    for (double[] x : rows) {
      if (x.length < width) {
        throw new IllegalArgumentException(
            "a row has " + x.length + " values; the forest has " + width + " predictors");
      }
    }
    double[] phi = new double[n * width];
    int[] cell = new int[n];
    int[] first = new int[n];
    long[] key = new long[n];
    // a parallel stream runs on the calling thread and the common pool's workers: one task per
    // worker alone left the caller's core idle (on 2 cores the pool has one worker, so every block
    // ran on the calling thread while the other core waited)
    int threads = ForkJoinPool.getCommonPoolParallelism() + 1;
    for (int ti = 0; ti < trees.length; ti++) {
      ShapTree t = trees[ti];
      int cells = t.cells(rows, key, cell, first);
      double[] values =
          tables[ti] != null
              ? byTables(tables[ti], rows, first, cells, threads)
              : byWalks(t, rows, first, cells, threads);
      for (int i = 0; i < n; i++) {
        int c = cell[i] * width;
        int k = i * width;
        for (int j = 0; j < width; j++) {
          phi[k + j] += values[c + j];
        }
      }
    }
    double[][] out = new double[n][width];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < width; j++) {
        out[i][j] = phi[i * width + j] / trees.length;
      }
    }
    return out;
  }

  /**
   * Tree t's values of each cell ({@code [cell][predictor]}), each cell walked by its first row.
   */
  private double[] byWalks(ShapTree t, double[][] rows, int[] first, int cells, int threads) {
    double[] values = new double[cells * width];
    overCells(
        cells,
        threads,
        () -> new ShapTree.Path(maxDepth + 1, width, points, weights, BLOCK),
        (full, from, to) -> {
          ShapTree.Path m =
              to - from == BLOCK
                  ? full
                  : new ShapTree.Path(maxDepth + 1, width, points, weights, to - from);
          block(t, rows, first, from, to, m, values);
        });
    return values;
  }

  /**
   * A tree's values of each cell ({@code [cell][predictor]}) from its leaf tables: the shares of
   * every pattern when there are not many more patterns than cells, else of those the cells take
   * (found in a first pass over the cells); then each cell adds its leaves' shares.
   */
  private double[] byTables(LeafTables lt, double[][] rows, int[] first, int cells, int threads) {
    int[] slot = new int[lt.entries()];
    byte[] taken = null;
    if (lt.entries() > 16L * cells + 4096) {
      byte[] marks = new byte[lt.entries()];
      // each worker writes only 1s: the marks are the same whichever thread writes them
      overCells(
          cells,
          threads,
          () -> new Scratch(lt),
          (s, from, to) -> {
            for (int c = from; c < to; c++) {
              lt.patterns(rows[first[c]], s.masks, s.pattern, 0);
              lt.mark(s.pattern, 0, marks);
            }
          });
      taken = marks;
    }
    double[] shares = lt.shares(taken, slot, points, weights);
    double[] values = new double[cells * width];
    overCells(
        cells,
        threads,
        () -> new Scratch(lt),
        (s, from, to) -> {
          int leaves = lt.leaves();
          for (int c = from; c < to; c++) {
            lt.patterns(rows[first[c]], s.masks, s.pattern, (c - from) * leaves);
          }
          lt.add(s.pattern, to - from, slot, shares, values, from * width, width);
        });
    return values;
  }

  /** A thread's scratch space for the leaf tables: a block's leaf patterns and path masks. */
  private record Scratch(int[] pattern, long[] masks) {
    Scratch(LeafTables lt) {
      this(new int[BLOCK * lt.leaves()], lt.scratch());
    }
  }

  /** Work on the cells [from, to) with the calling thread's own scratch space. */
  private interface CellWork<S> {
    void run(S scratch, int from, int to);
  }

  /**
   * Runs {@code work} on blocks of {@link #BLOCK} cells on the calling thread and the pool's
   * workers, each thread with its own scratch space made by {@code scratch}.
   */
  private static <S> void overCells(int cells, int threads, Supplier<S> scratch, CellWork<S> work) {
    int blocks = (cells + BLOCK - 1) / BLOCK;
    AtomicInteger next = new AtomicInteger();
    IntStream.range(0, Math.min(threads, blocks))
        .parallel()
        .forEach(
            worker -> {
              S own = scratch.get();
              for (int b = next.getAndIncrement(); b < blocks; b = next.getAndIncrement()) {
                work.run(own, b * BLOCK, Math.min(cells, (b + 1) * BLOCK));
              }
            });
  }

  /**
   * Each row's class-1 probability: the trees' leaf posteriors summed in tree order, then divided
   * by the number of trees, the same bits as Smile's {@code DecisionTree.predict(Tuple, double[])}
   * on each tree (the splits were checked against Smile's own decision when the trees were copied):
   * walking the trees' arrays instead of Smile's nodes through a {@code Tuple} per row.
   *
   * @param rows each row's predictors, no value missing (column j = predictor j)
   */
  double[] probability(double[][] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      double[] x = rows[i];
      double sum = 0;
      for (ShapTree t : trees) {
        sum += t.leafValue(x);
      }
      out[i] = sum / trees.length;
    }
    return out;
  }

  /** How many cells of each tree's partition the rows occupy: the walks {@link #shap} makes. */
  int[] cells(double[][] rows) {
    int[] out = new int[trees.length];
    int n = rows.length;
    for (int t = 0; t < trees.length; t++) {
      out[t] = trees[t].cells(rows, new long[n], new int[n], new int[n]);
    }
    return out;
  }

  /**
   * Tree {@code t}'s values of cells {@code from} to {@code to} (exclusive), each walked by its
   * first row, into {@code values} ({@code [cell][predictor]}).
   */
  private void block(
      ShapTree t,
      double[][] rows,
      int[] first,
      int from,
      int to,
      ShapTree.Path m,
      double[] values) {
    int n = to - from;
    for (int r = 0; r < n; r++) {
      double[] x = rows[first[from + r]];
      for (int j = 0; j < width; j++) {
        m.x[j * n + r] = x[j];
      }
    }
    double[] tree = new double[width * n];
    Arrays.fill(m.acc, 0);
    t.recurse(tree, 0, m, 0);
    for (int r = 0; r < n; r++) {
      int c = (from + r) * width;
      for (int j = 0; j < width; j++) {
        values[c + j] = tree[j * n + r];
      }
    }
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
}
