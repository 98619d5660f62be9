package io.tessera.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Field checks shared by the contract records. */
final class Fields {
  private Fields() {}

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  static void requireText(String value, String field) {
    if (isBlank(value)) {
      throw new IllegalArgumentException(field + " is required");
    }
  }

  static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String field) {
    if (isBlank(text)) {
      return null;
    }
    try {
      return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String allowed =
          Arrays.stream(type.getEnumConstants())
              .map(c -> c.name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", "));
      throw new IllegalArgumentException(
          field + " must be one of " + allowed + "; got: " + text, e);
    }
  }
}
