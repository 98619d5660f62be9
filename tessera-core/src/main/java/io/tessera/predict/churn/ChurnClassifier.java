package io.tessera.predict.churn;

import java.util.List;
import java.util.Locale;

/**
 * A binary classifier of churn (or any 0/1 outcome, such as "buys in the next 30 days"): fitted on
 * labelled {@link ChurnData}, it gives each new row a probability and per-feature contributions.
 * The three kinds are gradient-boosted trees (XGBoost), a random forest (Smile) and logistic
 * regression (Smile) as the baseline; each weighs the rarer class up so that an imbalanced label
 * still drives the fit.
 */
public sealed interface ChurnClassifier
    permits GradientBoostedChurn, RandomForestChurn, LogisticChurn {

  /** The model's name in configs and outputs: xgboost, random_forest or logistic. */
  String id();

  /**
   * Fits the model.
   *
   * @throws IllegalArgumentException when the data has no labels or only one class
   */
  Fitted fit(ChurnData train);

  /** The settings, for provenance. */
  java.util.Map<String, Object> settings();

  /** A fitted classifier. */
  sealed interface Fitted
      permits GradientBoostedChurn.Model, RandomForestChurn.Model, LogisticChurn.Model {
    /** The probability of label 1 for each row (before any calibration). */
    double[] probability(ChurnData rows);

    /**
     * Each row's per-column contributions to its score, {@code [row][column]}: TreeSHAP values in
     * log-odds for XGBoost, TreeSHAP values of the class-1 probability for the random forest,
     * coefficient x standardised value (log-odds) for logistic regression. Positive raises the
     * probability.
     */
    double[][] contributions(ChurnData rows);

    /** The unit of {@link #contributions}: {@code log-odds} or {@code probability}. */
    String contributionScale();
  }

  /** The default settings of each kind, seeded. */
  static ChurnClassifier defaults(String id, long seed) {
    return switch (id.toLowerCase(Locale.ROOT)) {
      case "xgboost" -> GradientBoostedChurn.defaults(seed);
      case "random_forest" -> RandomForestChurn.defaults(seed);
      case "logistic" -> LogisticChurn.defaults();
      default ->
          throw new IllegalArgumentException(
              "unknown model '" + id + "'; allowed: " + String.join(", ", IDS));
    };
  }

  /** The model names, in the order they are compared. */
  List<String> IDS = List.of("xgboost", "random_forest", "logistic");

  /** Throws unless the labels hold both classes. */
  static void requireBothClasses(ChurnData train) {
    if (!train.hasLabels()) {
      throw new IllegalArgumentException("training rows need labels");
    }
    long pos = 0;
    for (int i = 0; i < train.size(); i++) {
      pos += train.label(i);
    }
    if (pos == 0 || pos == train.size()) {
      throw new IllegalArgumentException(
          "the label has one class only ("
              + (pos == 0 ? "no positives" : "all positive")
              + " among "
              + train.size()
              + " rows): there is nothing to learn");
    }
  }
}
