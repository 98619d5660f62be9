package io.tessera.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the values of one block of {@code tessera.yaml} (e.g. {@code churn:}) with the same checks
 * and messages everywhere: each message names the key as the user writes it ({@code
 * churn.horizon_days}), says what was found and what is allowed. Every stage's options record
 * parses its block through these, once, before any data is read.
 */
public final class ConfigBlock {
  private ConfigBlock() {}

  /** Whether a block is absent (missing or null): the defaults apply. */
  public static boolean absent(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull();
  }

  /**
   * Checks that a block is a mapping holding only {@code keys}; an absent block passes.
   *
   * @param where the block's key, e.g. {@code recommend.als}
   * @throws ConfigException naming the block and the first unknown key, with the allowed keys
   */
  public static void checkKeys(JsonNode node, String where, Set<String> keys) {
    if (absent(node)) {
      return;
    }
    String allowed = String.join(", ", new TreeSet<>(keys));
    if (!node.isObject()) {
      throw new ConfigException(where, where + " must be a mapping with keys " + allowed, null);
    }
    for (String k : (Iterable<String>) node::fieldNames) {
      if (!keys.contains(k)) {
        throw new ConfigException(
            where, where + ": unknown key '" + k + "'; allowed keys are " + allowed, null);
      }
    }
  }

  /** {@code block.<leaf of key>} as true or false, {@code dflt} when absent. */
  public static boolean bool(JsonNode block, String key, boolean dflt) {
    JsonNode v = value(block, key);
    if (absent(v)) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw new ConfigException(
          key, key + " must be true or false, got '" + v.asText() + "'", null);
    }
    return v.asBoolean();
  }

  /** {@code block.<leaf of key>} as a whole number, {@code dflt} when absent. */
  public static int integer(JsonNode block, String key, int dflt) {
    JsonNode v = value(block, key);
    if (absent(v)) {
      return dflt;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new ConfigException(
          key, key + " must be a whole number, got '" + v.asText() + "'", null);
    }
    return v.asInt();
  }

  /** {@code block.<leaf of key>} as a whole number from {@code min} to {@code max}. */
  public static int integer(JsonNode block, String key, int dflt, int min, int max) {
    JsonNode v = value(block, key);
    if (absent(v)) {
      return dflt;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
      throw new ConfigException(
          key,
          key + " must be a whole number from " + min + " to " + max + ", got '" + v.asText() + "'",
          null);
    }
    return v.asInt();
  }

  /** {@code block.<leaf of key>} as a number, {@code dflt} when absent. */
  public static double number(JsonNode block, String key, double dflt) {
    JsonNode v = value(block, key);
    if (absent(v)) {
      return dflt;
    }
    if (!v.isNumber()) {
      throw new ConfigException(key, key + " must be a number, got '" + v.asText() + "'", null);
    }
    return v.asDouble();
  }

  /** The value of a dotted key's last part in {@code block}. */
  private static JsonNode value(JsonNode block, String key) {
    return block == null ? null : block.path(key.substring(key.lastIndexOf('.') + 1));
  }
}
