package io.tessera.segment.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.feature.FeatureMatrix;
import io.tessera.feature.FeatureSelection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every feature Tessera clusters on by default reads as words in a segment's name, in English and
 * Korean, never as its column name ("customers with high ipt sd days" reached a run's output).
 */
class SegmentNameWordsTest {
  @Test
  void everyDefaultFeatureShouldHaveItsOwnWordsBothWays() {
    Set<String> features = new LinkedHashSet<>(FeatureMatrix.DEFAULT_FEATURES);
    features.addAll(FeatureSelection.ORDERS_ONLY_CANDIDATES);
    features.addAll(List.of("sentiment_mean", "sentiment_trend", "text_complaint_share"));
    for (String feature : features) {
      for (boolean high : new boolean[] {true, false}) {
        SegmentName.Part part = SegmentName.of(feature, high).orElseThrow();
        String what = feature + (high ? " high" : " low");
        // the generic fallback is "with high <column as words>"
        assertThat(part.en())
            .as(what)
            .doesNotContain("_")
            .doesNotContain(feature.replace('_', ' '));
        assertThat(part.koModifier()).as(what).doesNotContain(feature.replace('_', ' '));
      }
    }
  }
}
