package io.tessera.recommend;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The recommenders, by their wire name ({@code recommend.method} and the model file). */
public enum Method {
  ALS("als"),
  ITEM_CF("item_cf"),
  POPULAR("popular"),
  SEGMENT_POPULAR("segment_popular");

  private final String wire;

  Method(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** The method of a wire name, or a message naming the allowed ones. */
  public static Method parse(String value) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    for (Method m : values()) {
      if (m.wire.equals(v)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown recommend method '"
            + value
            + "'; use one of "
            + Arrays.stream(values()).map(Method::wire).collect(Collectors.joining(", ")));
  }
}
