package io.tessera.feature;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tessera.profile.ProfileField.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the features an orders-only shop is clustered on from {@link #ORDERS_ONLY_CANDIDATES},
 * by a rule stated in advance rather than a list tuned on one data set.
 *
 * <p>The rule, applied to the candidates in their order (the order is the priority: recency,
 * frequency and monetary value first, then what describes a buyer beyond them):
 *
 * <ol>
 *   <li>drop a column missing for more than {@value #MAX_MISSING} of the customers (nearly all
 *       imputed: the median would become a spike the clustering splits on);
 *   <li>drop a nearly constant column: one value held by at least {@value #NEAR_CONSTANT} of the
 *       customers who have one (no returns at all, no categories in the data);
 *   <li>log1p a non-negative column of days or rates whose skewness after winsorising exceeds
 *       {@value #SKEWED} (counts and money are always log1p'd, see {@link TransformOptions}): a long
 *       right tail would otherwise set the scale of the whole column;
 *   <li>drop a column whose transformed values correlate with an already kept column at |r| >=
 *       {@value #MAX_CORRELATION}: k-means weighs every column equally, so a near copy doubles the
 *       weight of one behaviour.
 * </ol>
 *
 * <p>The kept columns are transformed with {@link TransformOptions#CLUSTERING}, the skewed columns
 * added to {@code log1p_also}, and without missing-value indicators: the inter-purchase columns are
 * missing exactly for customers with one (mean) or two or fewer (standard deviation) orders, which
 * {@code frequency} already says, so an indicator would only count one-time buyers twice more.
 *
 * <p>Reference for the skewness bound: Bulmer, M. G. (1979). Principles of Statistics, Dover: a
 * distribution with skewness beyond 1 in absolute value is "highly skewed".
 */
public final class FeatureSelection {
  /**
   * The candidate features of an orders-only shop: recency, frequency and monetary value (RFM),
   * average order value, tenure, the mean and standard deviation of the gaps between purchases (the
   * purchase rhythm and its regularity), the share of orders returned and the number of product
   * categories bought.
   */
  public static final List<String> ORDERS_ONLY_CANDIDATES =
      List.of(
          "recency_days",
          "frequency",
          "monetary",
          "avg_order_value",
          "tenure_days",
          "ipt_mean_days",
          "ipt_sd_days",
          "return_rate",
          "distinct_categories");

  static final double MAX_MISSING = 0.9;
  static final double NEAR_CONSTANT = 0.95;
  static final double SKEWED = 1.0;
  static final double MAX_CORRELATION = 0.9;

  /** The rule in words, as recorded in models/clustering.json. */
  public static final String RULE =
      "candidates in priority order; drop a column missing for more than 90% of customers, or"
          + " with one value for at least 95% of them; log1p counts and money, and days or rates"
          + " with skewness above 1 after winsorising; drop a column whose transformed values"
          + " correlate at |r| >= 0.9 with a kept one; no missing-value indicators";

  private FeatureSelection() {}

  /**
   * What the rule did with one candidate.
   *
   * @param feature the candidate
   * @param kept whether it is clustered on
   * @param log1p whether it is log1p'd
   * @param reason why, with the figure that decided
   */
  public record Decision(
      @JsonProperty("feature") String feature,
      @JsonProperty("kept") boolean kept,
      @JsonProperty("log1p") boolean log1p,
      @JsonProperty("reason") String reason) {}

  /**
   * The selected features.
   *
   * @param matrix the raw columns kept, in candidate order
   * @param options the transform to cluster them with
   * @param decisions one per candidate, in candidate order
   */
  public record Selection(
      FeatureMatrix matrix, TransformOptions options, List<Decision> decisions) {
    public List<String> features() {
      return matrix.names();
    }
  }

  /**
   * Applies the rule to the columns of {@code candidates} (raw values, NaN where missing), in their
   * order. At least one column is kept: when the rule would drop all, the first non-constant
   * candidate (else the first) stays.
   */
  public static Selection select(FeatureMatrix candidates) {
    int n = candidates.rows();
    int p = candidates.columnCount();
    TransformOptions base = TransformOptions.CLUSTERING.withIndicators(TransformOptions.Indicators.NEVER);
    String[] reason = new String[p];
    boolean[] log = new boolean[p];
    List<String> skewed = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      String name = candidates.names().get(j);
      double[] col = candidates.columnView(j);
      double[] observed = Arrays.stream(col).filter(v -> !Double.isNaN(v)).sorted().toArray();
      double missing = 1 - observed.length / (double) Math.max(1, n);
      Kind kind = candidates.kinds().get(j);
      log[j] = kind == Kind.COUNT || kind == Kind.MONEY;
      if (missing > MAX_MISSING) {
        reason[j] = "dropped: missing for " + pct(missing) + " of customers";
        continue;
      }
      double mode = modeShare(observed);
      if (mode >= NEAR_CONSTANT) {
        reason[j] = "dropped: one value for " + pct(mode) + " of the customers who have one";
        continue;
      }
      double low = FeatureTransform.quantile(observed, base.winsorLower());
      double high = FeatureTransform.quantile(observed, base.winsorUpper());
      double skew = skewness(observed, low, high);
      if (!log[j] && observed[0] >= 0 && skew > SKEWED) {
        log[j] = true;
        skewed.add(name);
      }
      reason[j] =
          "kept: missing for "
              + pct(missing)
              + ", skewness "
              + String.format(Locale.ROOT, "%.2f", skew)
              + (log[j] ? ", log1p" : "");
    }
    TransformOptions options = base.withLog1p(TransformOptions.Log1p.AUTO, skewed);
    List<Integer> survivors = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      if (reason[j].startsWith("kept")) {
        survivors.add(j);
      }
    }
    if (survivors.isEmpty()) {
      int keep = 0;
      for (int j = p - 1; j >= 0; j--) {
        if (!reason[j].startsWith("dropped: one value")) {
          keep = j;
        }
      }
      survivors.add(keep);
      reason[keep] = "kept: every candidate failed the rule, so the first usable one stays";
    }
    // correlations on the transformed values, as k-means sees them
    FeatureMatrix sub = columns(candidates, survivors);
    FeatureMatrix transformed = FeatureTransform.fit(sub, options).matrix();
    List<Integer> kept = new ArrayList<>();
    Map<Integer, double[]> values = new HashMap<>();
    for (int a = 0; a < survivors.size(); a++) {
      int j = survivors.get(a);
      double[] t = transformed.columnView(a);
      String twin = null;
      double twinR = 0;
      for (int other : kept) {
        double r = correlation(t, values.get(other));
        if (Math.abs(r) >= MAX_CORRELATION) {
          twin = candidates.names().get(other);
          twinR = r;
          break;
        }
      }
      if (twin != null) {
        reason[j] =
            "dropped: correlates with "
                + twin
                + " at r = "
                + String.format(Locale.ROOT, "%.2f", twinR);
        continue;
      }
      kept.add(j);
      values.put(j, t);
    }
    List<Decision> decisions = new ArrayList<>();
    List<String> logged = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      boolean in = kept.contains(j);
      decisions.add(new Decision(candidates.names().get(j), in, in && log[j], reason[j]));
      if (in && skewed.contains(candidates.names().get(j))) {
        logged.add(candidates.names().get(j));
      }
    }
    return new Selection(
        columns(candidates, kept),
        base.withLog1p(TransformOptions.Log1p.AUTO, logged),
        decisions);
  }

  private static FeatureMatrix columns(FeatureMatrix m, List<Integer> which) {
    List<String> names = new ArrayList<>();
    List<Kind> kinds = new ArrayList<>();
    double[][] cols = new double[which.size()][];
    for (int a = 0; a < which.size(); a++) {
      names.add(m.names().get(which.get(a)));
      kinds.add(m.kinds().get(which.get(a)));
      cols[a] = m.columnView(which.get(a));
    }
    return FeatureMatrix.wrap(m.idArray(), names, kinds, cols);
  }

  /** The share of the most frequent value among sorted values (0 when there are none). */
  static double modeShare(double[] sorted) {
    if (sorted.length == 0) {
      return 1;
    }
    int best = 0;
    int run = 0;
    for (int i = 0; i < sorted.length; i++) {
      run = i > 0 && sorted[i] == sorted[i - 1] ? run + 1 : 1;
      best = Math.max(best, run);
    }
    return best / (double) sorted.length;
  }

  /** The moment skewness g1 of the values clipped to [low, high]; 0 for a constant column. */
  static double skewness(double[] values, double low, double high) {
    int n = values.length;
    double mean = 0;
    for (double v : values) {
      mean += Math.min(high, Math.max(low, v)) / n;
    }
    double m2 = 0;
    double m3 = 0;
    for (double v : values) {
      double d = Math.min(high, Math.max(low, v)) - mean;
      m2 += d * d / n;
      m3 += d * d * d / n;
    }
    return m2 <= 0 ? 0 : m3 / Math.pow(m2, 1.5);
  }

  static double correlation(double[] a, double[] b) {
    int n = a.length;
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < n; i++) {
      ma += a[i] / n;
      mb += b[i] / n;
    }
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < n; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa <= 0 || sbb <= 0 ? 0 : sab / Math.sqrt(saa * sbb);
  }

  private static String pct(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }
}
