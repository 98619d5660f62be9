package io.tessera.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.config.ConfigException;
import java.util.List;
import java.util.function.Function;

/**
 * The conventions of a model file ({@code models/*.json}): written indented with map keys sorted,
 * as every output of a run; read with a {@code format_version} check; every missing or malformed
 * key reported as a {@link ConfigException} naming the file and the key and saying what to do.
 */
public final class ModelJson {
  private ModelJson() {}

  private static final String LOG_LIKELIHOOD = "log_likelihood";

  /**
   * The mapper of model files, as the run's outputs write them: snake_case keys, indented, map
   * entries by key; and reading the {@code NaN} a figure may be (Jackson writes it as the string
   * "NaN").
   */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          // a reader ignores keys it does not know inside an object of a version it reads
          .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  /** What to do about a file that cannot be read, appended to every message. */
  static final String FIX =
      "use the file as `tessera run` wrote it, or run `tessera run` again to rewrite it";

  /** The tree as the file's text. */
  public static String write(ObjectNode root) {
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing a model file failed", e);
    }
  }

  /**
   * Parses a model file and checks its {@code format_version}.
   *
   * @param file the file, as the user knows it (e.g. {@code models/clv.json})
   * @param supported the newest version this code reads; older ones (from 1) are read too
   * @throws ConfigException when the text is not a JSON object, or its format_version is missing,
   *     not a whole number or newer than {@code supported}
   */
  public static ObjectNode read(String json, String file, int supported) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ConfigException(file + " is not JSON (" + e.getOriginalMessage() + "); " + FIX, e);
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(file + " is not a JSON object; " + FIX);
    }
    JsonNode v = root.path("format_version");
    if (!v.canConvertToExactIntegral() || !v.isNumber()) {
      throw ConfigException.inFile(
          file,
          "format_version",
          (v.isMissingNode() ? "is missing" : "must be a whole number, got " + v)
              + "; this is not a model file Tessera wrote: "
              + FIX);
    }
    int version = v.asInt();
    if (version > supported || version < 1) {
      throw ConfigException.inFile(
          file,
          "format_version",
          "is "
              + version
              + ", but this Tessera ("
              + Versions.tessera()
              + ") reads versions 1 to "
              + supported
              + ": read it with the Tessera that wrote it or a newer one, or run `tessera run`"
              + " again to rewrite it");
    }
    return (ObjectNode) root;
  }

  /** {@code node} when it is an object, else an error naming {@code key}. */
  public static JsonNode requireObject(JsonNode node, String key, String file) {
    if (!node.isObject()) {
      throw ConfigException.inFile(
          file, key, (node.isMissingNode() ? "is missing" : "must be an object") + "; " + FIX);
    }
    return node;
  }

  /**
   * The number under {@code key} of {@code node} (a figure may also be the string {@code NaN} or
   * {@code Infinity}, as Jackson writes them).
   *
   * @param where the path of {@code node} in the file, for messages (empty at the top)
   */
  public static double number(JsonNode node, String key, String where, String file) {
    JsonNode v = node.path(key);
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isTextual()) {
      switch (v.asText()) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw ConfigException.inFile(
        file,
        path(where, key),
        (v.isMissingNode() ? "is missing" : "must be a number, got " + v) + "; " + FIX);
  }

  /** The text under {@code key} of {@code node}. */
  public static String text(JsonNode node, String key, String where, String file) {
    JsonNode v = node.path(key);
    if (!v.isTextual()) {
      throw ConfigException.inFile(
          file,
          path(where, key),
          (v.isMissingNode() ? "is missing" : "must be text, got " + v) + "; " + FIX);
    }
    return v.asText();
  }

  /** The text under {@code key}, or null when the key is absent or null. */
  public static String optionalText(JsonNode node, String key, String where, String file) {
    return node.hasNonNull(key) ? text(node, key, where, file) : null;
  }

  /** The numbers of the array under {@code key}. */
  public static double[] numbers(JsonNode node, String key, String where, String file) {
    JsonNode v = node.path(key);
    if (!v.isArray()) {
      throw ConfigException.inFile(
          file,
          path(where, key),
          (v.isMissingNode() ? "is missing" : "must be a list of numbers, got " + v) + "; " + FIX);
    }
    double[] out = new double[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = number(v, i, path(where, key), file);
    }
    return out;
  }

  private static double number(JsonNode array, int i, String where, String file) {
    JsonNode v = array.get(i);
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isTextual() && v.asText().equals("NaN")) {
      return Double.NaN;
    }
    throw ConfigException.inFile(
        file, where + "[" + i + "]", "must be a number, got " + v + "; " + FIX);
  }

  /**
   * A fitted model's named parameters followed by {@code log_likelihood}, the shape of {@code
   * models/clv.json}'s {@code bgnbd} and {@code gamma_gamma}.
   *
   * @param values one value per name, then the log-likelihood
   */
  public static ObjectNode parameters(List<String> names, double... values) {
    ObjectNode out = MAPPER.createObjectNode();
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), values[i]);
    }
    return out.put(LOG_LIKELIHOOD, values[names.size()]);
  }

  /**
   * Reads {@link #parameters}'s object and builds the model from its values (the names' values,
   * then the log-likelihood, NaN when the key is absent).
   *
   * @param make the model's constructor; its {@link IllegalArgumentException} (a parameter out of
   *     range) becomes a {@link ConfigException} naming the file and key
   */
  public static <T> T readParameters(
      JsonNode node, String where, String file, List<String> names, Function<double[], T> make) {
    requireObject(node, where, file);
    double[] values = new double[names.size() + 1];
    for (int i = 0; i < names.size(); i++) {
      values[i] = number(node, names.get(i), where, file);
    }
    values[names.size()] =
        node.has(LOG_LIKELIHOOD) ? number(node, LOG_LIKELIHOOD, where, file) : Double.NaN;
    try {
      return make.apply(values);
    } catch (IllegalArgumentException e) {
      throw ConfigException.inFile(file, where, e.getMessage());
    }
  }

  static String path(String where, String key) {
    return where == null || where.isEmpty() ? key : where + "." + key;
  }
}
