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
 * Chooses the features an orders-only shop is clustered on from {@link #ORDERS_ONLY_CANDIDATES}, by
 * a rule stated in advance rather than a list tuned on one data set.
 *
 * <p>The rule, applied to the candidates in their order (the order is the priority):
 *
 * <ol>
 *   <li>recency, frequency and monetary value (RFM) are always kept: they are the baseline every
 *       orders-only segmentation starts from;
 *   <li>another candidate is dropped when it is missing for more than {@value #MAX_MISSING} of the
 *       customers: the imputed median would then be the value of most of them, a spike that the
 *       clustering splits on (the spread of purchase gaps needs three orders);
 *   <li>or when one value is held by at least {@value #NEAR_CONSTANT} of the customers who have
 *       one: the column is then nearly a 0/1 flag, and after standardising the few who differ sit
 *       several units away, so k-means spends a cluster on them (a return share of 0 for most
 *       customers, one category for most);
 *   <li>or when its transformed values correlate with an already kept column at |r| >= {@value
 *       #MAX_CORRELATION}: k-means weighs every column equally, so a near copy doubles the weight
 *       of one behaviour.
 * </ol>
 *
 * <p>Every kept column is log1p'd: all candidates are non-negative counts, amounts, durations or
 * shares, whose differences are relative (30 against 60 days since the last order says more than
 * 330 against 360; 1 against 2 orders more than 11 against 12), and the transform then standardises
 * them ({@link TransformOptions#CLUSTERING}) without missing-value indicators: the inter-purchase
 * gap is missing exactly for customers with one order, which {@code frequency} already says, so an
 * indicator would only count one-time buyers twice.
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

  /** Always kept. */
  static final List<String> CORE = List.of("recency_days", "frequency", "monetary");

  static final double MAX_MISSING = 0.5;
  static final double NEAR_CONSTANT = 0.8;
  static final double MAX_CORRELATION = 0.9;

  /** The rule in words, as recorded in models/clustering.json. */
  public static final String RULE =
      "keep recency_days, frequency and monetary; of the other candidates, in priority order,"
          + " drop one missing for more than 50% of customers, with one value for at least 80% of"
          + " those who have one, or whose transformed values correlate at |r| >= 0.9 with a kept"
          + " one; log1p every kept column, standardise, no missing-value indicators";

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
    String[] reason = new String[p];
    List<Integer> survivors = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      String name = candidates.names().get(j);
      double[] observed =
          Arrays.stream(candidates.columnView(j)).filter(v -> !Double.isNaN(v)).sorted().toArray();
      double missing = 1 - observed.length / (double) Math.max(1, n);
      double mode = modeShare(observed);
      String figures = "missing for " + pct(missing) + ", most common value " + pct(mode);
      if (CORE.contains(name)) {
        reason[j] = "kept: part of RFM (" + figures + ")";
      } else if (missing > MAX_MISSING) {
        reason[j] = "dropped: missing for " + pct(missing) + " of customers";
        continue;
      } else if (mode >= NEAR_CONSTANT) {
        reason[j] = "dropped: one value for " + pct(mode) + " of the customers who have one";
        continue;
      } else {
        reason[j] = "kept: " + figures;
      }
      survivors.add(j);
    }
    if (survivors.isEmpty()) {
      survivors.add(0);
      reason[0] = "kept: every candidate failed the rule, so the first one stays";
    }
    List<String> all = candidates.names();
    TransformOptions options =
        TransformOptions.CLUSTERING
            .withIndicators(TransformOptions.Indicators.NEVER)
            .withLog1p(TransformOptions.Log1p.AUTO, all);
    // correlations on the transformed values, as k-means sees them
    FeatureMatrix transformed =
        FeatureTransform.fit(columns(candidates, survivors), options).matrix();
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
      if (twin != null && !CORE.contains(candidates.names().get(j))) {
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
      decisions.add(new Decision(all.get(j), in, in, reason[j]));
      if (in) {
        logged.add(all.get(j));
      }
    }
    return new Selection(
        columns(candidates, kept),
        options.withLog1p(TransformOptions.Log1p.AUTO, logged),
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
