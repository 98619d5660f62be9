package io.tessera.predict.churn;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.PriorityQueue;
import smile.classification.DecisionTree;
import smile.data.formula.Formula;
import smile.data.type.StructField;
import smile.data.type.StructType;
import smile.math.MathEx;
import smile.model.cart.CART;
import smile.model.cart.DecisionNode;
import smile.model.cart.Node;
import smile.model.cart.OrdinalNode;
import smile.model.cart.SplitRule;
import smile.util.IntSet;

/**
 * Grows the classification tree Smile 6.3.0's {@code DecisionTree} constructor grows (Gini splits
 * of numeric columns, best first, the forest's bootstrap counts and column orders), on primitive
 * arrays.
 *
 * <p>Smile's constructor is the same algorithm with per-node costs this one does not have: it
 * filters every column's order through an {@code IntStream} for each tree, reads each value through
 * the data frame's vector, splits a node's rows through two filtered streams and allocates a
 * boolean per training row at every split (a whole run of 100k generated customers spent 44% of the
 * churn stage's samples growing trees, a third of it in those, JFR). Everything that decides the
 * tree is kept as Smile has it: the candidate columns (the not yet unsplittable ones, permuted by
 * Smile's thread-local generator whenever {@code mtry} is below the column count, then the first
 * {@code mtry}), a split evaluated only where the label changes between neighbours in a column's
 * order and the value moves by 1e-7 or more, the gain's expression, strict improvement, the first
 * best column on ties, the stable reordering of every column's order at a split, the pruning of a
 * split into two equal leaves with no split below, the priority queue of splits by score, the
 * {@code maxNodes} leaves, the importance summed in split order and Smile's own merge of equal
 * sister leaves. The nodes are Smile's ({@link OrdinalNode}, {@link DecisionNode}), so the tree
 * serializes to the same bytes as Smile's ({@code ForestFitTest}).
 */
final class TreeGrower {
  private static final SplitRule RULE = SplitRule.GINI;
  private static final Constructor<DecisionTree> TREE;
  private static final Field[] OPTIONS;

  static {
    // Smile builds a DecisionTree from a root only through a private constructor, and keeps the
    // options it was grown with in CART's protected fields (serialized with the tree): the one
    // place Tessera reaches into Smile, so that a tree grown here is the object Smile would return
    try {
      TREE =
          DecisionTree.class.getDeclaredConstructor(
              Formula.class,
              StructType.class,
              StructField.class,
              Node.class,
              int.class,
              SplitRule.class,
              double[].class,
              IntSet.class);
      TREE.setAccessible(true);
      OPTIONS = new Field[4];
      String[] names = {"maxDepth", "maxNodes", "nodeSize", "mtry"};
      for (int i = 0; i < names.length; i++) {
        OPTIONS[i] = CART.class.getDeclaredField(names[i]);
        OPTIONS[i].setAccessible(true);
      }
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final double[][] x;
  private final int[] y;
  private final int k;
  private final int maxDepth;
  private final int maxNodes;
  private final int nodeSize;
  private final int mtry;
  private final int[] samples;

  /**
   * Each row's bootstrap count and class, {@code samples << 8 | y}: one read where Smile has two.
   */
  private final int[] packed;

  private final int[] index;
  private final int[][] order;
  private final int[] buffer;

  /** 1 for the rows of the node being split that go to its true child, else 0. */
  private final byte[] trues;

  private final double[] importance;
  private final PriorityQueue<Pending> queue =
      new PriorityQueue<>((a, b) -> Double.compare(b.score, a.score));

  /** A node of the growing tree: a leaf until it is split. */
  private static final class Grown {
    final DecisionNode leaf;
    int feature = -1;
    double value;
    double score;
    Grown trueChild;
    Grown falseChild;

    Grown(DecisionNode leaf) {
      this.leaf = leaf;
    }

    Node toSmile() {
      if (trueChild == null) {
        return leaf;
      }
      return new OrdinalNode(
          feature, value, score, leaf.deviance(), trueChild.toSmile(), falseChild.toSmile());
    }
  }

  /** Smile's {@code OrdinalSplit}: the best split of a leaf, waiting in the queue. */
  private static final class Pending {
    final Grown leaf;
    final int feature;
    final double value;
    final double score;
    final int lo;
    final int hi;
    final int trueCount;
    final int falseCount;
    boolean[] unsplittable;
    int depth = 1;

    Pending(
        Grown leaf,
        int feature,
        double value,
        double score,
        int lo,
        int hi,
        int trueCount,
        int falseCount) {
      this.leaf = leaf;
      this.feature = feature;
      this.value = value;
      this.score = score;
      this.lo = lo;
      this.hi = hi;
      this.trueCount = trueCount;
      this.falseCount = falseCount;
    }
  }

  private TreeGrower(
      double[][] x,
      int[] y,
      int k,
      int maxDepth,
      int maxNodes,
      int nodeSize,
      int mtry,
      int[] samples,
      int[][] order) {
    this.x = x;
    this.y = y;
    this.k = k;
    this.maxDepth = maxDepth;
    this.maxNodes = maxNodes;
    this.nodeSize = nodeSize;
    this.mtry = mtry;
    this.samples = samples;
    int n = samples.length;
    int m = 0;
    for (int s : samples) {
      m += s > 0 ? 1 : 0;
    }
    index = new int[m];
    for (int i = 0, f = 0; i < n; i++) {
      if (samples[i] > 0) {
        index[f++] = i;
      }
    }
    // each column's order keeps the drawn rows, without a branch: whether a row was drawn is a coin
    // toss to the processor (a tenth of the trees' samples at 100,000 customers were this filter's
    // mispredictions, JFR). Every row is written at the next free slot and the slot taken only when
    // the row was drawn, so the array has one slot more than rows kept (its last one never read:
    // the root's rows are [0, m))
    byte[] drawn = new byte[n];
    for (int i = 0; i < n; i++) {
      drawn[i] = (byte) (samples[i] > 0 ? 1 : 0);
    }
    this.order = new int[order.length][];
    for (int j = 0; j < order.length; j++) {
      int[] all = order[j];
      int[] kept = new int[m + 1];
      int f = 0;
      for (int o : all) {
        kept[f] = o;
        f += drawn[o];
      }
      this.order[j] = kept;
    }
    buffer = new int[m];
    trues = new byte[n];
    packed = new int[n];
    for (int i = 0; i < n; i++) {
      packed[i] = samples[i] << 8 | y[i];
    }
    importance = new double[x.length];
  }

  /**
   * The tree Smile's {@code new DecisionTree(x, y, response, k, GINI, maxDepth, maxNodes, nodeSize,
   * mtry, samples, order)} grows.
   *
   * @param x the predictors by column, the values of the data frame Smile would read
   * @param schema the predictors' schema (numeric columns only)
   * @param response the label's field
   * @param y each row's class, 0 to k - 1
   * @param samples each row's count in the tree's bootstrap
   * @param order each column's rows in ascending order of value ({@code CART.order}), all rows
   */
  static DecisionTree grow(
      double[][] x,
      StructType schema,
      StructField response,
      int[] y,
      int k,
      int maxDepth,
      int maxNodes,
      int nodeSize,
      int mtry,
      int[] samples,
      int[][] order) {
    if (mtry < 1
        || mtry > x.length
        || maxDepth < 1
        || maxNodes < 2
        || nodeSize < 1
        || k < 2
        || k > 256) {
      throw new IllegalArgumentException(
          "need 1 <= mtry <= columns, max depth >= 1, max nodes >= 2, node size >= 1 and 2 to"
              + " 256 classes");
    }
    TreeGrower g = new TreeGrower(x, y, k, maxDepth, maxNodes, nodeSize, mtry, samples, order);
    Node root = g.grow();
    try {
      DecisionTree tree =
          TREE.newInstance(null, schema, response, root, k, RULE, g.importance, null);
      OPTIONS[0].setInt(tree, maxDepth);
      OPTIONS[1].setInt(tree, maxNodes);
      OPTIONS[2].setInt(tree, nodeSize);
      OPTIONS[3].setInt(tree, mtry);
      return tree;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build Smile's DecisionTree", e);
    }
  }

  private Node grow() {
    int[] count = new int[k];
    for (int i = 0; i < samples.length; i++) {
      count[y[i]] += samples[i];
    }
    Grown root = new Grown(new DecisionNode(count));
    Pending first = findBestSplit(root, 0, index.length, new boolean[x.length]);
    if (first != null) {
      queue.add(first);
    }
    for (int leaves = 1; leaves < maxNodes && !queue.isEmpty(); ) {
      if (split(queue.poll())) {
        leaves++;
      }
    }
    return root.toSmile().merge();
  }

  private boolean split(Pending split) {
    if (split.depth >= maxDepth) {
      return false;
    }
    if (split.trueCount < nodeSize || split.falseCount < nodeSize) {
      return false;
    }
    double[] xj = x[split.feature];
    int[] trueCount = new int[k];
    int[] falseCount = new int[k];
    int mid = split.lo;
    for (int i = split.lo; i < split.hi; i++) {
      // without a branch, as in shuffle: the same counts (a row adds its count to one side, 0 to
      // the other)
      int o = index[i];
      int side = xj[o] <= split.value ? 1 : 0;
      int w = samples[o];
      trues[o] = (byte) side;
      trueCount[y[o]] += w * side;
      falseCount[y[o]] += w * (1 - side);
      mid += side;
    }
    DecisionNode trueLeaf = new DecisionNode(trueCount);
    DecisionNode falseLeaf = new DecisionNode(falseCount);
    for (int j = 0; j < order.length; j++) {
      // a column no split of this node could use is never tried below it (its mark is inherited
      // by every descendant), so its order there is never read: Smile reorders it anyway
      if (!split.unsplittable[j]) {
        shuffle(order[j], split.lo, mid, split.hi);
      }
    }
    shuffle(index, split.lo, mid, split.hi);
    for (int i = split.lo; i < mid; i++) {
      trues[index[i]] = 0;
    }
    Grown t = new Grown(trueLeaf);
    Grown f = new Grown(falseLeaf);
    Pending trueSplit = findBestSplit(t, split.lo, mid, split.unsplittable.clone());
    Pending falseSplit = findBestSplit(f, mid, split.hi, split.unsplittable);
    if (trueLeaf.equals(falseLeaf) && trueSplit == null && falseSplit == null) {
      return false;
    }
    Grown node = split.leaf;
    node.feature = split.feature;
    node.value = split.value;
    node.score = split.score;
    node.trueChild = t;
    node.falseChild = f;
    importance[split.feature] += split.score;
    if (trueSplit != null) {
      trueSplit.depth = split.depth + 1;
      queue.add(trueSplit);
    }
    if (falseSplit != null) {
      falseSplit.depth = split.depth + 1;
      queue.add(falseSplit);
    }
    return true;
  }

  /** Smile's stable partition of {@code a[lo, hi)}: the rows that go true first. */
  private void shuffle(int[] a, int lo, int mid, int hi) {
    int t = lo;
    int b = 0;
    for (int i = lo; i < hi; i++) {
      // without a branch: which side a row goes is a coin toss to the processor (t <= i, so the
      // store to a[t] never overwrites a row not yet read)
      int o = a[i];
      int side = trues[o];
      a[t] = o;
      buffer[b] = o;
      t += side;
      b += 1 - side;
    }
    System.arraycopy(buffer, 0, a, mid, b);
  }

  private Pending findBestSplit(Grown node, int lo, int hi, boolean[] unsplittable) {
    DecisionNode leaf = node.leaf;
    if (leaf.size() < 2 * nodeSize) {
      return null;
    }
    double impurity = leaf.impurity(RULE);
    if (impurity == 0.0) {
      return null;
    }
    int p = x.length;
    int open = 0;
    for (boolean u : unsplittable) {
      open += u ? 0 : 1;
    }
    int[] columns = new int[open];
    for (int j = 0, c = 0; j < p; j++) {
      if (!unsplittable[j]) {
        columns[c++] = j;
      }
    }
    if (mtry < p) {
      MathEx.permutate(columns);
    }
    Pending best = null;
    for (int c = 0; c < Math.min(mtry, columns.length); c++) {
      int j = columns[c];
      Pending s = findBestSplit(node, j, impurity, lo, hi);
      if (s == null) {
        unsplittable[j] = true;
      } else if (best == null || Double.compare(best.score, s.score) < 0) {
        best = s; // Stream.max keeps the first of equal scores
      }
    }
    if (best != null) {
      best.unsplittable = unsplittable;
    }
    return best;
  }

  private Pending findBestSplit(Grown node, int j, double impurity, int lo, int hi) {
    DecisionNode leaf = node.leaf;
    int size = leaf.size();
    int[] count = leaf.count();
    double[] xj = x[j];
    int[] orderj = order[j];
    int[] trueCount = new int[k];
    int[] falseCount = new int[k];
    double splitValue = 0.0;
    double splitScore = 0.0;
    int splitTrueCount = 0;
    int splitFalseCount = 0;
    int first = orderj[lo];
    double prevx = xj[first];
    int prevy = packed[first] & 0xFF;
    int seen = 0; // MathEx.sum(trueCount)
    for (int i = lo; i < hi; i++) {
      int tc = 0;
      int fc = 0;
      int o = orderj[i];
      int yw = packed[o];
      int yi = yw & 0xFF;
      double xij = xj[o];
      if (yi != prevy && !MathEx.isZero(xij - prevx, 1E-7)) {
        tc = seen;
        fc = size - tc;
      }
      if (tc >= nodeSize && fc >= nodeSize) {
        for (int l = 0; l < k; l++) {
          falseCount[l] = count[l] - trueCount[l];
        }
        double gain =
            impurity
                - (double) tc / size * DecisionNode.impurity(RULE, tc, trueCount)
                - (double) fc / size * DecisionNode.impurity(RULE, fc, falseCount);
        if (gain > splitScore) {
          splitValue = (xij + prevx) / 2;
          splitTrueCount = tc;
          splitFalseCount = fc;
          splitScore = gain;
        }
      }
      prevx = xij;
      prevy = yi;
      trueCount[prevy] += yw >>> 8;
      seen += yw >>> 8;
    }
    if (splitScore > 0.0) {
      return new Pending(node, j, splitValue, splitScore, lo, hi, splitTrueCount, splitFalseCount);
    }
    return null;
  }
}
