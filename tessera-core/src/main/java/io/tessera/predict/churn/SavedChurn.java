package io.tessera.predict.churn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.profile.ProfileSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import smile.classification.IsotonicRegressionScaling;
import smile.classification.PlattScaling;
import smile.classification.RandomForest;

/**
 * A trained churn (or next-purchase) classifier saved by a run so that it can score customers later
 * exactly as the run did: where its columns come from ({@link ChurnFeatures}), the fitted model,
 * its calibration and threshold ({@link ChurnScorer}), and the day and horizon it predicts from.
 *
 * <p>The file is JSON ({@code models/churn_model.json}, format_version 1; the README lists its
 * keys). The numbers of the logistic model, the encoder and the features are plain JSON; an XGBoost
 * booster is XGBoost's own model format (UBJ, base64); Smile's random forest and calibrations are
 * Java serialization (base64), Smile's only save format, read back through an allow-list of the
 * classes such a model holds ({@link SmileObjects}). A loaded model gives the same probabilities
 * and reasons, bit for bit, as the one that was saved.
 *
 * @param target what the model predicts: {@code churn} (no completed order in the next {@code
 *     horizonDays} days) or {@code purchase} (a completed order in the next {@code horizonDays})
 * @param asOf the day the run scored its customers as of
 * @param horizonDays the prediction horizon in days
 * @param features where the columns come from
 * @param scorer the model, calibration and threshold
 */
public record SavedChurn(
    String target, LocalDate asOf, int horizonDays, ChurnFeatures features, ChurnScorer scorer) {

  public static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  public SavedChurn {
    if (target == null || features == null || scorer == null) {
      throw new IllegalArgumentException("a saved model needs a target, features and a scorer");
    }
  }

  /**
   * One customer's score.
   *
   * @param probability the calibrated probability
   * @param flagged whether it is at or above the model's threshold
   * @param reasons the top factors, largest first
   */
  public record Score(double probability, boolean flagged, List<Reason> reasons) {}

  /** Scores the rows of one customer made by {@link #features} (one row). */
  public Score score(ChurnData row, int top) {
    if (row.size() != 1) {
      throw new IllegalArgumentException("score one customer's row at a time, got " + row.size());
    }
    double p = scorer.probability(row)[0];
    return new Score(p, scorer.flagged(p), scorer.reasons(row, top).get(0));
  }

  // ---- writing -------------------------------------------------------------------------------

  /** The model as JSON text. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("target", target);
    root.put("as_of", asOf == null ? null : asOf.toString());
    root.put("horizon_days", horizonDays);
    ObjectNode f = root.putObject("features");
    switch (features) {
      case ChurnFeatures.Profile p -> {
        f.put("source", "profile");
        f.putPOJO("names", p.names());
        f.put("zone", p.settings().zone().getId());
        f.put("session_gap_seconds", p.settings().sessionGap().toSeconds());
        f.put("scored", "customers with at least one completed order up to the day");
      }
      case ChurnFeatures.Columns c -> {
        f.put("source", "customers_file");
        f.putPOJO("header", c.header());
        ArrayNode cols = f.putArray("columns");
        TabularEncoder e = c.encoder();
        for (String name : e.columns()) {
          ObjectNode col = cols.addObject().put("name", name);
          if (e.medians().containsKey(name)) {
            col.put("median", e.medians().get(name));
            col.put("missing_indicator", e.hasMissing().get(name));
          } else {
            col.putPOJO("levels", e.levels().get(name));
          }
        }
      }
    }
    root.putPOJO("encoded_columns", features.columns());
    ObjectNode m = root.putObject("model");
    m.put("id", scorer.modelId());
    m.put("contribution_scale", scorer.contributionScale());
    switch (scorer.model()) {
      case GradientBoostedChurn.Model x -> {
        m.put("columns", x.width());
        m.put("format", "xgboost ubj");
        m.put("booster", Base64.getEncoder().encodeToString(x.toUbj()));
      }
      case RandomForestChurn.Model r -> {
        m.putPOJO("medians", r.medians());
        m.put("format", "java serialization of smile.classification.RandomForest");
        m.put("forest", Base64.getEncoder().encodeToString(SmileObjects.write(r.forest())));
      }
      case LogisticChurn.Model l -> {
        m.putPOJO("coefficients", l.coefficients());
        LogisticChurn.Preparation prep = l.preparation();
        ObjectNode pr = m.putObject("preparation");
        pr.putPOJO("median", prep.median());
        pr.putPOJO("log1p", prep.log());
        pr.putPOJO("low", prep.low());
        pr.putPOJO("high", prep.high());
        pr.putPOJO("mean", prep.mean());
        pr.putPOJO("sd", prep.sd());
      }
    }
    ObjectNode cal = root.putObject("calibration");
    cal.put("method", scorer.calibration().method().wire());
    switch (scorer.calibration()) {
      case Calibration.Isotonic i -> {
        cal.put("format", "java serialization of smile.classification.IsotonicRegressionScaling");
        cal.put("scaling", Base64.getEncoder().encodeToString(SmileObjects.write(i.scaling())));
      }
      case Calibration.Platt p -> {
        cal.put("format", "java serialization of smile.classification.PlattScaling");
        cal.put("scaling", Base64.getEncoder().encodeToString(SmileObjects.write(p.scaling())));
      }
      case Calibration.Identity none -> {}
    }
    root.put("threshold", scorer.threshold());
    try {
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the churn model as JSON", e);
    }
  }

  /** Writes the model to a file (UTF-8 JSON). */
  public void write(Path file) throws IOException {
    Files.writeString(file, toJson(), StandardCharsets.UTF_8);
  }

  // ---- reading -------------------------------------------------------------------------------

  /** Reads a model file written by {@link #write}. */
  public static SavedChurn read(Path file) throws IOException {
    try {
      return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a model from its JSON text.
   *
   * @throws IllegalArgumentException naming the key that is missing or wrong
   */
  public static SavedChurn fromJson(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("the churn model is not JSON: " + e.getMessage(), e);
    }
    int version = required(root, "format_version").asInt();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "format_version "
              + version
              + " is not supported (this version reads "
              + FORMAT_VERSION
              + "); run tessera run again to write the model");
    }
    ChurnFeatures features = features(required(root, "features"));
    int width = features.columns().size();
    JsonNode m = required(root, "model");
    String id = required(m, "id").asText();
    ChurnClassifier.Fitted model = model(m, id, width);
    Calibration.Fitted calibration = calibration(required(root, "calibration"));
    JsonNode asOf = root.path("as_of");
    return new SavedChurn(
        required(root, "target").asText(),
        asOf.isTextual() ? LocalDate.parse(asOf.asText()) : null,
        required(root, "horizon_days").asInt(),
        features,
        new ChurnScorer(id, model, calibration, required(root, "threshold").asDouble()));
  }

  /** The features block: profile fields, or customers-file columns with their encoding. */
  private static ChurnFeatures features(JsonNode f) {
    return switch (required(f, "source").asText()) {
      case "profile" ->
          new ChurnFeatures.Profile(
              strings(required(f, "names")),
              new ProfileSettings(
                  ZoneId.of(required(f, "zone").asText()),
                  Duration.ofSeconds(required(f, "session_gap_seconds").asLong())));
      case "customers_file" -> {
        List<String> columns = new ArrayList<>();
        Map<String, Double> medians = new LinkedHashMap<>();
        Map<String, Boolean> missing = new LinkedHashMap<>();
        Map<String, List<String>> levels = new LinkedHashMap<>();
        for (JsonNode c : required(f, "columns")) {
          String name = required(c, "name").asText();
          columns.add(name);
          if (c.has("median")) {
            medians.put(name, c.get("median").asDouble());
            missing.put(name, c.path("missing_indicator").asBoolean());
          } else {
            levels.put(name, strings(required(c, "levels")));
          }
        }
        yield new ChurnFeatures.Columns(
            strings(required(f, "header")),
            TabularEncoder.restore(columns, medians, missing, levels));
      }
      default ->
          throw new IllegalArgumentException(
              "features.source: '"
                  + f.get("source").asText()
                  + "' is not one of: profile, customers_file");
    };
  }

  /** The model block: the booster, the forest or the logistic model, by its id. */
  private static ChurnClassifier.Fitted model(JsonNode m, String id, int width) {
    return switch (id) {
      case "xgboost" -> {
        int columns = required(m, "columns").asInt();
        if (columns != width) {
          throw new IllegalArgumentException(
              "model.columns is " + columns + " but the features make " + width);
        }
        yield GradientBoostedChurn.Model.fromUbj(bytes(m, "booster"), columns);
      }
      case "random_forest" ->
          new RandomForestChurn.Model(
              SmileObjects.read(bytes(m, "forest"), RandomForest.class, "model.forest"),
              doubles(required(m, "medians"), width, "model.medians"));
      case "logistic" -> {
        JsonNode pr = required(m, "preparation");
        JsonNode logNode = required(pr, "log1p");
        boolean[] log = new boolean[logNode.size()];
        for (int j = 0; j < log.length; j++) {
          log[j] = logNode.get(j).asBoolean();
        }
        yield new LogisticChurn.Model(
            LogisticChurn.Preparation.of(
                doubles(required(pr, "median"), width, "model.preparation.median"),
                log,
                doubles(required(pr, "low"), width, "model.preparation.low"),
                doubles(required(pr, "high"), width, "model.preparation.high"),
                doubles(required(pr, "mean"), width, "model.preparation.mean"),
                doubles(required(pr, "sd"), width, "model.preparation.sd")),
            doubles(required(m, "coefficients"), width + 1, "model.coefficients"));
      }
      default ->
          throw new IllegalArgumentException(
              "model.id: '" + id + "' is not one of: " + String.join(", ", ChurnClassifier.IDS));
    };
  }

  /** The calibration block. */
  private static Calibration.Fitted calibration(JsonNode cal) {
    Calibration method = Calibration.parse(required(cal, "method").asText());
    return switch (method) {
      case ISOTONIC ->
          new Calibration.Isotonic(
              SmileObjects.read(
                  bytes(cal, "scaling"), IsotonicRegressionScaling.class, "calibration.scaling"));
      case PLATT ->
          new Calibration.Platt(
              SmileObjects.read(bytes(cal, "scaling"), PlattScaling.class, "calibration.scaling"));
      case NONE -> new Calibration.Identity();
    };
  }

  private static JsonNode required(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("the churn model has no '" + key + "'");
    }
    return v;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(s -> out.add(s.asText()));
    return out;
  }

  private static double[] doubles(JsonNode array, int size, String key) {
    if (!array.isArray() || array.size() != size) {
      throw new IllegalArgumentException(key + " needs " + size + " numbers");
    }
    double[] out = new double[size];
    for (int j = 0; j < size; j++) {
      out[j] = array.get(j).asDouble();
    }
    return out;
  }

  private static byte[] bytes(JsonNode n, String key) {
    try {
      return Base64.getDecoder().decode(required(n, key).asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " is not base64: " + e.getMessage(), e);
    }
  }
}
