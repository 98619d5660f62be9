package io.tessera.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/**
 * A record's attributes as the store's {@code attributes} column holds them: a JSON object of text
 * values, keys in order, as Jackson writes it. A map whose keys and values are printable ASCII
 * without quotes or backslashes (which Jackson writes as they are) is written here, any other by
 * Jackson: a quarter of an order's validation went to Jackson's writer before (issue 14).
 */
final class AttributesJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AttributesJson() {}

  /** The attributes as JSON, or null when there are none. */
  static String write(Map<String, String> attributes) {
    if (attributes.isEmpty()) {
      return null;
    }
    TreeMap<String, String> sorted = new TreeMap<>(attributes);
    StringBuilder out = new StringBuilder(64);
    out.append('{');
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      if (!asIs(e.getKey()) || !asIs(e.getValue())) {
        out = null;
        break;
      }
      if (out.length() > 1) {
        out.append(',');
      }
      out.append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
    }
    if (out != null) {
      return out.append('}').toString();
    }
    try {
      return JSON.writeValueAsString(sorted);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("attributes cannot be written as JSON", e);
    }
  }

  /** Whether JSON holds a text as it is: printable ASCII, no quote, no backslash; not null. */
  private static boolean asIs(String text) {
    if (text == null) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
