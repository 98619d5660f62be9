package io.tessera.predict.churn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import smile.classification.ClassLabels;
import smile.classification.DecisionTree;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.measure.NominalScale;
import smile.data.vector.ValueVector;
import smile.math.MathEx;
import smile.model.cart.CART;
import smile.model.cart.SplitRule;
import smile.validation.ClassificationMetrics;

/**
 * A random forest (Smile) for churn: bootstrap-sampled CART trees on random feature subsets, the
 * positive class weighted by round(negatives / positives). Smile's trees take no missing values, so
 * NaN is replaced by the training median of the column. Contributions are the TreeSHAP values of
 * the class-1 probability, averaged over the trees (Smile's values, computed by {@link
 * ForestShap}).
 *
 * <p>References: Breiman, L. (2001). Random forests. Machine Learning 45, 5-32.
 *
 * @param trees number of trees
 * @param maxDepth maximum tree depth
 * @param nodeSize minimum rows in a leaf
 * @param seed seed of the per-tree random streams
 */
public record RandomForestChurn(int trees, int maxDepth, int nodeSize, long seed)
    implements ChurnClassifier {
  private static final String LABEL = "_label";

  public RandomForestChurn {
    if (trees < 1 || maxDepth < 2 || nodeSize < 1) {
      throw new IllegalArgumentException("need trees >= 1, max depth >= 2 and node size >= 1");
    }
  }

  /**
   * 50 trees, depth up to 12, at least 10 rows per leaf: smooth enough probabilities. Every cost of
   * the forest grows with its trees: the fits, and above all the TreeSHAP reasons of every scored
   * customer (about 70% of the Java samples of a whole run of 100k generated customers with 100
   * trees, JFR). Measured with 50 vs 100 trees: 5-fold CV ROC-AUC 0.9602 vs 0.9602 on the 64,842
   * training rows of 100k generated customers, 0.835 vs 0.837 on the Telco data (0.840 with 300);
   * see the README.
   */
  public static RandomForestChurn defaults(long seed) {
    return new RandomForestChurn(50, 12, 10, seed);
  }

  @Override
  public String id() {
    return "random_forest";
  }

  @Override
  public Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("trees", trees);
    m.put("max_depth", maxDepth);
    m.put("node_size", nodeSize);
    m.put("mtry", "sqrt(features)");
    m.put("class_weight", "1 : round(negatives / positives)");
    m.put("missing", "training median");
    m.put("seed", seed);
    return m;
  }

  @Override
  public Model fit(ChurnData train) {
    ChurnClassifier.requireBothClasses(train);
    double[] medians = Imputation.medians(train);
    int pos = 0;
    for (int i = 0; i < train.size(); i++) {
      pos += train.label(i);
    }
    int weight = (int) Math.max(1, Math.round((train.size() - pos) / (double) pos));
    long[] seeds = new long[trees];
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int t = 0; t < trees; t++) {
      seeds[t] = rnd.nextLong();
    }
    RandomForest forest = grow(frame(train, medians, train.labels()), new int[] {1, weight}, seeds);
    return new Model(forest, medians);
  }

  /**
   * Smile's {@code RandomForest.fit} (6.3.0) without its out-of-bag evaluation: the same trees from
   * the same seeds (each tree's stratified bootstrap drawn from Smile's thread-local generator
   * seeded with the tree's seed, then Smile's own {@code DecisionTree} grown from it on the shared
   * column orders), the same order, the same importance. Smile's fit then predicted every tree's
   * out-of-bag rows through a {@code Tuple} each and computed nine metrics per tree (an eighth of
   * the forest's fitting time at 100k customers, JFR), only to weigh the trees for Smile's own vote
   * and to report an out-of-bag accuracy; this model averages the trees with equal weights and
   * reports cross-validated figures instead, so each tree carries weight 1 and the forest no
   * out-of-bag metrics ({@code NaN}). {@code ForestFitTest} checks the trees against Smile's fit.
   *
   * @param data the predictors, then the label column {@link #LABEL}
   * @param classWeight each class's weight: a class of n rows is drawn n / weight times
   */
  RandomForest grow(DataFrame data, int[] classWeight, long[] seeds) {
    Formula formula = Formula.lhs(LABEL).expand(data.schema());
    DataFrame x = formula.x(data);
    ValueVector y = formula.y(data);
    int mtry = (int) Math.sqrt(x.ncol());
    // Smile's defaults for options of 0: sqrt(columns) variables per split, data.size() / 5 nodes
    int maxNodes = Math.max(2, data.size() / 5);
    ClassLabels codec = ClassLabels.fit(y);
    int k = codec.k;
    int n = x.size();
    int[][] order = CART.order(x);
    double[][] columns = numericColumns(x);
    int[] count = new int[k];
    for (int i = 0; i < n; i++) {
      count[codec.y[i]]++;
    }
    int[][] of = new int[k][];
    for (int c = 0; c < k; c++) {
      of[c] = new int[count[c]];
    }
    int[] filled = new int[k];
    for (int i = 0; i < n; i++) {
      int c = codec.y[i];
      of[c][filled[c]++] = i;
    }
    RandomForest.Model[] models =
        IntStream.range(0, seeds.length)
            .parallel()
            .mapToObj(
                t -> {
                  MathEx.setSeed(seeds[t]);
                  int[] samples = new int[n];
                  for (int c = 0; c < k; c++) {
                    int size = count[c] / classWeight[c];
                    for (int j = 0; j < size; j++) {
                      samples[of[c][MathEx.randomInt(count[c])]] += 1;
                    }
                  }
                  DecisionTree tree = tree(x, y, codec, columns, order, maxNodes, mtry, samples);
                  return new RandomForest.Model(tree, null, 1.0);
                })
            .toArray(RandomForest.Model[]::new);
    double[] importance = new double[x.ncol()];
    for (RandomForest.Model m : models) {
      double[] imp = m.tree().importance();
      for (int j = 0; j < importance.length; j++) {
        importance[j] += imp[j];
      }
    }
    return new RandomForest(
        formula,
        k,
        models,
        new ClassificationMetrics(0, 0, n, 0, Double.NaN),
        importance,
        codec.classes);
  }

  /** One tree on a bootstrap: {@link TreeGrower}, or Smile's own when a column is nominal. */
  private DecisionTree tree(
      DataFrame x,
      ValueVector y,
      ClassLabels codec,
      double[][] columns,
      int[][] order,
      int maxNodes,
      int mtry,
      int[] samples) {
    if (columns == null) {
      return new DecisionTree(
          x,
          codec.y,
          y.field(),
          codec.k,
          SplitRule.GINI,
          maxDepth,
          maxNodes,
          nodeSize,
          mtry,
          samples,
          order);
    }
    return TreeGrower.grow(
        columns,
        x.schema(),
        y.field(),
        codec.y,
        codec.k,
        maxDepth,
        maxNodes,
        nodeSize,
        mtry,
        samples,
        order);
  }

  /**
   * The predictors' values by column for {@link TreeGrower}, or null when a column is nominal (the
   * churn frames hold numbers only; Smile's own tree would grow one that is not).
   */
  private static double[][] numericColumns(DataFrame x) {
    double[][] columns = new double[x.ncol()][];
    for (int j = 0; j < columns.length; j++) {
      if (x.schema().field(j).measure() instanceof NominalScale) {
        return null;
      }
      columns[j] = x.column(j).toDoubleArray();
    }
    return columns;
  }

  static DataFrame frame(ChurnData rows, double[] medians, int[] labels) {
    int n = rows.size();
    ValueVector[] columns = new ValueVector[rows.width() + 1];
    for (int j = 0; j < rows.width(); j++) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        double x = rows.get(i, j);
        v[i] = Double.isNaN(x) ? medians[j] : x;
      }
      columns[j] = ValueVector.of("f" + j, v);
    }
    columns[rows.width()] = ValueVector.of(LABEL, labels == null ? new int[n] : labels);
    return new DataFrame(columns);
  }

  /** Row {@code i} as the frame has it: missing values filled with the medians. */
  static double[] row(ChurnData rows, int i, double[] medians) {
    double[] v = new double[rows.width()];
    for (int j = 0; j < rows.width(); j++) {
      double x = rows.get(i, j);
      v[j] = Double.isNaN(x) ? medians[j] : x;
    }
    return v;
  }

  /** A fitted forest with the medians that fill missing values. */
  public static final class Model implements ChurnClassifier.Fitted {
    private final RandomForest forest;
    private final double[] medians;
    private final ForestShap shap;

    Model(RandomForest forest, double[] medians) {
      this.forest = forest;
      this.medians = medians.clone();
      this.shap = new ForestShap(forest, medians.length);
    }

    RandomForest forest() {
      return forest;
    }

    double[] medians() {
      return medians.clone();
    }

    @Override
    public double[] probability(ChurnData rows) {
      check(rows);
      // Breiman's plain average of the trees' leaf probabilities, the quantity Smile's TreeSHAP
      // explains (Smile's own predict weighs trees by their out-of-bag accuracy instead), on the
      // trees' arrays: Smile's nodes read each row through a Tuple of a data frame, a fifth of the
      // forest's fitting time again at 100k customers (every fold's rows, then every customer)
      return shap.probability(filled(rows));
    }

    @Override
    public double[][] contributions(ChurnData rows) {
      check(rows);
      double[][] x = filled(rows);
      // TreeSHAP of deep trees is the costliest step of a run that keeps the forest (each walk
      // visits every node of a tree): one walk per cell of a tree's partition, blocks of cells on
      // every core
      return shap.shap(x);
    }

    /** The rows as the frame has them: missing values filled with the medians. */
    private double[][] filled(ChurnData rows) {
      double[][] x = new double[rows.size()][];
      for (int i = 0; i < x.length; i++) {
        x[i] = row(rows, i, medians);
      }
      return x;
    }

    @Override
    public String contributionScale() {
      return "probability";
    }

    private void check(ChurnData rows) {
      if (rows.width() != medians.length) {
        throw new IllegalArgumentException(
            "the model was fitted on " + medians.length + " columns, got " + rows.width());
      }
    }

    @Override
    public String toString() {
      return "RandomForestChurn.Model["
          + forest.size()
          + " trees, medians "
          + Arrays.toString(medians)
          + "]";
    }
  }
}
