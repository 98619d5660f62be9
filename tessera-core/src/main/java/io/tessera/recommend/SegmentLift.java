package io.tessera.recommend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The products that lift most in a segment compared with everyone: what to feature in a campaign to
 * it.
 *
 * <p>For a segment S and an item i: {@code segment_share = |buyers of i in S| / |buyers in S|},
 * {@code overall_share = |buyers of i| / |buyers|} and {@code lift = segment_share /
 * overall_share}. An item needs at least {@code minCustomers} buyers in the segment, and at least
 * {@code minShare} of them, so that two customers buying a rare item do not top the list.
 */
public final class SegmentLift {
  private SegmentLift() {}

  /**
   * @param minCustomers the fewest buyers of an item within the segment (at least 1)
   * @param minShare the smallest segment share, in [0, 1]
   * @param top how many items per segment
   */
  public record Options(int minCustomers, double minShare, int top) {
    public Options {
      if (minCustomers < 1) {
        throw new IllegalArgumentException(
            "recommend.segment_min_customers must be at least 1, got: " + minCustomers);
      }
      if (!(minShare >= 0 && minShare <= 1)) {
        throw new IllegalArgumentException(
            "recommend.segment_min_share must be in [0, 1], got: " + minShare);
      }
      if (top < 1) {
        throw new IllegalArgumentException("recommend.segment_top must be at least 1, got: " + top);
      }
    }
  }

  /**
   * One lifted item.
   *
   * @param item the product id
   * @param customers buyers of it in the segment
   * @param segmentShare customers / buyers in the segment
   * @param overallShare buyers of it / all buyers
   * @param lift segmentShare / overallShare
   */
  public record LiftedItem(
      String item, int customers, double segmentShare, double overallShare, double lift) {}

  /** Per segment id (sorted), its most lifted items, highest lift first. */
  public static Map<String, List<LiftedItem>> compute(
      Purchases purchases, Map<String, String> segmentOf, Options options) {
    int m = purchases.itemCount();
    Map<String, int[]> counts = new HashMap<>();
    Map<String, Integer> sizes = new HashMap<>();
    int buyers = 0;
    for (int u = 0; u < purchases.customerCount(); u++) {
      if (purchases.rowEnd(u) == purchases.rowStart(u)) {
        continue;
      }
      buyers++;
      String s = segmentOf.get(purchases.customer(u));
      if (s == null) {
        continue;
      }
      sizes.merge(s, 1, Integer::sum);
      int[] c = counts.computeIfAbsent(s, k -> new int[m]);
      for (int p = purchases.rowStart(u); p < purchases.rowEnd(u); p++) {
        c[purchases.cols()[p]]++;
      }
    }
    Map<String, List<LiftedItem>> out = new TreeMap<>();
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      int size = sizes.get(e.getKey());
      List<LiftedItem> items = new ArrayList<>();
      for (int i = 0; i < m; i++) {
        int c = e.getValue()[i];
        double share = (double) c / size;
        if (c < options.minCustomers() || share < options.minShare()) {
          continue;
        }
        double overall = (double) purchases.itemCustomers(i) / buyers;
        items.add(new LiftedItem(purchases.item(i), c, share, overall, share / overall));
      }
      items.sort(
          Comparator.comparingDouble(LiftedItem::lift)
              .reversed()
              .thenComparing(Comparator.comparingInt(LiftedItem::customers).reversed())
              .thenComparing(LiftedItem::item));
      out.put(e.getKey(), List.copyOf(items.subList(0, Math.min(options.top(), items.size()))));
    }
    return out;
  }
}
