package io.tessera.predict.next;

import java.util.Locale;

/**
 * Five bands of the probability of buying in the next 30 days, as customer-data platforms show them
 * (Groobee's "very likely ... very unlikely"). The cut-offs are fixed so that a band means the same
 * probability in every run: at least 0.7 very likely, 0.5 likely, 0.3 possible, 0.1 unlikely, below
 * 0.1 very unlikely. A band's lower bound is inclusive.
 */
public enum PurchaseBand {
  VERY_LIKELY(0.7, "Very likely", "매우 높음"),
  LIKELY(0.5, "Likely", "높음"),
  POSSIBLE(0.3, "Possible", "보통"),
  UNLIKELY(0.1, "Unlikely", "낮음"),
  VERY_UNLIKELY(0.0, "Very unlikely", "매우 낮음");

  private final double lower;
  private final String english;
  private final String korean;

  PurchaseBand(double lower, String english, String korean) {
    this.lower = lower;
    this.english = english;
    this.korean = korean;
  }

  /** The band of a probability. */
  public static PurchaseBand of(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("a probability must be in [0, 1], got " + p);
    }
    for (PurchaseBand b : values()) {
      if (p >= b.lower) {
        return b;
      }
    }
    return VERY_UNLIKELY;
  }

  /** The inclusive lower bound of the band's probabilities. */
  public double lower() {
    return lower;
  }

  /** The exclusive upper bound (1 for the top band, which includes 1). */
  public double upper() {
    return ordinal() == 0 ? 1.0 : values()[ordinal() - 1].lower;
  }

  /** The id in outputs, e.g. {@code very_likely}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String english() {
    return english;
  }

  public String korean() {
    return korean;
  }
}
