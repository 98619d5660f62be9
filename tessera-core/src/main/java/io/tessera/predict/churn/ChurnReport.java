package io.tessera.predict.churn;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.config.ConfigException;
import io.tessera.model.ModelJson;
import io.tessera.model.Versions;
import io.tessera.predict.clv.BgNbd;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The churn and next-purchase stage's report as {@code models/churn.json} holds it: how churn was
 * labelled, the kept classifier and its cross-validated figures, the next-purchase source and its
 * validation, the backtest against what happened after the as-of date, and the provenance. The
 * classifiers themselves are saved beside it ({@link SavedChurn}: {@code churn_model.json}, {@code
 * next_purchase_model.json}); this report names them in {@code saved_model}.
 *
 * <p>The file's keys (public API), each present when the stage produced it: {@code format_version,
 * as_of, label} ({@link Label}), {@code features, encoded_features, saved_model, status}, then the
 * fit's ({@link Fit}: {@code model, cv, threshold, threshold_rule, calibration, roc,
 * models_compared, chosen_by, reasons_scale, reasons_method}), {@code next_purchase} ({@link
 * NextPurchase}), {@code backtest} ({@link Backtest}) and {@code provenance} ({@link Provenance}).
 * Figures are rounded to six significant digits ({@link #round}).
 *
 * @param status {@code fitted}, or why churn was not fitted
 * @param asOf the as-of date, or null when there was none (no completed order, no as_of)
 * @param label how churn was labelled, or null when nothing was labelled
 * @param features the features the classifier was given
 * @param encodedFeatures the encoded columns (label-column churn only), else null
 * @param savedModel {@code models/churn_model.json} when the classifier was saved, else null
 * @param fit the kept classifier's figures, or null when none was fitted
 * @param nextPurchase the next-purchase part, or null (churn disabled)
 * @param backtest the backtest, or null (churn disabled)
 * @param provenance where the fit came from (empty when nothing was fitted)
 */
public record ChurnReport(
    String status,
    LocalDate asOf,
    Label label,
    List<String> features,
    List<String> encodedFeatures,
    String savedModel,
    Fit fit,
    NextPurchase nextPurchase,
    Backtest backtest,
    Provenance provenance) {

  /** The version of {@link #toJson()}'s shape. */
  public static final int FORMAT_VERSION = 1;

  /** The file, for messages. */
  public static final String FILE = "models/churn.json";

  public ChurnReport {
    if (status == null) {
      throw new IllegalArgumentException("a churn report needs a status");
    }
    features = features == null ? null : List.copyOf(features);
    encodedFeatures = encodedFeatures == null ? null : List.copyOf(encodedFeatures);
    provenance = provenance == null ? Provenance.NONE : provenance;
  }

  /** The report of a run whose config switched churn off. */
  public static ChurnReport disabled() {
    return new ChurnReport(
        "disabled by churn.enabled: false", null, null, null, null, null, null, null, null, null);
  }

  /** How churn was labelled: from a customers-file column, or from a time split of the orders. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = ColumnLabel.class, name = "column"),
    @JsonSubTypes.Type(value = TimeSplitLabel.class, name = "time_split")
  })
  public sealed interface Label permits ColumnLabel, TimeSplitLabel {}

  /**
   * Churn read from a customers-file column.
   *
   * @param column the column, as ingested (lower case)
   * @param positive the values that mean churned, sorted
   * @param rows labelled customers
   * @param positives of those, churned
   * @param unlabelledScored customers scored without a label
   */
  public record ColumnLabel(
      String column, List<String> positive, long rows, long positives, long unlabelledScored)
      implements Label {
    public ColumnLabel {
      positive = List.copyOf(new java.util.TreeSet<>(positive));
    }
  }

  /**
   * Churn as no completed order in the horizon after a cut-off.
   *
   * @param definition the rule in words
   * @param cutoff the training cut-off
   * @param windowEnd the end of its horizon
   * @param horizonDays the horizon
   * @param rows training customers
   * @param positives of those, churned
   * @param scoredAsOf the date the scores are as of
   * @param scoredCustomers customers scored
   */
  public record TimeSplitLabel(
      String definition,
      LocalDate cutoff,
      LocalDate windowEnd,
      int horizonDays,
      long rows,
      long positives,
      LocalDate scoredAsOf,
      long scoredCustomers)
      implements Label {
    /** The definition the run writes. */
    public static final String DEFINITION =
        "no completed order in the horizon_days after the cut-off";
  }

  /**
   * The kept classifier's figures, written at the top level of the file.
   *
   * @param model the kept model's id (xgboost, random_forest, logistic)
   * @param cv its cross-validated figures
   * @param threshold the probability cut-off of a churn call
   * @param thresholdRule how the threshold was chosen (churn.threshold)
   * @param calibration the calibration and its reliability table
   * @param roc the ROC curve of the out-of-fold probabilities
   * @param modelsCompared every model tried
   * @param chosenBy the rule that kept the model
   * @param reasonsScale the scale of the reasons' contributions
   * @param reasonsMethod how the reasons were computed
   */
  public record Fit(
      String model,
      Cv cv,
      double threshold,
      String thresholdRule,
      Calibration calibration,
      List<RocPoint> roc,
      List<ComparedModel> modelsCompared,
      String chosenBy,
      String reasonsScale,
      String reasonsMethod) {
    public Fit {
      roc = List.copyOf(roc);
      modelsCompared = List.copyOf(modelsCompared);
    }

    /** The rule that keeps a model. */
    public static final String CHOSEN_BY = "highest cross-validated ROC-AUC";

    /**
     * The figures of a trained classifier, rounded as the file writes them.
     *
     * @param thresholdRule churn.threshold as written ({@code f1}, {@code 0.5}, ...)
     * @param calibrationMethod churn.calibration as written
     * @param seed the seed every compared model was fitted with (their settings are listed)
     */
    public static Fit of(
        TrainedChurn trained, String thresholdRule, String calibrationMethod, long seed) {
      ChurnTrainer.Evaluation e = trained.evaluation();
      List<CalibrationBin> bins = new ArrayList<>();
      for (ChurnMetrics.CalibrationBin b : e.calibrationTable()) {
        bins.add(
            new CalibrationBin(
                b.lower(),
                b.upper(),
                round(b.meanPredicted()),
                round(b.observedRate()),
                b.count()));
      }
      List<RocPoint> roc = new ArrayList<>();
      for (ChurnMetrics.RocPoint p : e.roc()) {
        roc.add(
            new RocPoint(
                Double.isFinite(p.threshold()) ? round(p.threshold()) : null,
                round(p.fpr()),
                round(p.tpr())));
      }
      List<ComparedModel> compared = new ArrayList<>();
      for (ChurnTrainer.ModelScore s : trained.compared()) {
        compared.add(
            new ComparedModel(
                s.model(),
                round(s.rocAuc()),
                round(s.prAuc()),
                round(s.brier()),
                round(s.seconds()),
                s.model().equals(trained.classifier().id()),
                ChurnClassifier.defaults(s.model(), seed).settings()));
      }
      double[] ci = e.rocAucInterval95();
      return new Fit(
          trained.classifier().id(),
          new Cv(
              e.folds(),
              round(e.rocAuc()),
              List.of(round(ci[0]), round(ci[1])),
              e.chanceWarning(),
              round(e.prAuc()),
              round(e.atThreshold().precision()),
              round(e.atThreshold().recall()),
              round(e.atThreshold().f1()),
              round(e.brierCalibrated()),
              round(e.brierRaw()),
              e.rows(),
              e.positives(),
              e.sampleRule()),
          round(trained.threshold()),
          thresholdRule,
          new Calibration(
              calibrationMethod,
              Calibration.FITTED_ON,
              round(e.brierRaw()),
              round(e.brierCalibrated()),
              bins),
          roc,
          compared,
          CHOSEN_BY,
          trained.model().contributionScale(),
          reasonsMethod(trained.classifier().id()));
    }

    /** How each model's reasons are computed, as the file says. */
    static String reasonsMethod(String model) {
      return switch (model) {
        case "xgboost" -> "XGBoost TreeSHAP (predictContrib), one-hot columns added up";
        case "random_forest" -> "Smile TreeSHAP of the churn probability, one-hot columns added up";
        default -> "coefficient x standardised value, one-hot columns added up";
      };
    }
  }

  /** Out-of-fold figures of the kept model; see {@link ChurnTrainer.Evaluation#chanceWarning}. */
  public record Cv(
      int folds,
      double rocAuc,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> rocAucCi95,
      @JsonInclude(JsonInclude.Include.NON_NULL) String warning,
      double prAuc,
      double precision,
      double recall,
      double f1,
      double brier,
      double brierUncalibrated,
      long rows,
      long positives,
      @JsonInclude(JsonInclude.Include.NON_NULL) String sampleRule) {}

  /** The calibration of the kept model and its reliability table. */
  public record Calibration(
      String method,
      String fittedOn,
      double brierBefore,
      double brierAfter,
      List<CalibrationBin> bins) {
    /** What the calibration was fitted on, as the file says. */
    public static final String FITTED_ON = "out-of-fold probabilities; Brier after is cross-fitted";

    public Calibration {
      bins = List.copyOf(bins);
    }
  }

  /** One bin of the reliability table. */
  public record CalibrationBin(
      double lower, double upper, double predictedMean, double observedRate, long count) {}

  /** One point of the ROC curve; the first point's threshold is null (above every score). */
  public record RocPoint(
      @JsonInclude(JsonInclude.Include.ALWAYS) Double threshold, double fpr, double tpr) {}

  /** One model of the comparison, with the settings it was fitted with. */
  public record ComparedModel(
      String model,
      double rocAuc,
      double prAuc,
      double brierUncalibrated,
      double cvSeconds,
      boolean chosen,
      Map<String, Object> settings) {
    public ComparedModel {
      settings = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(settings));
    }
  }

  /**
   * The next-purchase part: the split, each source's validation, the chosen source and the bands.
   *
   * @param days the window (30)
   * @param split the cut-offs, or null when skipped
   * @param validation each source's test-split figures (or why it was not fitted)
   * @param status why it was not validated or not scored, or (alone) why it was skipped; else null
   * @param chosen {@code bgnbd} or {@code classifier}
   * @param chosenBy the rule that chose it
   * @param bgnbd the BG/NBD that scores customers, when chosen
   * @param savedModel {@code models/next_purchase_model.json} when the classifier was chosen
   * @param bands the probability bands and their customers
   * @param scoredCustomers customers scored
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NextPurchase(
      Integer days,
      Split split,
      List<Validation> validation,
      String status,
      String chosen,
      String chosenBy,
      NextBgNbd bgnbd,
      String savedModel,
      List<Band> bands,
      Integer scoredCustomers) {
    /** The rule that chooses the source. */
    public static final String CHOSEN_BY =
        "lower Brier score on the test split (the bands are probability cut-offs, so calibration"
            + " matters as much as ranking)";

    /** The part of a run without completed orders. */
    public static NextPurchase skipped(String why) {
      return new NextPurchase(null, null, null, why, null, null, null, null, null, null);
    }
  }

  /** The next-purchase validation's cut-offs and how the classifier was validated (or null). */
  public record Split(
      LocalDate classifierTrainCutoff,
      LocalDate testCutoff,
      LocalDate testWindowEnd,
      @JsonInclude(JsonInclude.Include.NON_NULL) String classifierValidation) {}

  /** One source's test-split figures, or why it was not fitted ({@code status}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Validation(
      String source,
      String status,
      Double rocAuc,
      Double brier,
      Double meanPredicted,
      Double observedRate,
      Long rows) {
    /** A source that could not be fitted. */
    public static Validation notFitted(String source, String why) {
      return new Validation(source, "not fitted: " + why, null, null, null, null, null);
    }

    /** A validated source's figures, rounded. */
    public static Validation of(io.tessera.predict.next.NextPurchase.Validation v) {
      return new Validation(
          v.source(),
          null,
          round(v.rocAuc()),
          round(v.brier()),
          round(v.meanPredicted()),
          round(v.observedRate()),
          v.rows());
    }
  }

  /** BG/NBD's next-purchase parameters, to score a customer later from their orders (live). */
  public record NextBgNbd(
      String timeUnit, LocalDate asOf, double r, double alpha, double a, double b) {
    public static NextBgNbd of(BgNbd m, LocalDate asOf) {
      return new NextBgNbd("days", asOf, m.r(), m.alpha(), m.a(), m.b());
    }

    /** The model these parameters describe. */
    public BgNbd model() {
      return BgNbd.of(r, alpha, a, b);
    }
  }

  /** One probability band and its customers. */
  public record Band(String id, String en, String ko, double lower, double upper, long customers) {}

  /**
   * The backtest against what happened after the as-of date.
   *
   * @param status {@code done}, or why it was skipped
   * @param holdoutStart the day after the as-of date
   * @param holdoutEnd the data's last day
   * @param timeUnit the BG/NBD's time unit
   * @param customers the cohort's customers
   * @param holdoutActualRepeatPurchases repeat purchases in the holdout
   * @param holdoutExpectedRepeatPurchases BG/NBD's expectation of them
   * @param maePerCustomer mean absolute error per customer
   * @param weeks the weekly series
   * @param bgnbdStatus why BG/NBD was not fitted, else null
   * @param churn churn scored against the real outcome
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Backtest(
      String status,
      LocalDate holdoutStart,
      LocalDate holdoutEnd,
      String timeUnit,
      Long customers,
      Long holdoutActualRepeatPurchases,
      Double holdoutExpectedRepeatPurchases,
      Double maePerCustomer,
      List<Week> weeks,
      String bgnbdStatus,
      RealChurn churn) {
    /** A backtest that was not run. */
    public static Backtest skipped(String why) {
      return new Backtest(why, null, null, null, null, null, null, null, null, null, null);
    }
  }

  /** One week of the backtest's tracking series. */
  public record Week(
      LocalDate weekStart,
      boolean holdout,
      long actual,
      double expected,
      long actualCumulative,
      double expectedCumulative) {}

  /** Churn scored against the real outcome, or why not ({@code status}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RealChurn(
      String status,
      Long rows,
      Long churned,
      Double rocAuc,
      Double prAuc,
      Double brier,
      Double precision,
      Double recall,
      Double f1) {
    public static RealChurn skipped(String why) {
      return new RealChurn(why, null, null, null, null, null, null, null, null);
    }
  }

  /**
   * Where the fit came from, in the manner of Tribuo's provenance.
   *
   * @param inputFingerprint {@code sha256:<hex>} of the training rows and labels ({@link
   *     #fingerprint})
   * @param seed the seed of every random choice
   * @param trainingSeconds the comparison and fit of the models
   * @param options the churn options as configured
   * @param libraries Tessera's, Smile's and XGBoost's versions
   * @param seconds the whole stage
   * @param fittedAt when the stage ended, ISO-8601 UTC
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Provenance(
      String inputFingerprint,
      Long seed,
      Double trainingSeconds,
      Map<String, Object> options,
      Map<String, String> libraries,
      Double seconds,
      String fittedAt) {
    static final Provenance NONE = new Provenance(null, null, null, null, null, null, null);

    /**
     * The provenance of a stage that ended now, with the libraries a churn fit uses.
     *
     * @param inputFingerprint {@link #fingerprint} of the training data, or null when nothing was
     *     trained
     */
    public static Provenance endingNow(
        String inputFingerprint,
        long seed,
        double trainingSeconds,
        Map<String, Object> options,
        double seconds) {
      return new Provenance(
          inputFingerprint,
          seed,
          round(trainingSeconds),
          options,
          Versions.of("smile", "xgboost4j"),
          round(seconds),
          java.time.Instant.now().toString());
    }
  }

  /** The report as {@code models/churn.json}. */
  public String toJson() {
    return ModelJson.write(toJsonTree());
  }

  /** {@link #toJson()} as a tree, keys in the file's order. */
  public ObjectNode toJsonTree() {
    var m = ModelJson.MAPPER;
    ObjectNode root = m.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    if (asOf != null) {
      root.put("as_of", asOf.toString());
    }
    if (label != null) {
      root.set("label", m.valueToTree(label));
    }
    if (features != null) {
      root.set("features", m.valueToTree(features));
    }
    if (encodedFeatures != null) {
      root.set("encoded_features", m.valueToTree(encodedFeatures));
    }
    if (savedModel != null) {
      root.put("saved_model", savedModel);
    }
    root.put("status", status);
    if (fit != null) {
      ObjectNode f = m.valueToTree(fit);
      root.setAll(f);
    }
    if (nextPurchase != null) {
      root.set("next_purchase", m.valueToTree(nextPurchase));
    }
    if (backtest != null) {
      root.set("backtest", m.valueToTree(backtest));
    }
    root.set("provenance", m.valueToTree(provenance));
    return root;
  }

  /**
   * Reads {@code models/churn.json}.
   *
   * @param file the file's name as the user knows it, for messages
   * @throws ConfigException naming the file and key of what is missing or malformed, or of a {@code
   *     format_version} newer than {@link #FORMAT_VERSION}
   */
  public static ChurnReport fromJson(String json, String file) {
    ObjectNode root = ModelJson.read(json, file, FORMAT_VERSION);
    String status = ModelJson.text(root, "status", "", file);
    String asOf = ModelJson.optionalText(root, "as_of", "", file);
    Fit fit = null;
    if (root.has("model")) {
      ObjectNode f = ModelJson.MAPPER.createObjectNode();
      for (String key :
          List.of(
              "model",
              "cv",
              "threshold",
              "threshold_rule",
              "calibration",
              "roc",
              "models_compared",
              "chosen_by",
              "reasons_scale",
              "reasons_method")) {
        if (!root.has(key)) {
          throw ConfigException.inFile(file, key, "is missing beside 'model'; " + FIX);
        }
        f.set(key, root.get(key));
      }
      fit = value(f, "model", Fit.class, file);
    }
    return new ChurnReport(
        status,
        asOf == null ? null : date(asOf, "as_of", file),
        optional(root, "label", Label.class, file),
        strings(root, "features", file),
        strings(root, "encoded_features", file),
        ModelJson.optionalText(root, "saved_model", "", file),
        fit,
        optional(root, "next_purchase", NextPurchase.class, file),
        optional(root, "backtest", Backtest.class, file),
        optional(root, "provenance", Provenance.class, file));
  }

  private static final String FIX =
      "use the file as `tessera run` wrote it, or run `tessera run` again to rewrite it";

  private static <T> T optional(JsonNode root, String key, Class<T> type, String file) {
    return root.hasNonNull(key) ? value(root.get(key), key, type, file) : null;
  }

  private static <T> T value(JsonNode node, String key, Class<T> type, String file) {
    try {
      return ModelJson.MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw ConfigException.inFile(file, key, "cannot be read (" + why + "); " + FIX);
    }
  }

  private static List<String> strings(JsonNode root, String key, String file) {
    if (!root.hasNonNull(key)) {
      return null;
    }
    JsonNode v = root.get(key);
    if (!v.isArray()) {
      throw ConfigException.inFile(file, key, "must be a list of names; " + FIX);
    }
    List<String> out = new ArrayList<>();
    v.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static LocalDate date(String text, String key, String file) {
    try {
      return LocalDate.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw ConfigException.inFile(file, key, "'" + text + "' is not a date (YYYY-MM-DD)");
    }
  }

  /** SHA-256 of the training rows (values and labels): did two runs see the same data? */
  public static String fingerprint(ChurnData data) {
    java.security.MessageDigest md;
    try {
      md = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
    md.update(
        String.join("\u0000", data.names()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ByteBuffer buf = ByteBuffer.allocate(8 * (data.width() + 1));
    for (int i = 0; i < data.size(); i++) {
      buf.clear();
      for (int j = 0; j < data.width(); j++) {
        buf.putDouble(data.get(i, j));
      }
      buf.putDouble(data.hasLabels() ? data.label(i) : -1);
      md.update(buf.array());
    }
    return "sha256:" + java.util.HexFormat.of().formatHex(md.digest());
  }

  /** Six significant digits: enough for a reader, stable across machines. */
  public static double round(double v) {
    return Double.isFinite(v) && v != 0
        ? new java.math.BigDecimal(v).round(new java.math.MathContext(6)).doubleValue()
        : v;
  }
}
