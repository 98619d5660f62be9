package io.tessera.recommend;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Ranking metrics at a cut-off k, for one customer; means over customers are taken by {@link
 * TimeSplit}.
 *
 * <ul>
 *   <li>precision@k = hits in the first k / k (a list shorter than k still divides by k);
 *   <li>recall@k = hits in the first k / relevant items;
 *   <li>AP@k = sum over hit positions i <= k of precision@i, divided by min(k, relevant) (the usual
 *       MAP@k of recommender evaluation, e.g. Kaggle's and {@code ml_metrics}' apk);
 *   <li>coverage = distinct items recommended to anyone / items in the catalogue.
 * </ul>
 *
 * All three per-customer figures are 0 for a customer with nothing relevant.
 */
public final class RankingMetrics {
  private RankingMetrics() {}

  public static double precisionAt(List<String> ranked, Set<String> relevant, int k) {
    return hits(ranked, relevant, k) / (double) k;
  }

  public static double recallAt(List<String> ranked, Set<String> relevant, int k) {
    return relevant.isEmpty() ? 0 : hits(ranked, relevant, k) / (double) relevant.size();
  }

  public static double averagePrecisionAt(List<String> ranked, Set<String> relevant, int k) {
    if (relevant.isEmpty()) {
      return 0;
    }
    double sum = 0;
    int hits = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      if (relevant.contains(ranked.get(i))) {
        hits++;
        sum += hits / (double) (i + 1);
      }
    }
    return sum / Math.min(k, relevant.size());
  }

  public static double coverage(Collection<String> recommendedToAnyone, int catalogue) {
    return catalogue == 0 ? 0 : Set.copyOf(recommendedToAnyone).size() / (double) catalogue;
  }

  private static int hits(List<String> ranked, Set<String> relevant, int k) {
    int h = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      if (relevant.contains(ranked.get(i))) {
        h++;
      }
    }
    return h;
  }
}
