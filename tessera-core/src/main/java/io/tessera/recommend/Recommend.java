package io.tessera.recommend;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The recommendation stage as one call: evaluates every method on a time split of the purchases
 * (the last {@code testDays} before as_of as the test period), chooses one (or takes the configured
 * one), fits it on everything, and answers each customer's top N, topped up from the segment's
 * popular items when the method has fewer. Also the per-segment lifted items and the association
 * rules, overall and per segment.
 */
public final class Recommend {
  /**
   * The fewest customers with a purchase in both periods for the time split to choose the method;
   * with fewer the split is not evaluated and {@link #WITHOUT_SPLIT} is served.
   */
  public static final int MIN_EVALUATED = 20;

  /** The method served when the split cannot choose (the best on Online Retail's split). */
  public static final Method WITHOUT_SPLIT = Method.ITEM_CF;

  private Recommend() {}

  /** A fitted recommender of a method on these purchases. */
  static Recommender recommender(
      Method m,
      Purchases p,
      Map<String, String> segmentOf,
      RecommendOptions o,
      Popularity segmentPopular) {
    return switch (m) {
      case ALS -> ImplicitAls.fit(p, o.als());
      case ITEM_CF -> ItemCf.fit(p, o.itemCf());
      case POPULAR -> Popularity.global(p);
      case SEGMENT_POPULAR ->
          segmentPopular != null ? segmentPopular : Popularity.bySegment(p, segmentOf);
    };
  }

  /** The recommender's top n, topped up from {@code fill} when it has fewer. */
  static List<Recommender.Scored> filled(
      Recommender r, Popularity fill, String customer, int n, Set<String> exclude) {
    List<Recommender.Scored> out = new ArrayList<>(r.recommend(customer, n, exclude));
    if (out.size() < n && r != fill) {
      Set<String> more = new HashSet<>(exclude);
      out.forEach(s -> more.add(s.item()));
      out.addAll(fill.recommend(customer, n - out.size(), more));
    }
    return out;
  }

  /**
   * The stage's result.
   *
   * @param purchases the matrix everything was fitted on
   * @param evaluation the time split, or null when it could not be evaluated
   * @param evaluationNote why there is no evaluation (null when there is one)
   * @param chosen the method served
   * @param choice why that method
   * @param segmentLift per segment, its most lifted items
   * @param rules association rules over all orders, highest lift first, with the count applied
   * @param segmentRules per segment, the rules of its members' orders
   * @param options the options
   */
  public record Outcome(
      Purchases purchases,
      TimeSplit.Result evaluation,
      String evaluationNote,
      Method chosen,
      String choice,
      Map<String, List<SegmentLift.LiftedItem>> segmentLift,
      AssociationRules.Mined rules,
      Map<String, List<AssociationRules.Rule>> segmentRules,
      RecommendOptions options,
      Recommender recommender,
      Popularity fill) {

    /**
     * The top N for a customer, leaving out what they bought (when configured) and {@code
     * alsoExclude} (e.g. items bought live since the run).
     */
    public List<Recommendation> recommend(String customer, Set<String> alsoExclude) {
      Set<String> exclude = new HashSet<>(alsoExclude);
      int u = purchases.customerIndex(customer);
      if (options.excludePurchased() && u >= 0) {
        for (int i : purchases.itemsOf(u)) {
          exclude.add(purchases.item(i));
        }
      }
      List<Recommender.Scored> scored =
          filled(recommender, fill, customer, options.topN(), exclude);
      List<Recommendation> out = new ArrayList<>(scored.size());
      for (int k = 0; k < scored.size(); k++) {
        Recommender.Scored s = scored.get(k);
        out.add(new Recommendation(customer, k + 1, s.item(), s.score(), s.reason()));
      }
      return out;
    }
  }

  /**
   * Runs the stage.
   *
   * @param purchases every bought line up to as_of
   * @param segmentOf each customer's segment id
   * @param asOf the run's reference day (the split's test period ends there)
   */
  public static Outcome fit(
      List<Purchase> purchases,
      Map<String, String> segmentOf,
      LocalDate asOf,
      RecommendOptions options) {
    return fit(PurchaseLines.of(purchases), segmentOf, asOf, options);
  }

  /**
   * As {@link #fit(List, Map, LocalDate, RecommendOptions)}, on lines in columns (what a run holds:
   * 16 bytes a line). The outcome does not hold the lines.
   */
  public static Outcome fit(
      PurchaseLines lines,
      Map<String, String> segmentOf,
      LocalDate asOf,
      RecommendOptions options) {
    Objects.requireNonNull(asOf, "asOf");
    TimeSplit.Result evaluation =
        TimeSplit.evaluate(
            lines, asOf.minusDays(options.testDays()), options.testDays(), segmentOf, options);
    String note = null;
    if (evaluation.customers() < MIN_EVALUATED) {
      note =
          evaluation.customers()
              + " customers bought both before and in the last "
              + options.testDays()
              + " days; the time split needs "
              + MIN_EVALUATED;
      evaluation = null;
    }
    Method chosen;
    String choice;
    if (options.method() != null) {
      chosen = options.method();
      choice = "configured (recommend.method: " + chosen.wire() + ")";
    } else if (evaluation != null) {
      chosen = evaluation.chosen();
      choice = "best on the time split: " + TimeSplit.RULE;
    } else {
      chosen = WITHOUT_SPLIT;
      choice = "no time split (" + note + "); the default " + WITHOUT_SPLIT.wire();
    }
    Purchases matrix = Purchases.of(lines, Integer.MAX_VALUE);
    Popularity fill = Popularity.bySegment(matrix, segmentOf);
    Recommender r = recommender(chosen, matrix, segmentOf, options, fill);
    Map<String, List<SegmentLift.LiftedItem>> lift =
        SegmentLift.compute(matrix, segmentOf, options.lift());
    AssociationRules.Mined rules =
        AssociationRules.mineCounted(
            new AssociationRules.Baskets() {
              @Override
              public int size() {
                return lines.orders();
              }

              @Override
              public void items(int b, IntConsumer each) {
                for (int k = lines.orderStart(b); k < lines.orderEnd(b); k++) {
                  each.accept(lines.item(k));
                }
              }
            },
            lines.itemIds(),
            options.rules());
    Map<String, List<AssociationRules.Rule>> segmentRules = segmentRules(lines, segmentOf, options);
    return new Outcome(
        matrix, evaluation, note, chosen, choice, lift, rules, segmentRules, options, r, fill);
  }

  /**
   * Each segment's rules, over its baskets: per order, the lines of the segment's customers (each
   * segment on its own thread; they share nothing). The baskets are order numbers, not copies of
   * the lines.
   */
  private static Map<String, List<AssociationRules.Rule>> segmentRules(
      PurchaseLines lines, Map<String, String> segmentOf, RecommendOptions options) {
    Map<String, Integer> segmentIndex = new TreeMap<>();
    int[] customerSegment = new int[lines.customers()];
    for (int c = 0; c < customerSegment.length; c++) {
      String s = segmentOf.get(lines.customerId(c));
      customerSegment[c] = s == null ? -1 : segmentIndex.computeIfAbsent(s, k -> -1);
    }
    String[] segments = segmentIndex.keySet().toArray(String[]::new);
    for (int k = 0; k < segments.length; k++) {
      segmentIndex.put(segments[k], k);
    }
    for (int c = 0; c < customerSegment.length; c++) {
      String s = segmentOf.get(lines.customerId(c));
      customerSegment[c] = s == null ? -1 : segmentIndex.get(s);
    }
    int[][] ordersOf = new int[segments.length][16];
    int[] count = new int[segments.length];
    int[] lastOrder = new int[segments.length];
    Arrays.fill(lastOrder, -1);
    for (int o = 0; o < lines.orders(); o++) {
      for (int k = lines.orderStart(o); k < lines.orderEnd(o); k++) {
        int s = customerSegment[lines.customer(k)];
        if (s >= 0 && lastOrder[s] != o) {
          lastOrder[s] = o;
          if (count[s] == ordersOf[s].length) {
            ordersOf[s] = Arrays.copyOf(ordersOf[s], count[s] * 2);
          }
          ordersOf[s][count[s]++] = o;
        }
      }
    }
    Map<String, List<AssociationRules.Rule>> out = new TreeMap<>();
    IntStream.range(0, segments.length)
        .filter(s -> count[s] > 0)
        .parallel()
        .mapToObj(
            s ->
                Map.entry(
                    segments[s],
                    AssociationRules.mineCounted(
                            new AssociationRules.Baskets() {
                              @Override
                              public int size() {
                                return count[s];
                              }

                              @Override
                              public void items(int b, IntConsumer each) {
                                int o = ordersOf[s][b];
                                for (int k = lines.orderStart(o); k < lines.orderEnd(o); k++) {
                                  if (customerSegment[lines.customer(k)] == s) {
                                    each.accept(lines.item(k));
                                  }
                                }
                              }
                            },
                            lines.itemIds(),
                            options.rules())
                        .rules()))
        .toList()
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
