package io.tessera.predict.churn;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees (XGBoost, histogram method) for churn, with class imbalance weighted by
 * the negative/positive ratio ({@code scale_pos_weight}). Missing values (NaN) follow XGBoost's
 * learned default direction. Contributions are exact TreeSHAP values ({@code predictContrib}) in
 * log-odds.
 *
 * <p>References: Chen, T. and Guestrin, C. (2016). XGBoost: a scalable tree boosting system. KDD.
 * Lundberg, S. M. et al. (2020). From local explanations to global understanding with explainable
 * AI for trees. Nature Machine Intelligence 2, 56-67.
 *
 * @param rounds boosting rounds
 * @param maxDepth tree depth
 * @param eta learning rate
 * @param seed XGBoost's seed
 */
public record GradientBoostedChurn(int rounds, int maxDepth, double eta, long seed)
    implements ChurnClassifier {
  public GradientBoostedChurn {
    if (rounds < 1 || maxDepth < 1 || !(eta > 0 && eta <= 1)) {
      throw new IllegalArgumentException("need rounds >= 1, max depth >= 1 and 0 < eta <= 1");
    }
  }

  /** 150 rounds of depth-3 trees at eta 0.05: shallow and slow-learning, hard to overfit. */
  public static GradientBoostedChurn defaults(long seed) {
    return new GradientBoostedChurn(150, 3, 0.05, seed);
  }

  @Override
  public String id() {
    return "xgboost";
  }

  @Override
  public Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rounds", rounds);
    m.put("max_depth", maxDepth);
    m.put("eta", eta);
    m.put("subsample", 0.8);
    m.put("colsample_bytree", 0.8);
    m.put("min_child_weight", 5);
    m.put("scale_pos_weight", "negatives / positives");
    m.put("seed", seed);
    return m;
  }

  @Override
  public Model fit(ChurnData train) {
    ChurnClassifier.requireBothClasses(train);
    try {
      DMatrix d = matrix(train);
      int pos = 0;
      for (int i = 0; i < train.size(); i++) {
        pos += train.label(i);
      }
      float[] y = new float[train.size()];
      for (int i = 0; i < y.length; i++) {
        y[i] = train.label(i);
      }
      d.setLabel(y);
      Map<String, Object> params = new HashMap<>();
      params.put("objective", "binary:logistic");
      params.put("tree_method", "hist");
      params.put("max_depth", maxDepth);
      params.put("eta", eta);
      params.put("subsample", 0.8);
      params.put("colsample_bytree", 0.8);
      params.put("min_child_weight", 5);
      params.put("scale_pos_weight", (train.size() - pos) / (double) pos);
      params.put("seed", seed);
      // one thread per booster: XGBoost's OpenMP threads wait for each other at every level of
      // every round, so on shared cores one descheduled thread stalls the other (measured on the
      // 2-core machine at load 4: 150 rounds on 12,500 rows took 1-5 s with 2 threads, 0.3 s
      // with 1); cross-validation runs its folds in parallel instead (CrossValidation). It also
      // makes the model the same on every machine, whatever its core count.
      params.put("nthread", 1);
      params.put("verbosity", 0);
      Booster b = XGBoost.train(d, params, rounds, Map.of(), null, null);
      d.dispose();
      return new Model(b, train.width());
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
    }
  }

  private static DMatrix matrix(ChurnData rows) throws XGBoostError {
    return new DMatrix(rows.toFloats(), rows.size(), rows.width(), Float.NaN);
  }

  /** A fitted booster. */
  public static final class Model implements ChurnClassifier.Fitted {
    private final Booster booster;
    private final int width;

    Model(Booster booster, int width) {
      this.booster = booster;
      this.width = width;
    }

    /** The booster in XGBoost's own binary model format (Universal Binary JSON). */
    byte[] toUbj() {
      try {
        synchronized (this) {
          return booster.toByteArray("ubj");
        }
      } catch (XGBoostError e) {
        throw new IllegalStateException("XGBoost could not save the model: " + e.getMessage(), e);
      }
    }

    /** A booster saved by {@link #toUbj}, fitted on {@code width} columns. */
    static Model fromUbj(byte[] ubj, int width) {
      try {
        return new Model(XGBoost.loadModel(ubj), width);
      } catch (XGBoostError | java.io.IOException e) {
        throw new IllegalArgumentException(
            "the saved XGBoost model cannot be read: " + e.getMessage(), e);
      }
    }

    int width() {
      return width;
    }

    @Override
    public double[] probability(ChurnData rows) {
      check(rows);
      try {
        DMatrix d = matrix(rows);
        float[][] p;
        synchronized (this) {
          p = booster.predict(d);
        }
        d.dispose();
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
          out[i] = p[i][0];
        }
        return out;
      } catch (XGBoostError e) {
        throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
      }
    }

    @Override
    public double[][] contributions(ChurnData rows) {
      check(rows);
      try {
        DMatrix d = matrix(rows);
        // one column per feature plus the bias (the mean margin) last
        float[][] c;
        synchronized (this) {
          c = booster.predictContrib(d, 0);
        }
        d.dispose();
        double[][] out = new double[rows.size()][width];
        for (int i = 0; i < out.length; i++) {
          for (int j = 0; j < width; j++) {
            out[i][j] = c[i][j];
          }
        }
        return out;
      } catch (XGBoostError e) {
        throw new IllegalStateException("XGBoost TreeSHAP failed: " + e.getMessage(), e);
      }
    }

    @Override
    public String contributionScale() {
      return "log-odds";
    }

    private void check(ChurnData rows) {
      if (rows.width() != width) {
        throw new IllegalArgumentException(
            "the model was fitted on " + width + " columns, got " + rows.width());
      }
    }
  }
}
