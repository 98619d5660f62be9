package io.tessera.recommend;

/**
 * Options of the recommendation stage ({@code recommend.*} in {@code tessera.yaml}).
 *
 * @param topN items per customer (1..100)
 * @param method the method to serve, or null for auto (the best on the time split)
 * @param excludePurchased leave out what the customer already bought
 * @param testDays length of the time split's test period, ending at as_of
 * @param als the ALS options
 * @param itemCf the item-to-item options
 * @param lift the per-segment lift options
 * @param rules the association-rule options
 */
public record RecommendOptions(
    int topN,
    Method method,
    boolean excludePurchased,
    int testDays,
    ImplicitAls.Options als,
    ItemCf.Options itemCf,
    SegmentLift.Options lift,
    AssociationRules.Options rules) {

  /** Default ALS options: chosen on Online Retail's time split by the rule in the README. */
  public static final ImplicitAls.Options DEFAULT_ALS =
      new ImplicitAls.Options(32, 30, 1, 15, 42, 3);

  /** Default neighbourhood, chosen with the ALS options. */
  public static final ItemCf.Options DEFAULT_ITEM_CF = new ItemCf.Options(10);

  public RecommendOptions {
    if (topN < 1 || topN > 100) {
      throw new IllegalArgumentException("recommend.top_n must be in 1..100, got: " + topN);
    }
    if (testDays < 1) {
      throw new IllegalArgumentException(
          "recommend.test_days must be at least 1, got: " + testDays);
    }
  }

  public static RecommendOptions defaults() {
    return new RecommendOptions(
        10,
        null,
        true,
        30,
        DEFAULT_ALS,
        DEFAULT_ITEM_CF,
        new SegmentLift.Options(5, 0.02, 10),
        new AssociationRules.Options(0.01, 0.25, 10, 4));
  }

  public RecommendOptions withMethod(Method m) {
    return new RecommendOptions(topN, m, excludePurchased, testDays, als, itemCf, lift, rules);
  }

  public RecommendOptions withAls(ImplicitAls.Options a) {
    return new RecommendOptions(topN, method, excludePurchased, testDays, a, itemCf, lift, rules);
  }

  public RecommendOptions withItemCf(ItemCf.Options c) {
    return new RecommendOptions(topN, method, excludePurchased, testDays, als, c, lift, rules);
  }
}
