package io.tessera.predict.churn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a churn model the way it is reported: each candidate classifier is scored by stratified
 * k-fold cross-validation, the one with the highest out-of-fold ROC-AUC is kept, a calibration is
 * fitted on its out-of-fold probabilities, the threshold is chosen on the calibrated out-of-fold
 * probabilities by the stated rule, and the kept classifier is refitted on all rows.
 *
 * <p>On large data each fold's model is fitted on a sample ({@link Options#cvFitRows}, {@link
 * #DEFAULT_CV_FIT_ROWS}): every row is still scored out of fold and the kept model is still
 * refitted on every row, but the k x candidates cross-validation fits, most of the training's cost,
 * no longer grow with the data.
 */
public final class ChurnTrainer {
  private ChurnTrainer() {}

  /**
   * The most rows a cross-validation fold's model is fitted on by default. Chosen from a learning
   * curve on the 100,000-customer generated shop (seed 42; 62,931 training rows, folds fitted on
   * 50,345): with folds fitted on 20,000 rows every candidate's out-of-fold ROC-AUC stays within
   * 0.0011 of the full folds' (the forest 0.9594 -> 0.9584) and the same model is kept; at 10,000
   * the forest loses 0.0024 and the ranking flips (README, "Churn and next purchase"). Data whose
   * folds hold fewer rows (Telco's 7,043 customers: 5,634) is cross-validated exactly as without
   * the cap.
   */
  public static final int DEFAULT_CV_FIT_ROWS = 20_000;

  /**
   * How to train.
   *
   * @param models candidate model ids (xgboost, random_forest, logistic), compared in this order
   * @param folds cross-validation folds (at least 2)
   * @param threshold the threshold rule
   * @param calibration how probabilities are calibrated
   * @param seed seed of the folds, of their fitting samples and of the models
   * @param cvFitRows the most rows a cross-validation fold's model is fitted on: when the other
   *     folds hold more, a stratified sample of this many of them ({@link
   *     CrossValidation#fitRows}); 0 fits every fold on all the other folds' rows
   */
  public record Options(
      List<String> models,
      int folds,
      ThresholdRule threshold,
      Calibration calibration,
      long seed,
      int cvFitRows) {
    /** The options with the default fold fitting cap, {@link #DEFAULT_CV_FIT_ROWS}. */
    public Options(
        List<String> models,
        int folds,
        ThresholdRule threshold,
        Calibration calibration,
        long seed) {
      this(models, folds, threshold, calibration, seed, DEFAULT_CV_FIT_ROWS);
    }

    public Options {
      models = List.copyOf(models);
      if (models.isEmpty()) {
        throw new IllegalArgumentException("name at least one model: " + ChurnClassifier.IDS);
      }
      for (String m : models) {
        if (!ChurnClassifier.IDS.contains(m)) {
          throw new IllegalArgumentException(
              "unknown model '" + m + "'; allowed: " + String.join(", ", ChurnClassifier.IDS));
        }
      }
      if (folds < 2) {
        throw new IllegalArgumentException("folds must be at least 2, got " + folds);
      }
      if (threshold == null || calibration == null) {
        throw new IllegalArgumentException("a threshold rule and a calibration are required");
      }
      if (cvFitRows < 0 || cvFitRows == 1) {
        throw new IllegalArgumentException(
            "cvFitRows must be 0 (all rows) or at least 2 (a row of each class), got " + cvFitRows);
      }
    }

    /** All three models, 5 folds, maximum F1, isotonic calibration. */
    public static Options defaults(long seed) {
      return new Options(
          ChurnClassifier.IDS, 5, new ThresholdRule.MaxF1(), Calibration.ISOTONIC, seed);
    }

    public Options withModels(List<String> m) {
      return new Options(m, folds, threshold, calibration, seed, cvFitRows);
    }

    public Options withFolds(int k) {
      return new Options(models, k, threshold, calibration, seed, cvFitRows);
    }

    public Options withCvFitRows(int rows) {
      return new Options(models, folds, threshold, calibration, seed, rows);
    }
  }

  /** One candidate's cross-validated figures on raw (uncalibrated) probabilities. */
  public record ModelScore(
      String model, double rocAuc, double prAuc, double brier, double seconds) {}

  /**
   * The kept model's cross-validated report.
   *
   * @param folds number of folds
   * @param rocAuc out-of-fold ROC-AUC (raw probabilities: calibration keeps the order, up to ties)
   * @param prAuc out-of-fold average precision (raw probabilities)
   * @param atThreshold precision, recall and F1 of the calibrated out-of-fold probabilities at the
   *     chosen threshold
   * @param brierRaw Brier score of the raw out-of-fold probabilities
   * @param brierCalibrated Brier score of the cross-fitted calibrated probabilities
   * @param calibrationTable 10 bins of the calibrated out-of-fold probabilities
   * @param roc the ROC curve of the out-of-fold probabilities
   * @param positives positive rows
   * @param rows all rows
   * @param sampleRule how the folds' models were fitted on a sample of their rows, or null when
   *     each was fitted on all the other folds' rows
   */
  public record Evaluation(
      int folds,
      double rocAuc,
      double prAuc,
      ChurnMetrics.AtThreshold atThreshold,
      double brierRaw,
      double brierCalibrated,
      List<ChurnMetrics.CalibrationBin> calibrationTable,
      List<ChurnMetrics.RocPoint> roc,
      long positives,
      long rows,
      String sampleRule) {
    public Evaluation {
      calibrationTable = List.copyOf(calibrationTable);
      roc = List.copyOf(roc);
    }

    /** The ROC-AUC's 95% interval ({@link ChurnMetrics#rocAucInterval95}). */
    public double[] rocAucInterval95() {
      return ChurnMetrics.rocAucInterval95(rocAuc, positives, rows - positives);
    }

    /**
     * The warning when the ROC-AUC's 95% interval holds 0.5: the ranking is not shown to be better
     * than a random one on this data (a small shop, few churned customers, or features that say
     * nothing of churn); null otherwise (churn.json's {@code cv.warning}, absent then).
     */
    public String chanceWarning() {
      double[] ci = rocAucInterval95();
      if (ci[0] > 0.5) {
        return null;
      }
      return String.format(
          java.util.Locale.ROOT,
          "cannot be told from chance: CV ROC-AUC %.3f, 95%% interval %.3f-%.3f (%d churned of %d"
              + " customers); do not act on these scores alone",
          rocAuc,
          ci[0],
          ci[1],
          positives,
          rows);
    }
  }

  /**
   * Trains and validates.
   *
   * @throws IllegalArgumentException when the rows have no labels, one class only, or fewer
   *     positives (or negatives) than folds
   */
  public static TrainedChurn train(ChurnData data, Options options) {
    Compared c = compare(data, options);
    int[] y = c.y;
    long pos = java.util.Arrays.stream(y).sum();
    int[] fold = c.fold;
    List<ModelScore> scores = c.scores;
    Map<String, double[]> oofs = c.oofs;
    ModelScore best = c.best();
    double[] oof = oofs.get(best.model());
    double[] calibrated =
        CrossValidation.crossCalibrated(options.calibration(), oof, y, fold, options.folds());
    double threshold = options.threshold().choose(calibrated, y);
    Evaluation evaluation =
        new Evaluation(
            options.folds(),
            best.rocAuc(),
            best.prAuc(),
            ChurnMetrics.at(threshold, calibrated, y),
            best.brier(),
            ChurnMetrics.brier(calibrated, y),
            ChurnMetrics.calibrationTable(calibrated, y, 10),
            ChurnMetrics.rocCurve(oof, y, 101),
            pos,
            y.length,
            c.sampleRule);
    ChurnClassifier classifier = ChurnClassifier.defaults(best.model(), options.seed());
    Calibration.Fitted calibration = options.calibration().fit(oof, y);
    ChurnClassifier.Fitted model = classifier.fit(data);
    return new TrainedChurn(
        classifier, model, calibration, threshold, evaluation, scores, calibrated, options);
  }

  /**
   * The kept model's out-of-fold ROC-AUC, what {@link #train} reports as {@code
   * evaluation().rocAuc()}, without calibrating or refitting the kept model (for a comparison of
   * feature sets that needs only the figure).
   *
   * @throws IllegalArgumentException as {@link #train}
   */
  public static double cvRocAuc(ChurnData data, Options options) {
    return compare(data, options).best().rocAuc();
  }

  /** Every candidate's cross-validation on the same stratified folds. */
  private record Compared(
      int[] y, int[] fold, List<ModelScore> scores, Map<String, double[]> oofs, String sampleRule) {
    ModelScore best() {
      return scores.stream().max(Comparator.comparingDouble(ModelScore::rocAuc)).orElseThrow();
    }
  }

  private static Compared compare(ChurnData data, Options options) {
    ChurnClassifier.requireBothClasses(data);
    int[] y = data.labels();
    long pos = java.util.Arrays.stream(y).sum();
    if (pos < options.folds() || y.length - pos < options.folds()) {
      throw new IllegalArgumentException(
          "need at least "
              + options.folds()
              + " rows of each class for "
              + options.folds()
              + "-fold cross-validation; got "
              + pos
              + " positive and "
              + (y.length - pos)
              + " negative");
    }
    int[] fold = CrossValidation.stratifiedFolds(y, options.folds(), options.seed());
    List<ModelScore> scores = new ArrayList<>();
    Map<String, double[]> oofs = new LinkedHashMap<>();
    List<ChurnClassifier> candidates = new ArrayList<>();
    for (String id : options.models()) {
      candidates.add(ChurnClassifier.defaults(id, options.seed()));
    }
    // every candidate's folds in one parallel pass (each fit seeded: the same figures as one
    // candidate after the other); a candidate's seconds are from its first fit's start to its
    // last fit's end, so they overlap
    double[] cvSeconds = new double[candidates.size()];
    double[][] all =
        CrossValidation.outOfFold(
            candidates,
            data,
            fold,
            options.folds(),
            options.cvFitRows(),
            options.seed(),
            cvSeconds);
    for (int m = 0; m < candidates.size(); m++) {
      String id = options.models().get(m);
      double[] oof = all[m];
      double seconds = cvSeconds[m];
      oofs.put(id, oof);
      scores.add(
          new ModelScore(
              id,
              ChurnMetrics.rocAuc(oof, y),
              ChurnMetrics.averagePrecision(oof, y),
              ChurnMetrics.brier(oof, y),
              seconds));
    }
    return new Compared(y, fold, scores, oofs, sampleRule(y, fold, options));
  }

  /**
   * The rule the folds' fitting rows followed, when a fold's model was fitted on a sample; null
   * when each was fitted on all the other folds' rows.
   */
  private static String sampleRule(int[] y, int[] fold, Options options) {
    int largest = 0;
    for (int f = 0; f < options.folds(); f++) {
      largest = Math.max(largest, CrossValidation.rows(fold, f, false).length);
    }
    if (options.cvFitRows() <= 0 || largest <= options.cvFitRows()) {
      return null;
    }
    return "each fold's model fitted on a stratified sample of "
        + options.cvFitRows()
        + " of the other folds' rows (up to "
        + largest
        + "; churn.cv_fit_rows); every one of the "
        + y.length
        + " rows scored by the model of its own fold; the kept model refitted on all rows";
  }
}
