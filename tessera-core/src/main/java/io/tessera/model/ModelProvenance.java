package io.tessera.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a fitted model came from, as Tribuo's {@code ModelProvenance} records it: a fingerprint of
 * the input it was fitted on, the options it was fitted with, the versions of Tessera and of the
 * libraries that fitted it, when it was fitted and how long the fit took. Two models with the same
 * fingerprint, options and versions were fitted on the same data the same way (and, every choice
 * being seeded, are the same model).
 *
 * <p>In a model file it is the object {@code provenance}: {@code input_fingerprint}, {@code
 * options}, {@code libraries}, {@code fitted_at} (ISO-8601 UTC), {@code fit_millis}. A file may
 * hold more keys there (the clustering's and the churn model's own); they are kept by the writers
 * and ignored here.
 *
 * @param inputFingerprint {@code sha256:<hex>} of the fitted input ({@link Fingerprint})
 * @param options the options, by their config names, in a stable order
 * @param libraries Tessera's and the fitting libraries' versions ({@link Versions})
 * @param fittedAt when the fit ended
 * @param fitMillis the fit's wall time
 */
public record ModelProvenance(
    String inputFingerprint,
    Map<String, Object> options,
    Map<String, String> libraries,
    Instant fittedAt,
    long fitMillis) {
  public ModelProvenance {
    if (inputFingerprint == null || !inputFingerprint.startsWith("sha256:")) {
      throw new IllegalArgumentException(
          "input_fingerprint must be sha256:<hex>, got " + inputFingerprint);
    }
    options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    libraries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(libraries));
    if (fitMillis < 0) {
      throw new IllegalArgumentException("fit_millis must be >= 0, got " + fitMillis);
    }
  }

  /**
   * The provenance of a fit that ended now.
   *
   * @param startNanos {@link System#nanoTime()} when the fit started
   */
  public static ModelProvenance endingNow(
      String inputFingerprint,
      Map<String, Object> options,
      Map<String, String> libraries,
      long startNanos) {
    return new ModelProvenance(
        inputFingerprint,
        options,
        libraries,
        Instant.now(),
        Math.max(0, (System.nanoTime() - startNanos) / 1_000_000));
  }

  /** Writes the five keys into {@code target} (a file's {@code provenance} object). */
  public void writeTo(ObjectNode target) {
    target.put("input_fingerprint", inputFingerprint);
    target.set("options", ModelJson.MAPPER.valueToTree(options));
    target.set("libraries", ModelJson.MAPPER.valueToTree(libraries));
    target.put("fitted_at", fittedAt.toString());
    target.put("fit_millis", fitMillis);
  }

  /**
   * Reads the five keys of a file's {@code provenance} object.
   *
   * @param file the file, for messages
   * @throws io.tessera.config.ConfigException naming the file and key when one is missing
   */
  public static ModelProvenance fromJson(JsonNode node, String file) {
    String where = "provenance";
    ModelJson.requireObject(node, where, file);
    Map<String, Object> options = new LinkedHashMap<>();
    JsonNode o = ModelJson.requireObject(node.path("options"), where + ".options", file);
    o.properties()
        .forEach(
            e ->
                options.put(e.getKey(), ModelJson.MAPPER.convertValue(e.getValue(), Object.class)));
    Map<String, String> libraries = new LinkedHashMap<>();
    ModelJson.requireObject(node.path("libraries"), where + ".libraries", file)
        .properties()
        .forEach(e -> libraries.put(e.getKey(), e.getValue().asText()));
    String at = ModelJson.text(node, "fitted_at", where, file);
    Instant fittedAt;
    try {
      fittedAt = Instant.parse(at);
    } catch (java.time.format.DateTimeParseException e) {
      throw io.tessera.config.ConfigException.inFile(
          file, where + ".fitted_at", "'" + at + "' is not an ISO-8601 instant");
    }
    return new ModelProvenance(
        ModelJson.text(node, "input_fingerprint", where, file),
        options,
        libraries,
        fittedAt,
        (long) ModelJson.number(node, "fit_millis", where, file));
  }
}
