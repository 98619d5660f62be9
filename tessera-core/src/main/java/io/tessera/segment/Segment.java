package io.tessera.segment;

import java.util.List;
import java.util.Locale;

/**
 * One segment of the catalog (segments.json, public API).
 *
 * @param id stable id, e.g. {@code rfm:vip}
 * @param kind rfm, cluster or rule
 * @param name the name in English and Korean
 * @param size customers in the segment
 * @param share size / all segmented customers
 * @param revenueShare the segment's revenue / all revenue
 * @param journeyStage acquisition, conversion or retention
 * @param actions recommended actions, each in English and Korean
 * @param distinguishingFeatures the features that set the segment apart, strongest first
 */
public record Segment(
    String id,
    Kind kind,
    Text name,
    long size,
    double share,
    double revenueShare,
    String journeyStage,
    List<Text> actions,
    List<DistinguishingFeature> distinguishingFeatures) {

  /** The kinds of segment. */
  public enum Kind {
    RFM,
    CLUSTER,
    RULE;

    @com.fasterxml.jackson.annotation.JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A text in English and Korean. */
  public record Text(String en, String ko) {}

  public Segment {
    actions = List.copyOf(actions);
    distinguishingFeatures = List.copyOf(distinguishingFeatures);
    if (size < 0 || !(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException(
          "segment " + id + ": size and share out of range: " + size + ", " + share);
    }
  }
}
