package io.tessera.pipeline.churn;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.config.ConfigBlock;
import io.tessera.predict.churn.Calibration;
import io.tessera.predict.churn.ChurnClassifier;
import io.tessera.predict.churn.ChurnLabels;
import io.tessera.predict.churn.ChurnTrainer;
import io.tessera.predict.churn.ThresholdRule;
import io.tessera.store.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code churn:} block of tessera.yaml.
 *
 * <pre>
 * churn:
 *   enabled: true            # false skips churn and next-purchase scoring
 *   label_column: Churn      # a customers-file column holding the label; absent = time split
 *   positive: "Yes"          # the label value meaning churned (default: yes, true, 1, churned)
 *   horizon_days: 90         # time split: churned = no completed order in this many days
 *   model: auto              # auto (compare all, keep the best CV ROC-AUC), xgboost,
 *                            # random_forest or logistic
 *   folds: 5                 # stratified cross-validation folds (2-20)
 *   cv_fit_rows: 20000       # the most rows a fold's model is fitted on (a stratified sample of
 *                            # the other folds' rows when they hold more; 0 = all of them)
 *   threshold: max_f1        # max_f1, or recall:0.8 (the highest threshold reaching it)
 *   calibration: isotonic    # isotonic, platt or none
 *   training_sample: 100000  # time split and next purchase: the most customers (with a
 *                            # completed order) the models are trained, validated and
 *                            # backtested on, drawn by a hash of their id; every customer is
 *                            # still scored (0 = all of them)
 *   features: [...]          # label column: customers-file columns (default all but the label);
 *                            # time split: profile fields (default FeatureMatrix's defaults plus
 *                            # order rhythm)
 *   seed: 42
 * </pre>
 *
 * @param labelColumn the label column, or null for a time split
 * @param positive the label values meaning churned, lower case
 * @param cvFitRows the most rows a cross-validation fold's model is fitted on; 0 = all
 * @param trainingSample the most customers with a completed order whose records the time split, the
 *     next-purchase step and the backtest read (a sample by a hash of the id when there are more);
 *     0 = all
 */
public record ChurnSettings(
    boolean enabled,
    String labelColumn,
    Set<String> positive,
    int horizonDays,
    List<String> models,
    String model,
    int folds,
    ThresholdRule threshold,
    Calibration calibration,
    List<String> features,
    long seed,
    int cvFitRows,
    int trainingSample) {

  /**
   * The default {@code churn.training_sample}: where the churn model's held-out ROC-AUC stopped
   * rising on the learning curve of a 300,000-customer shop (README, "Churn on a sample of
   * customers"), and above the 100,000-customer shop's buyers, which are all read.
   */
  public static final int DEFAULT_TRAINING_SAMPLE = 100_000;

  public static final Set<String> KEYS =
      Set.of(
          "enabled",
          "label_column",
          "positive",
          "horizon_days",
          "model",
          "folds",
          "cv_fit_rows",
          "training_sample",
          "threshold",
          "calibration",
          "features",
          "seed");

  public static final Set<String> DEFAULT_POSITIVE = Set.of("yes", "true", "1", "churned", "y");

  /** Profile fields a time-split model sees by default. */
  public static final List<String> DEFAULT_TIME_SPLIT_FEATURES;

  static {
    // RFM, browsing and recent activity: the churn model's own base list, kept apart from the
    // clustering defaults (FeatureMatrix.DEFAULT_FEATURES), which are chosen for segmentation
    List<String> f =
        new ArrayList<>(
            List.of(
                "recency_days", "frequency", "monetary", "sessions", "orders_90d", "events_90d"));
    for (String extra :
        List.of("orders_30d", "orders_90d", "ipt_sd_days", "events_30d", "activity_prev_30d")) {
      if (!f.contains(extra)) {
        f.add(extra);
      }
    }
    DEFAULT_TIME_SPLIT_FEATURES = List.copyOf(f);
  }

  public static ChurnSettings parse(JsonNode raw) {
    JsonNode c = raw == null ? null : raw.path("churn");
    if (c == null || c.isMissingNode() || c.isNull()) {
      return new ChurnSettings(
          true,
          null,
          DEFAULT_POSITIVE,
          ChurnLabels.DEFAULT_HORIZON_DAYS,
          ChurnClassifier.IDS,
          "auto",
          5,
          new ThresholdRule.MaxF1(),
          Calibration.ISOTONIC,
          List.of(),
          42,
          ChurnTrainer.DEFAULT_CV_FIT_ROWS,
          DEFAULT_TRAINING_SAMPLE);
    }
    ConfigBlock.checkKeys(c, "churn", KEYS);
    boolean enabled = ConfigBlock.bool(c, "churn.enabled", true);
    String label = labelColumn(c);
    Set<String> positive = DEFAULT_POSITIVE;
    if (c.hasNonNull("positive")) {
      positive = Set.of(c.get("positive").asText().strip().toLowerCase(Locale.ROOT));
    }
    int horizon =
        ConfigBlock.integer(c, "churn.horizon_days", ChurnLabels.DEFAULT_HORIZON_DAYS, 1, 3650);
    String model = c.path("model").asText("auto").strip().toLowerCase(Locale.ROOT);
    List<String> models = models(model);
    int folds = ConfigBlock.integer(c, "churn.folds", 5, 2, 20);
    int cvFitRows =
        ConfigBlock.integer(
            c, "churn.cv_fit_rows", ChurnTrainer.DEFAULT_CV_FIT_ROWS, 0, Integer.MAX_VALUE);
    if (cvFitRows == 1) {
      throw new ConfigException(
          "churn.cv_fit_rows must be 0 (every fold fitted on all the other folds' rows) or at"
              + " least 2 (a row of each class), got 1");
    }
    int trainingSample =
        ConfigBlock.integer(
            c, "churn.training_sample", DEFAULT_TRAINING_SAMPLE, 0, Integer.MAX_VALUE);
    if (trainingSample > 0 && trainingSample < MIN_TRAINING_SAMPLE) {
      throw new ConfigException(
          "churn.training_sample must be 0 (every customer) or at least "
              + MIN_TRAINING_SAMPLE
              + " (enough churners and buyers for the cross-validation folds), got "
              + trainingSample);
    }
    ThresholdRule threshold;
    try {
      threshold = ThresholdRule.parse(c.path("threshold").asText("max_f1"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("churn.threshold: " + e.getMessage());
    }
    Calibration calibration;
    try {
      calibration = Calibration.parse(c.path("calibration").asText("isotonic"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("churn.calibration: " + e.getMessage());
    }
    List<String> features = features(c);
    long seed = seed(c);
    return new ChurnSettings(
        enabled,
        label,
        positive,
        horizon,
        models,
        model,
        folds,
        threshold,
        calibration,
        List.copyOf(features),
        seed,
        cvFitRows,
        trainingSample);
  }

  private static String labelColumn(JsonNode c) {
    String label = c.hasNonNull("label_column") ? c.get("label_column").asText().strip() : null;
    if (label != null && label.isEmpty()) {
      throw new ConfigException(
          "churn.label_column is empty; name the customers-file column holding the label, or"
              + " remove the key to label churn from a time split of the orders");
    }
    return label;
  }

  private static List<String> models(String model) {
    if (model.equals("auto")) {
      return ChurnClassifier.IDS;
    } else if (ChurnClassifier.IDS.contains(model)) {
      return List.of(model);
    }
    throw new ConfigException(
        "churn.model must be one of auto, "
            + String.join(", ", ChurnClassifier.IDS)
            + "; got '"
            + model
            + "'");
  }

  private static List<String> features(JsonNode c) {
    List<String> features = new ArrayList<>();
    JsonNode f = c.path("features");
    if (!f.isMissingNode() && !f.isNull()) {
      if (!f.isArray()) {
        throw new ConfigException(
            "churn.features must be a list of feature names, e.g. [recency_days, frequency]");
      }
      f.forEach(x -> features.add(x.asText().strip()));
    }
    return features;
  }

  /** The smallest {@code churn.training_sample} but 0. */
  public static final int MIN_TRAINING_SAMPLE = 1_000;

  /** The most customers the models are trained on, or {@link Integer#MAX_VALUE}: all of them. */
  public int trainingCap() {
    return trainingSample == 0 ? Integer.MAX_VALUE : trainingSample;
  }

  /** The time split's profile fields: {@code churn.features}, else the defaults. */
  public List<String> timeSplitFeatures() {
    return features.isEmpty() ? DEFAULT_TIME_SPLIT_FEATURES : features;
  }

  /** The trainer's options these settings give. */
  public ChurnTrainer.Options trainerOptions() {
    return new ChurnTrainer.Options(models, folds, threshold, calibration, seed, cvFitRows);
  }

  private static long seed(JsonNode c) {
    JsonNode seedNode = c.path("seed");
    if (!seedNode.isMissingNode() && !seedNode.isNull() && !seedNode.canConvertToLong()) {
      throw new ConfigException("churn.seed must be an integer, got '" + seedNode.asText() + "'");
    }
    return seedNode.asLong(42);
  }
}
