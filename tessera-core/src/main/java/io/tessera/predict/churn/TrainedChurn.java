package io.tessera.predict.churn;

import java.util.List;

/**
 * A trained, validated churn model: the kept classifier refitted on all rows, its calibration and
 * threshold, the cross-validated report and every candidate's score. Applies itself to new rows
 * with the same columns through its {@link ChurnScorer}, the part a saved model keeps ({@link
 * SavedChurn}).
 */
public final class TrainedChurn {
  private final ChurnClassifier classifier;
  private final ChurnScorer scorer;
  private final ChurnTrainer.Evaluation evaluation;
  private final List<ChurnTrainer.ModelScore> compared;
  private final double[] outOfFold;
  private final ChurnTrainer.Options options;

  TrainedChurn(
      ChurnClassifier classifier,
      ChurnClassifier.Fitted model,
      Calibration.Fitted calibration,
      double threshold,
      ChurnTrainer.Evaluation evaluation,
      List<ChurnTrainer.ModelScore> compared,
      double[] outOfFold,
      ChurnTrainer.Options options) {
    this.classifier = classifier;
    this.scorer = new ChurnScorer(classifier.id(), model, calibration, threshold);
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
    return scorer.model();
  }

  /** What applies the model to new rows: the classifier, its calibration and threshold. */
  public ChurnScorer scorer() {
    return scorer;
  }

  /** The decision threshold on calibrated probabilities. */
  public double threshold() {
    return scorer.threshold();
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
    return scorer.probability(rows);
  }

  /** Calibrates a raw probability of the kept model. */
  public double calibrate(double raw) {
    return scorer.calibrate(raw);
  }

  /**
   * The {@code top} factors of each row, largest absolute contribution first (see {@link
   * ChurnScorer#reasons}).
   */
  public List<List<Reason>> reasons(ChurnData rows, int top) {
    return scorer.reasons(rows, top);
  }
}
