package io.tessera.pipeline.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tessera.config.ConfigException;
import io.tessera.recommend.Method;
import io.tessera.recommend.RecommendOptions;
import org.junit.jupiter.api.Test;

/** The recommend: block: defaults, each key read, and one-line messages naming the key. */
class RecommendSettingsTest {
  private static JsonNode yaml(String text) throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(text);
  }

  @Test
  void withoutTheBlockTheDefaultsApply() throws Exception {
    RecommendSettings s = RecommendSettings.parse(yaml("as_of: 2026-01-01\n"));
    assertThat(s.enabled()).isTrue();
    assertThat(s.options()).isEqualTo(RecommendOptions.defaults());
    assertThat(s.options().method()).isNull(); // auto
  }

  @Test
  void everyKeyShouldBeRead() throws Exception {
    RecommendSettings s =
        RecommendSettings.parse(
            yaml(
                "recommend:\n  enabled: false\n  top_n: 5\n  method: als\n"
                    + "  exclude_purchased: false\n  test_days: 14\n  neighbours: 20\n"
                    + "  als: {factors: 8, lambda: 2.5, alpha: 4, iterations: 3, seed: 7,"
                    + " cg_steps: 0}\n"
                    + "  segment_min_customers: 3\n  segment_min_share: 0.1\n  segment_top: 4\n"
                    + "  rules: {min_support: 0.02, min_confidence: 0.5, min_count: 2,"
                    + " max_length: 3}\n"));
    RecommendOptions o = s.options();
    assertThat(s.enabled()).isFalse();
    assertThat(o.topN()).isEqualTo(5);
    assertThat(o.method()).isEqualTo(Method.ALS);
    assertThat(o.excludePurchased()).isFalse();
    assertThat(o.testDays()).isEqualTo(14);
    assertThat(o.itemCf().neighbours()).isEqualTo(20);
    assertThat(o.als()).isEqualTo(new io.tessera.recommend.ImplicitAls.Options(8, 2.5, 4, 3, 7, 0));
    assertThat(o.lift()).isEqualTo(new io.tessera.recommend.SegmentLift.Options(3, 0.1, 4));
    assertThat(o.rules())
        .isEqualTo(new io.tessera.recommend.AssociationRules.Options(0.02, 0.5, 2, 3));
  }

  @Test
  void badValuesShouldNameTheKeyAndTheAllowedValues() {
    assertThatThrownBy(() -> RecommendSettings.parse(yaml("recommend:\n  topn: 5\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("recommend: unknown key 'topn'")
        .hasMessageContaining("top_n");
    assertThatThrownBy(() -> RecommendSettings.parse(yaml("recommend:\n  method: svd\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown recommend method 'svd'")
        .hasMessageContaining("als, item_cf, popular, segment_popular");
    assertThatThrownBy(() -> RecommendSettings.parse(yaml("recommend:\n  top_n: 0\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("recommend.top_n must be in 1..100");
    assertThatThrownBy(() -> RecommendSettings.parse(yaml("recommend:\n  als: {factors: x}\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("recommend.als.factors must be a whole number");
    assertThatThrownBy(() -> RecommendSettings.parse(yaml("recommend:\n  enabled: maybe\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("recommend.enabled must be true or false");
  }
}
