package io.tessera.pipeline.recommend;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.recommend.AssociationRules;
import io.tessera.recommend.ImplicitAls;
import io.tessera.recommend.ItemCf;
import io.tessera.recommend.Method;
import io.tessera.recommend.RecommendOptions;
import io.tessera.recommend.SegmentLift;
import io.tessera.store.ConfigException;
import java.util.Set;
import java.util.TreeSet;

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
    check(c, "recommend", KEYS);
    try {
      String m = c.path("method").asText("auto").strip();
      Method method = m.equalsIgnoreCase("auto") ? null : Method.parse(m);
      JsonNode a = c.path("als");
      if (!a.isMissingNode() && !a.isNull()) {
        check(
            a,
            "recommend.als",
            Set.of("factors", "lambda", "alpha", "iterations", "seed", "cg_steps"));
      }
      ImplicitAls.Options als =
          new ImplicitAls.Options(
              integer(a, "recommend.als.factors", d.als().factors()),
              number(a, "recommend.als.lambda", d.als().lambda()),
              number(a, "recommend.als.alpha", d.als().alpha()),
              integer(a, "recommend.als.iterations", d.als().iterations()),
              integer(a, "recommend.als.seed", (int) d.als().seed()),
              integer(a, "recommend.als.cg_steps", d.als().cgSteps()));
      JsonNode r = c.path("rules");
      if (!r.isMissingNode() && !r.isNull()) {
        check(
            r,
            "recommend.rules",
            Set.of("min_support", "min_confidence", "min_count", "max_length"));
      }
      return new RecommendSettings(
          bool(c, "enabled", true),
          new RecommendOptions(
              integer(c, "recommend.top_n", d.topN()),
              method,
              bool(c, "exclude_purchased", d.excludePurchased()),
              integer(c, "recommend.test_days", d.testDays()),
              als,
              new ItemCf.Options(integer(c, "recommend.neighbours", d.itemCf().neighbours())),
              new SegmentLift.Options(
                  integer(c, "recommend.segment_min_customers", d.lift().minCustomers()),
                  number(c, "recommend.segment_min_share", d.lift().minShare()),
                  integer(c, "recommend.segment_top", d.lift().top())),
              new AssociationRules.Options(
                  number(r, "recommend.rules.min_support", d.rules().minSupport()),
                  number(r, "recommend.rules.min_confidence", d.rules().minConfidence()),
                  integer(r, "recommend.rules.min_count", d.rules().minCount()),
                  integer(r, "recommend.rules.max_length", d.rules().maxLength()))));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static void check(JsonNode c, String where, Set<String> keys) {
    if (!c.isObject()) {
      throw new ConfigException(
          where + " must be a mapping with keys " + String.join(", ", new TreeSet<>(keys)));
    }
    c.fieldNames()
        .forEachRemaining(
            k -> {
              if (!keys.contains(k)) {
                throw new ConfigException(
                    where
                        + ": unknown key '"
                        + k
                        + "'; allowed keys are "
                        + String.join(", ", new TreeSet<>(keys)));
              }
            });
  }

  private static String leaf(String key) {
    return key.substring(key.lastIndexOf('.') + 1);
  }

  private static boolean bool(JsonNode c, String key, boolean dflt) {
    JsonNode v = c.path(key);
    if (v.isMissingNode() || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw new ConfigException(
          "recommend." + key + " must be true or false, got '" + v.asText() + "'");
    }
    return v.asBoolean();
  }

  private static int integer(JsonNode c, String key, int dflt) {
    JsonNode v = c.path(leaf(key));
    if (v.isMissingNode() || v.isNull()) {
      return dflt;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new ConfigException(key + " must be a whole number, got '" + v.asText() + "'");
    }
    return v.asInt();
  }

  private static double number(JsonNode c, String key, double dflt) {
    JsonNode v = c.path(leaf(key));
    if (v.isMissingNode() || v.isNull()) {
      return dflt;
    }
    if (!v.isNumber()) {
      throw new ConfigException(key + " must be a number, got '" + v.asText() + "'");
    }
    return v.asDouble();
  }
}
