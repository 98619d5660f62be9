package io.tessera.recommend;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

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
    Objects.requireNonNull(asOf, "asOf");
    TimeSplit.Result evaluation =
        TimeSplit.evaluate(
            purchases, asOf.minusDays(options.testDays()), options.testDays(), segmentOf, options);
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
    Purchases matrix = Purchases.of(purchases);
    Popularity fill = Popularity.bySegment(matrix, segmentOf);
    Recommender r = recommender(chosen, matrix, segmentOf, options, fill);
    Map<String, List<SegmentLift.LiftedItem>> lift =
        SegmentLift.compute(matrix, segmentOf, options.lift());
    Map<String, List<String>> baskets = new LinkedHashMap<>();
    Map<String, Map<String, List<String>>> segmentBaskets = new TreeMap<>();
    for (Purchase p : purchases) {
      baskets.computeIfAbsent(p.order(), k -> new ArrayList<>()).add(p.item());
      String s = segmentOf.get(p.customer());
      if (s != null) {
        segmentBaskets
            .computeIfAbsent(s, k -> new LinkedHashMap<>())
            .computeIfAbsent(p.order(), k -> new ArrayList<>())
            .add(p.item());
      }
    }
    AssociationRules.Mined rules =
        AssociationRules.mineCounted(List.copyOf(baskets.values()), options.rules());
    // each segment's rules on their own thread (they share nothing)
    Map<String, List<AssociationRules.Rule>> segmentRules =
        new TreeMap<>(
            segmentBaskets.entrySet().parallelStream()
                .collect(
                    java.util.stream.Collectors.toMap(
                        Map.Entry::getKey,
                        e ->
                            AssociationRules.mine(
                                List.copyOf(e.getValue().values()), options.rules()))));
    return new Outcome(
        matrix, evaluation, note, chosen, choice, lift, rules, segmentRules, options, r, fill);
  }
}
