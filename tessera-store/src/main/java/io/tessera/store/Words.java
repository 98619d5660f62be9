package io.tessera.store;

import java.util.HashMap;
import java.util.Map;

/**
 * One instance of each distinct value of a column with few of them (a currency, a channel), for
 * rows that are held: the store's driver makes a new string per cell. After {@value #MAX} distinct
 * values the column is taken for a free-text one and its values are no longer pooled. One reader's,
 * not thread-safe.
 */
final class Words {
  static final int MAX = 1024;
  private final Map<String, String> seen = new HashMap<>();

  String of(String value) {
    if (value == null) {
      return null;
    }
    String known = seen.get(value);
    if (known != null) {
      return known;
    }
    if (seen.size() < MAX) {
      seen.put(value, value);
    }
    return value;
  }

  /** {@code words.of(value)}, or {@code value} itself without words. */
  static String of(Words words, String value) {
    return words == null ? value : words.of(value);
  }
}
