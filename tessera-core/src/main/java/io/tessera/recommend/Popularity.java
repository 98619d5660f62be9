package io.tessera.recommend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The popularity baselines: the items most customers bought, over everyone or within the customer's
 * segment. A customer without a segment (or in a segment too small to have a list) gets the shop's
 * list.
 */
public final class Popularity implements Recommender {
  private final Method method;
  private final Purchases purchases;
  private final int[] global;
  private final double[] globalScore;
  private final Map<String, String> segmentOf;
  private final Map<String, int[]> bySegment;
  private final Map<String, double[]> bySegmentScore;

  private Popularity(
      Method method,
      Purchases purchases,
      Map<String, String> segmentOf,
      Map<String, int[]> bySegment,
      Map<String, double[]> bySegmentScore) {
    this.method = method;
    this.purchases = purchases;
    double[] counts = new double[purchases.itemCount()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = purchases.itemCustomers(i);
    }
    this.globalScore = counts;
    this.global = TopN.of(counts, counts.length);
    this.segmentOf = segmentOf;
    this.bySegment = bySegment;
    this.bySegmentScore = bySegmentScore;
  }

  /** The shop-wide baseline: items ranked by how many customers bought them. */
  public static Popularity global(Purchases purchases) {
    return new Popularity(Method.POPULAR, purchases, Map.of(), Map.of(), Map.of());
  }

  /**
   * The per-segment baseline: within each segment, items ranked by how many of its members bought
   * them.
   *
   * @param segmentOf each customer's segment id (customers absent from it use the shop's list)
   */
  public static Popularity bySegment(Purchases purchases, Map<String, String> segmentOf) {
    Map<String, double[]> counts = new HashMap<>();
    for (int u = 0; u < purchases.customerCount(); u++) {
      String s = segmentOf.get(purchases.customer(u));
      if (s == null) {
        continue;
      }
      double[] c = counts.computeIfAbsent(s, k -> new double[purchases.itemCount()]);
      for (int p = purchases.rowStart(u); p < purchases.rowEnd(u); p++) {
        c[purchases.cols()[p]]++;
      }
    }
    Map<String, int[]> ranked = new HashMap<>();
    counts.forEach((s, c) -> ranked.put(s, TopN.of(zeroAsNaN(c), c.length)));
    return new Popularity(Method.SEGMENT_POPULAR, purchases, Map.copyOf(segmentOf), ranked, counts);
  }

  private static double[] zeroAsNaN(double[] c) {
    double[] out = c.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == 0) {
        out[i] = Double.NaN;
      }
    }
    return out;
  }

  @Override
  public Method method() {
    return method;
  }

  @Override
  public List<Scored> recommend(String customer, int n, Set<String> exclude) {
    String segment = segmentOf.get(customer);
    int[] order = segment == null ? null : bySegment.get(segment);
    List<Scored> out = new ArrayList<>(n);
    if (order != null) {
      double[] score = bySegmentScore.get(segment);
      take(order, score, n, exclude, new Reason.PopularInSegment(segment), out);
    }
    if (out.size() < n) {
      Set<String> more = new java.util.HashSet<>(exclude);
      out.forEach(s -> more.add(s.item()));
      take(global, globalScore, n, more, new Reason.Popular(), out);
    }
    return out;
  }

  private void take(
      int[] order, double[] score, int n, Set<String> exclude, Reason reason, List<Scored> out) {
    for (int k = 0; k < order.length && out.size() < n; k++) {
      String item = purchases.item(order[k]);
      if (!exclude.contains(item)) {
        out.add(new Scored(item, score[order[k]], reason));
      }
    }
  }
}
