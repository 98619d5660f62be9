package io.tessera.segment.rfm;

import java.util.Locale;

/** Where a customer or segment stands in the customer journey. */
public enum JourneyStage {
  ACQUISITION,
  CONVERSION,
  RETENTION;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
