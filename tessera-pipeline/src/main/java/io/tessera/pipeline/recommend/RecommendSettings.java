package io.tessera.pipeline.recommend;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.config.ConfigBlock;
import io.tessera.config.ConfigException;
import io.tessera.recommend.AssociationRules;
import io.tessera.recommend.ImplicitAls;
import io.tessera.recommend.ItemCf;
import io.tessera.recommend.Method;
import io.tessera.recommend.RecommendOptions;
import io.tessera.recommend.SegmentLift;
import java.util.Set;

/**
 * The {@code recommend:} block of tessera.yaml.
 *
 * <pre>
 * recommend:
 *   enabled: true
 *   top_n: 10                  # items per customer (1-100)
 *   method: auto               # auto (best on the time split), als, item_cf, popular,
 *                              # segment_popular
 *   exclude_purchased: true    # never recommend what the customer already bought
 *   test_days: 30              # the time split's test period, ending at as_of
 *   neighbours: 10             # item_cf: similar items kept per item
 *   als: {factors: 32, lambda: 30, alpha: 1, iterations: 15, seed: 42, cg_steps: 3}
 *   segment_min_customers: 5   # lifted items: fewest buyers within the segment
 *   segment_min_share: 0.02    # ... and smallest share of the segment's buyers
 *   segment_top: 10            # lifted items per segment
 *   rules: {min_support: 0.01, min_confidence: 0.25, min_count: 10, max_length: 4}
 * </pre>
 */
public record RecommendSettings(boolean enabled, RecommendOptions options) {
  static final Set<String> KEYS =
      Set.of(
          "enabled",
          "top_n",
          "method",
          "exclude_purchased",
          "test_days",
          "neighbours",
          "als",
          "segment_min_customers",
          "segment_min_share",
          "segment_top",
          "rules");

  public static RecommendSettings parse(JsonNode raw) {
    JsonNode c = raw == null ? null : raw.path("recommend");
    RecommendOptions d = RecommendOptions.defaults();
    if (c == null || c.isMissingNode() || c.isNull()) {
      return new RecommendSettings(true, d);
    }
    ConfigBlock.checkKeys(c, "recommend", KEYS);
    try {
      String m = c.path("method").asText("auto").strip();
      Method method = m.equalsIgnoreCase("auto") ? null : Method.parse(m);
      JsonNode a = c.path("als");
      ConfigBlock.checkKeys(
          a,
          "recommend.als",
          Set.of("factors", "lambda", "alpha", "iterations", "seed", "cg_steps"));
      ImplicitAls.Options als =
          new ImplicitAls.Options(
              ConfigBlock.integer(a, "recommend.als.factors", d.als().factors()),
              ConfigBlock.number(a, "recommend.als.lambda", d.als().lambda()),
              ConfigBlock.number(a, "recommend.als.alpha", d.als().alpha()),
              ConfigBlock.integer(a, "recommend.als.iterations", d.als().iterations()),
              ConfigBlock.integer(a, "recommend.als.seed", (int) d.als().seed()),
              ConfigBlock.integer(a, "recommend.als.cg_steps", d.als().cgSteps()));
      JsonNode r = c.path("rules");
      ConfigBlock.checkKeys(
          r, "recommend.rules", Set.of("min_support", "min_confidence", "min_count", "max_length"));
      return new RecommendSettings(
          ConfigBlock.bool(c, "recommend.enabled", true),
          new RecommendOptions(
              ConfigBlock.integer(c, "recommend.top_n", d.topN()),
              method,
              ConfigBlock.bool(c, "recommend.exclude_purchased", d.excludePurchased()),
              ConfigBlock.integer(c, "recommend.test_days", d.testDays()),
              als,
              new ItemCf.Options(
                  ConfigBlock.integer(c, "recommend.neighbours", d.itemCf().neighbours())),
              new SegmentLift.Options(
                  ConfigBlock.integer(
                      c, "recommend.segment_min_customers", d.lift().minCustomers()),
                  ConfigBlock.number(c, "recommend.segment_min_share", d.lift().minShare()),
                  ConfigBlock.integer(c, "recommend.segment_top", d.lift().top())),
              new AssociationRules.Options(
                  ConfigBlock.number(r, "recommend.rules.min_support", d.rules().minSupport()),
                  ConfigBlock.number(
                      r, "recommend.rules.min_confidence", d.rules().minConfidence()),
                  ConfigBlock.integer(r, "recommend.rules.min_count", d.rules().minCount()),
                  ConfigBlock.integer(r, "recommend.rules.max_length", d.rules().maxLength()))));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }
}
