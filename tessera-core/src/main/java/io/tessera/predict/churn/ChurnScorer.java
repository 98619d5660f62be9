package io.tessera.predict.churn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What applies a trained churn model to rows: the fitted classifier, its calibration and the
 * decision threshold. The batch run scores its customers with it ({@link TrainedChurn} delegates
 * here) and a saved model ({@link SavedChurn}) is read back into one, so a customer scored later
 * (the live engine) goes through exactly this code.
 *
 * @param modelId the classifier's id: xgboost, random_forest or logistic
 * @param model the classifier fitted on all training rows
 * @param calibration the calibration fitted on its out-of-fold probabilities
 * @param threshold the decision threshold on calibrated probabilities
 */
public record ChurnScorer(
    String modelId,
    ChurnClassifier.Fitted model,
    Calibration.Fitted calibration,
    double threshold) {

  /** Calibrated probabilities of rows. */
  public double[] probability(ChurnData rows) {
    double[] p = model.probability(rows);
    for (int i = 0; i < p.length; i++) {
      p[i] = calibration.applyAsDouble(p[i]);
    }
    return p;
  }

  /** Calibrates a raw probability of the model. */
  public double calibrate(double raw) {
    return calibration.applyAsDouble(raw);
  }

  /** Whether a calibrated probability is at or above the threshold (the model calls it churn). */
  public boolean flagged(double probability) {
    return probability >= threshold;
  }

  /** The unit of the reasons' contributions: {@code log-odds} or {@code probability}. */
  public String contributionScale() {
    return model.contributionScale();
  }

  /**
   * The {@code top} factors of each row, largest absolute contribution first: the contributions of
   * the columns of one group (a one-hot column's siblings, a value and its missing indicator) are
   * added and shown as the customer's value of the group.
   */
  public List<List<Reason>> reasons(ChurnData rows, int top) {
    double[][] c = model.contributions(rows);
    List<String> groups = rows.groups();
    List<List<Reason>> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Double> byGroup = new LinkedHashMap<>();
      for (int j = 0; j < groups.size(); j++) {
        byGroup.merge(groups.get(j), c[i][j], Double::sum);
      }
      int row = i;
      out.add(
          byGroup.entrySet().stream()
              .filter(e -> e.getValue() != 0)
              .sorted(
                  Comparator.comparingDouble(
                          (Map.Entry<String, Double> e) -> -Math.abs(e.getValue()))
                      .thenComparing(Map.Entry::getKey))
              .limit(top)
              .map(e -> new Reason(rows.describe(row, e.getKey()), e.getValue()))
              .toList());
    }
    return out;
  }
}
