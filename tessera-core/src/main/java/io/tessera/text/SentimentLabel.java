package io.tessera.text;

import java.util.Locale;

/**
 * The label of a sentiment score in [-1, 1], by VADER's published thresholds: positive at 0.05 or
 * more, negative at -0.05 or less, neutral between (Hutto & Gilbert 2014; vaderSentiment README).
 * The classifier's score 2p - 1 uses the same thresholds.
 */
public enum SentimentLabel {
  POSITIVE,
  NEUTRAL,
  NEGATIVE;

  public static final double POSITIVE_MIN = 0.05;
  public static final double NEGATIVE_MAX = -0.05;

  public static SentimentLabel of(double score) {
    if (Double.isNaN(score)) {
      return NEUTRAL;
    }
    return score >= POSITIVE_MIN ? POSITIVE : score <= NEGATIVE_MAX ? NEGATIVE : NEUTRAL;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
