package io.tessera.predict.churn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * A trained, validated churn model: the kept classifier refitted on all rows, its calibration and
 * threshold, the cross-validated report and every candidate's score. Applies itself to new rows
 * with the same columns.
 */
public final class TrainedChurn {
  private final ChurnClassifier classifier;
  private final ChurnClassifier.Fitted model;
  private final DoubleUnaryOperator calibration;
  private final double threshold;
  private final ChurnTrainer.Evaluation evaluation;
  private final List<ChurnTrainer.ModelScore> compared;
  private final double[] outOfFold;
  private final ChurnTrainer.Options options;

  TrainedChurn(
      ChurnClassifier classifier,
      ChurnClassifier.Fitted model,
      DoubleUnaryOperator calibration,
      double threshold,
      ChurnTrainer.Evaluation evaluation,
      List<ChurnTrainer.ModelScore> compared,
      double[] outOfFold,
      ChurnTrainer.Options options) {
    this.classifier = classifier;
    this.model = model;
    this.calibration = calibration;
    this.threshold = threshold;
    this.evaluation = evaluation;
    this.compared = List.copyOf(compared);
    this.outOfFold = outOfFold;
    this.options = options;
  }

  /** The kept classifier's settings. */
  public ChurnClassifier classifier() {
    return classifier;
  }

  public ChurnClassifier.Fitted model() {
    return model;
  }

  /** The decision threshold on calibrated probabilities. */
  public double threshold() {
    return threshold;
  }

  public ChurnTrainer.Evaluation evaluation() {
    return evaluation;
  }

  /** Every candidate's cross-validated score, in the order compared. */
  public List<ChurnTrainer.ModelScore> compared() {
    return compared;
  }

  public ChurnTrainer.Options options() {
    return options;
  }

  /**
   * The calibrated out-of-fold probability of each training row: a score of each row by a model
   * that did not see it.
   */
  public double[] outOfFold() {
    return outOfFold.clone();
  }

  /** Calibrated probabilities of new rows. */
  public double[] probability(ChurnData rows) {
    double[] p = model.probability(rows);
    for (int i = 0; i < p.length; i++) {
      p[i] = calibration.applyAsDouble(p[i]);
    }
    return p;
  }

  /** Calibrates a raw probability of the kept model. */
  public double calibrate(double raw) {
    return calibration.applyAsDouble(raw);
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
