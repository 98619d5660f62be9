package io.tessera.predict.churn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import smile.classification.LogisticRegression;

/**
 * L2-regularised logistic regression (Smile), the baseline. Each column is prepared the same way at
 * fit and at apply time: missing values filled with the training median, a non-negative column
 * whose 99th percentile is over ten times its median compressed with log1p, values clipped to the
 * training 1st-99th percentiles, then standardised to mean 0 and standard deviation 1. Smile's
 * solver takes no sample weights, so the positive class is weighted by repeating each positive row
 * round(negatives / positives) times, which is the same likelihood as an integer class weight.
 * Contributions are coefficient x standardised value in log-odds: how far the customer's value
 * moves the score from that of an average customer.
 *
 * <p>References: Hosmer, D. W. and Lemeshow, S. (2000). Applied Logistic Regression, 2nd ed.
 *
 * @param lambda the L2 penalty (Smile's {@code lambda}); positive, so that the full set of one-hot
 *     columns stays identifiable
 */
public record LogisticChurn(double lambda) implements ChurnClassifier {
  public LogisticChurn {
    if (!(lambda > 0)) {
      throw new IllegalArgumentException("lambda must be positive, got " + lambda);
    }
  }

  public static LogisticChurn defaults() {
    return new LogisticChurn(0.1);
  }

  @Override
  public String id() {
    return "logistic";
  }

  @Override
  public Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lambda", lambda);
    m.put("preparation", "median fill, log1p when skewed, 1-99% clip, standardise");
    m.put("class_weight", "positives repeated round(negatives / positives) times");
    return m;
  }

  @Override
  public Model fit(ChurnData train) {
    ChurnClassifier.requireBothClasses(train);
    Preparation prep = Preparation.fit(train);
    double[][] z = prep.apply(train);
    int pos = 0;
    for (int i = 0; i < train.size(); i++) {
      pos += train.label(i);
    }
    int weight = (int) Math.max(1, Math.round((train.size() - pos) / (double) pos));
    List<double[]> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    for (int i = 0; i < z.length; i++) {
      int copies = train.label(i) == 1 ? weight : 1;
      for (int c = 0; c < copies; c++) {
        x.add(z[i]);
        y.add(train.label(i));
      }
    }
    LogisticRegression.Binomial model =
        LogisticRegression.binomial(
            x.toArray(double[][]::new),
            y.stream().mapToInt(Integer::intValue).toArray(),
            new LogisticRegression.Options(lambda, 1e-6, 500));
    return new Model(prep, model.coefficients().clone());
  }

  /** A fitted logistic regression with its column preparation. */
  public static final class Model implements ChurnClassifier.Fitted {
    private final Preparation prep;
    private final double[] w;

    Model(Preparation prep, double[] w) {
      this.prep = prep;
      this.w = w;
    }

    Preparation preparation() {
      return prep;
    }

    /** The coefficients of the standardised columns, then the intercept last. */
    public double[] coefficients() {
      return w.clone();
    }

    @Override
    public double[] probability(ChurnData rows) {
      double[][] z = prep.apply(rows);
      double[] out = new double[z.length];
      for (int i = 0; i < z.length; i++) {
        double s = w[w.length - 1];
        for (int j = 0; j < z[i].length; j++) {
          s += w[j] * z[i][j];
        }
        out[i] = 1 / (1 + Math.exp(-s));
      }
      return out;
    }

    @Override
    public double[][] contributions(ChurnData rows) {
      double[][] z = prep.apply(rows);
      for (double[] r : z) {
        for (int j = 0; j < r.length; j++) {
          r[j] *= w[j];
        }
      }
      return z;
    }

    @Override
    public String contributionScale() {
      return "log-odds";
    }
  }

  /** The recorded per-column preparation. */
  static final class Preparation {
    private final double[] median;
    private final boolean[] log;
    private final double[] low;
    private final double[] high;
    private final double[] mean;
    private final double[] sd;

    private Preparation(int p) {
      median = new double[p];
      log = new boolean[p];
      low = new double[p];
      high = new double[p];
      mean = new double[p];
      sd = new double[p];
    }

    /** A saved preparation: each array has one value per column. */
    static Preparation of(
        double[] median, boolean[] log, double[] low, double[] high, double[] mean, double[] sd) {
      int p = median.length;
      if (log.length != p
          || low.length != p
          || high.length != p
          || mean.length != p
          || sd.length != p) {
        throw new IllegalArgumentException(
            "the saved logistic preparation needs one value per column in every array");
      }
      Preparation out = new Preparation(p);
      System.arraycopy(median, 0, out.median, 0, p);
      System.arraycopy(log, 0, out.log, 0, p);
      System.arraycopy(low, 0, out.low, 0, p);
      System.arraycopy(high, 0, out.high, 0, p);
      System.arraycopy(mean, 0, out.mean, 0, p);
      System.arraycopy(sd, 0, out.sd, 0, p);
      return out;
    }

    double[] median() {
      return median.clone();
    }

    boolean[] log() {
      return log.clone();
    }

    double[] low() {
      return low.clone();
    }

    double[] high() {
      return high.clone();
    }

    double[] mean() {
      return mean.clone();
    }

    double[] sd() {
      return sd.clone();
    }

    static Preparation fit(ChurnData train) {
      int n = train.size();
      int p = train.width();
      Preparation prep = new Preparation(p);
      double[] medians = Imputation.medians(train);
      double[] v = new double[n];
      for (int j = 0; j < p; j++) {
        prep.median[j] = medians[j];
        for (int i = 0; i < n; i++) {
          double x = train.get(i, j);
          v[i] = Double.isNaN(x) ? medians[j] : x;
        }
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        double min = sorted[0];
        double q99 = quantile(sorted, 0.99);
        double q50 = quantile(sorted, 0.5);
        prep.log[j] = min >= 0 && q99 > 10 * Math.max(q50, 1e-12) && q99 > 1;
        for (int i = 0; i < n; i++) {
          sorted[i] = prep.log[j] ? Math.log1p(v[i]) : v[i];
        }
        Arrays.sort(sorted);
        prep.low[j] = quantile(sorted, 0.01);
        prep.high[j] = quantile(sorted, 0.99);
        double s = 0;
        double ss = 0;
        for (int i = 0; i < n; i++) {
          double x = Math.clamp(sorted[i], prep.low[j], prep.high[j]);
          s += x;
          ss += x * x;
        }
        prep.mean[j] = s / n;
        double var = ss / n - prep.mean[j] * prep.mean[j];
        prep.sd[j] = var > 1e-12 ? Math.sqrt(var) : 0;
      }
      return prep;
    }

    double[][] apply(ChurnData rows) {
      int p = median.length;
      if (rows.width() != p) {
        throw new IllegalArgumentException(
            "the model was fitted on " + p + " columns, got " + rows.width());
      }
      double[][] out = new double[rows.size()][p];
      for (int i = 0; i < out.length; i++) {
        for (int j = 0; j < p; j++) {
          double x = rows.get(i, j);
          x = Double.isNaN(x) ? median[j] : x;
          x = log[j] ? Math.log1p(Math.max(x, 0)) : x;
          x = Math.clamp(x, low[j], high[j]);
          out[i][j] = sd[j] == 0 ? 0 : (x - mean[j]) / sd[j];
        }
      }
      return out;
    }

    /** Type-7 quantile (linear interpolation) of sorted values. */
    private static double quantile(double[] sorted, double q) {
      double h = (sorted.length - 1) * q;
      int lo = (int) Math.floor(h);
      int hi = Math.min(lo + 1, sorted.length - 1);
      return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
  }
}
