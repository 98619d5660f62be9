package io.tessera.predict.churn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees (XGBoost, histogram method) for churn, with class imbalance weighted by
 * the negative/positive ratio, validated by stratified k-fold cross-validation.
 *
 * <p>References: Chen, T. and Guestrin, C. (2016). XGBoost: a scalable tree boosting system. KDD.
 *
 * @param folds number of cross-validation folds (at least 2)
 * @param rounds boosting rounds
 * @param maxDepth tree depth
 * @param eta learning rate
 * @param seed seed of the folds and of XGBoost
 */
public record GradientBoostedChurn(int folds, int rounds, int maxDepth, double eta, long seed) {
  public GradientBoostedChurn {
    if (folds < 2) {
      throw new IllegalArgumentException("folds must be at least 2, got " + folds);
    }
    if (rounds < 1 || maxDepth < 1 || !(eta > 0 && eta <= 1)) {
      throw new IllegalArgumentException("need rounds >= 1, max depth >= 1 and 0 < eta <= 1");
    }
  }

  /** Cross-validated out-of-fold churn probabilities and their metrics. */
  public record CrossValidation(
      double[] outOfFold, double rocAuc, double averagePrecision, double brier) {}

  /** Assigns each row a fold so that every fold has the same share of positives. */
  public static int[] stratifiedFolds(int[] labels, int k, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] fold = new int[labels.length];
    for (int cls = 0; cls <= 1; cls++) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == cls) {
          rows.add(i);
        }
      }
      for (int i = rows.size() - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        Integer t = rows.get(i);
        rows.set(i, rows.get(j));
        rows.set(j, t);
      }
      for (int i = 0; i < rows.size(); i++) {
        fold[rows.get(i)] = i % k;
      }
    }
    return fold;
  }

  /**
   * @param features row-major features, {@code width} per row
   * @param labels 1 = churned
   */
  public CrossValidation crossValidate(float[] features, int width, int[] labels) {
    int n = labels.length;
    int[] fold = stratifiedFolds(labels, folds, seed);
    double[] oof = new double[n];
    try {
      for (int f = 0; f < folds; f++) {
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          (fold[i] == f ? test : train).add(i);
        }
        Booster booster = train(features, width, labels, train);
        DMatrix t = matrix(features, width, labels, test);
        float[][] p = booster.predict(t);
        for (int k = 0; k < test.size(); k++) {
          oof[test.get(k)] = p[k][0];
        }
        t.dispose();
        booster.dispose();
      }
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
    }
    return new CrossValidation(
        oof,
        ChurnMetrics.rocAuc(oof, labels),
        ChurnMetrics.averagePrecision(oof, labels),
        ChurnMetrics.brier(oof, labels));
  }

  private Booster train(float[] features, int width, int[] labels, List<Integer> rows)
      throws XGBoostError {
    DMatrix d = matrix(features, width, labels, rows);
    long pos = rows.stream().filter(i -> labels[i] == 1).count();
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "binary:logistic");
    params.put("tree_method", "hist");
    params.put("max_depth", maxDepth);
    params.put("eta", eta);
    params.put("subsample", 0.8);
    params.put("colsample_bytree", 0.8);
    params.put("min_child_weight", 5);
    params.put("scale_pos_weight", pos == 0 ? 1.0 : (rows.size() - pos) / (double) pos);
    params.put("seed", seed);
    params.put("nthread", 2);
    params.put("verbosity", 0);
    Booster b = XGBoost.train(d, params, rounds, Map.of(), null, null);
    d.dispose();
    return b;
  }

  private static DMatrix matrix(float[] features, int width, int[] labels, List<Integer> rows)
      throws XGBoostError {
    float[] data = new float[rows.size() * width];
    float[] y = new float[rows.size()];
    for (int k = 0; k < rows.size(); k++) {
      System.arraycopy(features, rows.get(k) * width, data, k * width, width);
      y[k] = labels[rows.get(k)];
    }
    DMatrix d = new DMatrix(data, rows.size(), width, Float.NaN);
    d.setLabel(y);
    return d;
  }
}
