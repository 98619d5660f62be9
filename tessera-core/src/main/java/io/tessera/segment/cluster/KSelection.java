package io.tessera.segment.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The rule that chooses k from the criteria of every candidate ({@link KScore}). It was written
 * down before it was measured on the second generator ({@code OrdersShop}) and on the real data
 * sets, and is not tuned on them (README, "Choosing k").
 *
 * <p>The rule:
 *
 * <ol>
 *   <li>Useful candidates: k at least the usefulness floor (2 below {@value #FLOOR_ROWS} customers,
 *       else 3: a two-way split of thousands of customers is rarely what a marketer can act on),
 *       and every cluster holding at least {@value #MIN_SHARE} of the customers and at least
 *       {@value #MIN_SIZE} of them. When no candidate is useful, all are.
 *   <li>Five criteria each nominate one useful k: the silhouette (highest), Calinski-Harabasz
 *       (highest), Davies-Bouldin (lowest), the gap statistic (Tibshirani's rule: the smallest k
 *       with gap(k) >= gap(k+1) - s(k+1), else the largest useful k) and bootstrap stability
 *       (Ben-Hur et al.'s rule: the largest k whose stability is at least {@value #STABLE}, else
 *       the most stable k).
 *   <li>k is the median of the five nominations.
 * </ol>
 *
 * <p>Why a median of nominations: each criterion fails in a known direction. The silhouette and
 * Davies-Bouldin reward well separated groups and so favour few clusters on elongated, overlapping
 * customer data (a held-out shop with six planted types got k = 2 from the silhouette); the gap
 * statistic and the largest-stable rule tend to keep growing with k on large samples, whose every
 * split is statistically real and reproducible. Calinski-Harabasz, the best of 30 stopping rules in
 * Milligan and Cooper's comparison, sits between. The median cannot be moved by one criterion's
 * failure, only by a majority (the majority rule of NbClust, Charrad et al. 2014, with a median so
 * that a tie is not possible). The BIC is reported but does not vote: with thousands of customers
 * and discrete counts (a spike at one order) it keeps falling up to k_max.
 *
 * <p>References: Milligan, G. W. and Cooper, M. C. (1985). An examination of procedures for
 * determining the number of clusters in a data set. Psychometrika 50, 159-179. Charrad, M.,
 * Ghazzali, N., Boiteau, V. and Niknafs, A. (2014). NbClust: an R package for determining the
 * relevant number of clusters in a data set. J. Stat. Software 61(6). Tibshirani et al. (2001) and
 * Ben-Hur et al. (2002), see {@link KCriteria}.
 */
public final class KSelection {
  /** From this many customers on, at least 3 clusters. */
  static final int FLOOR_ROWS = 1_000;

  /** The smallest share of the customers a cluster must hold for its k to be useful. */
  static final double MIN_SHARE = 0.01;

  /**
   * The fewest customers a cluster must hold for its k to be useful, whatever the share: below it a
   * "segment" is a handful of individuals to look at one by one, not a group to target (on 12
   * customers the criteria otherwise pick k = 7 with four singletons).
   */
  static final int MIN_SIZE = 5;

  /** Stability (mean adjusted Rand index) at which a k counts as stable. */
  static final double STABLE = 0.9;

  private KSelection() {}

  /**
   * Why k was chosen, as {@code k_choice} in models/clustering.json.
   *
   * @param k the chosen k
   * @param rule the rule, in words
   * @param reason how the rule applied to these criteria
   */
  public record Choice(
      @JsonProperty("k") int k,
      @JsonProperty("rule") String rule,
      @JsonProperty("reason") String reason) {}

  /** The rule in words, as reported with every choice. */
  static final String RULE =
      "useful k: at least 3 clusters from "
          + FLOOR_ROWS
          + " customers on (else 2) and every cluster at least "
          + (int) (MIN_SHARE * 100)
          + "% of customers and at least "
          + MIN_SIZE
          + " of them; silhouette (highest), Calinski-Harabasz (highest), Davies-Bouldin"
          + " (lowest), gap statistic (smallest k with gap(k) >= gap(k+1) - s(k+1)) and bootstrap"
          + " stability (largest k with stability >= "
          + STABLE
          + ") each nominate a useful k; k is the median of the five nominations";

  /**
   * Chooses k.
   *
   * @param scores the criteria of each candidate k, in k order (not empty)
   * @param rows the number of customers clustered
   */
  static Choice choose(List<KScore> scores, int rows) {
    int floor = rows < FLOOR_ROWS ? 2 : 3;
    double minShare = Math.max(MIN_SHARE, (double) MIN_SIZE / rows);
    List<KScore> useful =
        scores.stream()
            .filter(s -> s.k() >= floor)
            .filter(s -> s.smallestShare() == null || s.smallestShare() >= minShare - 1e-12)
            .toList();
    String note = "";
    if (useful.isEmpty()) {
      useful = scores;
      note = "no k passed the usefulness checks, so all were considered; ";
    }
    int silhouette = best(useful, KScore::silhouette, true);
    int ch = best(useful, KScore::calinskiHarabasz, true);
    int db = best(useful, KScore::daviesBouldin, false);
    int gap = gapNomination(useful);
    int stable = stabilityNomination(useful);
    int[] votes = {silhouette, ch, db, gap, stable};
    int[] sorted = votes.clone();
    java.util.Arrays.sort(sorted);
    int k = sorted[2];
    String reason =
        note
            + "useful k "
            + useful.stream().map(s -> Integer.toString(s.k())).reduce((a, b) -> a + ", " + b).get()
            + "; nominations: silhouette "
            + silhouette
            + ", Calinski-Harabasz "
            + ch
            + ", Davies-Bouldin "
            + db
            + ", gap "
            + gap
            + ", stability "
            + stable
            + "; median "
            + k;
    return new Choice(k, RULE, reason);
  }

  /** The k with the best finite value (ties: the smaller k); the smallest k when none is finite. */
  private static int best(
      List<KScore> scores, java.util.function.ToDoubleFunction<KScore> value, boolean higher) {
    int k = scores.get(0).k();
    double bestValue = Double.NaN;
    for (KScore s : scores) {
      double v = value.applyAsDouble(s);
      if (Double.isFinite(v)
          && (Double.isNaN(bestValue) || (higher ? v > bestValue : v < bestValue))) {
        bestValue = v;
        k = s.k();
      }
    }
    return k;
  }

  private static int gapNomination(List<KScore> useful) {
    for (int a = 0; a + 1 < useful.size(); a++) {
      KScore s = useful.get(a);
      KScore next = useful.get(a + 1);
      if (s.gap() != null
          && next.gap() != null
          && next.k() == s.k() + 1
          && s.gap() >= next.gap() - next.gapSe()) {
        return s.k();
      }
    }
    return useful.get(useful.size() - 1).k();
  }

  private static int stabilityNomination(List<KScore> useful) {
    int largest = -1;
    for (KScore s : useful) {
      if (s.stability() != null && s.stability() >= STABLE) {
        largest = s.k();
      }
    }
    if (largest > 0) {
      return largest;
    }
    return best(useful, s -> s.stability() == null ? Double.NaN : s.stability(), true);
  }
}
