package io.tessera.recommend;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluation on a time split: each method is fitted on the purchases up to {@code trainEnd} and
 * asked for its top 10 for every customer who bought both before and in the {@code testDays} after;
 * the relevant items are what the customer bought in the test period and had not bought before
 * (recommendations leave out what a customer already bought). A customer with no new item in the
 * test period counts with 0 for every method.
 *
 * <p>The chosen method is the one with the highest MAP@10, then precision@10, then the earlier in
 * {@link Method}'s order.
 */
public final class TimeSplit {
  /** The cut-off of the metrics. */
  public static final int K = 10;

  /** How the method is chosen, as written to {@code models/recommend.json}. */
  public static final String RULE = "highest MAP@10, then precision@10";

  private TimeSplit() {}

  /** One method's means over the evaluated customers. */
  public record Figures(
      Method method, double precision, double recall, double map, double coverage) {}

  /**
   * The split's outcome.
   *
   * @param trainEnd last training day
   * @param testDays length of the test period
   * @param customers customers with a purchase in both periods (evaluated)
   * @param withNewItems those of them who bought an item new to them in the test period
   * @param figures per method
   * @param chosen the best by {@link #RULE}
   */
  public record Result(
      LocalDate trainEnd,
      int testDays,
      int customers,
      int withNewItems,
      List<Figures> figures,
      Method chosen) {
    public Result {
      figures = List.copyOf(figures);
    }

    public Figures of(Method m) {
      return figures.stream().filter(f -> f.method() == m).findFirst().orElseThrow();
    }
  }

  /** Evaluates every method of {@link Method} on the split. */
  public static Result evaluate(
      List<Purchase> purchases,
      LocalDate trainEnd,
      int testDays,
      Map<String, String> segmentOf,
      RecommendOptions options) {
    return evaluate(PurchaseLines.of(purchases), trainEnd, testDays, segmentOf, options);
  }

  /** As {@link #evaluate(List, LocalDate, int, Map, RecommendOptions)}, on lines in columns. */
  public static Result evaluate(
      PurchaseLines lines,
      LocalDate trainEnd,
      int testDays,
      Map<String, String> segmentOf,
      RecommendOptions options) {
    Map<String, Set<String>> test = new HashMap<>();
    int last = Math.toIntExact(trainEnd.toEpochDay());
    int testEnd = Math.toIntExact(trainEnd.plusDays(testDays).toEpochDay());
    for (int k = 0; k < lines.size(); k++) {
      int day = lines.day(k);
      if (day > last && day <= testEnd) {
        test.computeIfAbsent(lines.customerId(lines.customer(k)), c -> new HashSet<>())
            .add(lines.itemId(lines.item(k)));
      }
    }
    Purchases matrix = Purchases.of(lines, last);
    List<String> evaluated = new ArrayList<>();
    Map<String, Set<String>> relevant = new HashMap<>();
    for (Map.Entry<String, Set<String>> e : test.entrySet()) {
      int u = matrix.customerIndex(e.getKey());
      if (u < 0) {
        continue;
      }
      evaluated.add(e.getKey());
      Set<String> fresh = new HashSet<>(e.getValue());
      fresh.removeAll(bought(matrix, u));
      relevant.put(e.getKey(), fresh);
    }
    // the test window's purchases are in `relevant` now; its sets go
    test = null;
    evaluated.sort(Comparator.naturalOrder());
    int withNew = (int) relevant.values().stream().filter(s -> !s.isEmpty()).count();
    Popularity segmentPopular = Popularity.bySegment(matrix, segmentOf);
    List<Figures> figures = new ArrayList<>();
    for (Method m : Method.values()) {
      Recommender r = Recommend.recommender(m, matrix, segmentOf, options, segmentPopular);
      double p = 0;
      double rc = 0;
      double ap = 0;
      Set<String> shown = new HashSet<>();
      for (String c : evaluated) {
        // made again for each method from the matrix, not held for every customer evaluated (a
        // set of every evaluated customer's items was some 300 bytes a customer; issue 14)
        Set<String> before = bought(matrix, matrix.customerIndex(c));
        List<String> ranked = new ArrayList<>(r.items(c, K, before));
        if (ranked.size() < K && r != segmentPopular) {
          // topped up as served (Recommend.filled)
          Set<String> more = new HashSet<>(before);
          more.addAll(ranked);
          ranked.addAll(segmentPopular.items(c, K - ranked.size(), more));
        }
        shown.addAll(ranked);
        Set<String> rel = relevant.get(c);
        p += RankingMetrics.precisionAt(ranked, rel, K);
        rc += RankingMetrics.recallAt(ranked, rel, K);
        ap += RankingMetrics.averagePrecisionAt(ranked, rel, K);
      }
      int n = Math.max(1, evaluated.size());
      figures.add(
          new Figures(
              m, p / n, rc / n, ap / n, RankingMetrics.coverage(shown, matrix.itemCount())));
    }
    Method chosen =
        figures.stream()
            .sorted(
                Comparator.comparingDouble(Figures::map)
                    .reversed()
                    .thenComparing(Comparator.comparingDouble(Figures::precision).reversed())
                    .thenComparing(f -> f.method().ordinal()))
            .findFirst()
            .orElseThrow()
            .method();
    return new Result(trainEnd, testDays, evaluated.size(), withNew, figures, chosen);
  }

  /** The items customer {@code u} bought before the test window, in the matrix's order. */
  private static Set<String> bought(Purchases matrix, int u) {
    Set<String> before = new HashSet<>();
    for (int i : matrix.itemsOf(u)) {
      before.add(matrix.item(i));
    }
    return before;
  }
}
