package io.tessera.predict.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tessera.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class ChurnCrossValidationTest {

  @Test
  void rocAucShouldCountTiesAsOneHalf() {
    // hand computation: positives {0.8, 0.4}, negatives {0.4, 0.1}: pairs (0.8>0.4), (0.8>0.1),
    // (0.4=0.4 -> 1/2), (0.4>0.1) -> 3.5 / 4
    assertThat(ChurnMetrics.rocAuc(new double[] {0.8, 0.4, 0.4, 0.1}, new int[] {1, 1, 0, 0}))
        .isEqualTo(0.875);
    // average precision: ranking 0.9(+) 0.7(-) 0.5(+) -> (1/1 + 2/3) / 2
    assertThat(ChurnMetrics.averagePrecision(new double[] {0.9, 0.7, 0.5}, new int[] {1, 0, 1}))
        .isCloseTo((1 + 2.0 / 3) / 2, within(1e-12));
    assertThat(ChurnMetrics.brier(new double[] {1, 0, 0.5}, new int[] {1, 1, 0}))
        .isCloseTo((0 + 1 + 0.25) / 3, within(1e-12));
  }

  @Test
  void stratifiedFoldsShouldKeepTheShareOfPositives() {
    int[] labels = new int[1000];
    for (int i = 0; i < 250; i++) {
      labels[i] = 1;
    }
    int[] fold = CrossValidation.stratifiedFolds(labels, 5, 3);
    for (int f = 0; f < 5; f++) {
      int size = 0;
      int pos = 0;
      for (int i = 0; i < labels.length; i++) {
        if (fold[i] == f) {
          size++;
          pos += labels[i];
        }
      }
      assertThat(size).isEqualTo(200);
      assertThat(pos).isEqualTo(50);
    }
  }

  @Test
  void aFoldsFittingSampleShouldBeStratifiedSeededAndOnlyFromTheOtherFolds() {
    int[] labels = new int[1000];
    for (int i = 0; i < 300; i++) {
      labels[i * 3] = 1;
    }
    int[] fold = CrossValidation.stratifiedFolds(labels, 5, 3);
    for (int k = 0; k < 5; k++) {
      int f = k;
      int[] sample = CrossValidation.fitRows(fold, f, labels, 200, 42);
      assertThat(sample).hasSize(200).isSorted().doesNotHaveDuplicates();
      // the other folds hold 240 positives of 800 rows: 30% of 200
      assertThat(Arrays.stream(sample).map(i -> labels[i]).sum()).isEqualTo(60);
      assertThat(Arrays.stream(sample).allMatch(i -> fold[i] != f)).isTrue();
      assertThat(CrossValidation.fitRows(fold, f, labels, 200, 42)).containsExactly(sample);
      assertThat(CrossValidation.fitRows(fold, f, labels, 200, 43)).isNotEqualTo(sample);
      // at or above the other folds' 800 rows, and with 0, the fold fits on all of them
      assertThat(CrossValidation.fitRows(fold, f, labels, 800, 42))
          .containsExactly(CrossValidation.rows(fold, f, false));
      assertThat(CrossValidation.fitRows(fold, f, labels, 0, 42))
          .containsExactly(CrossValidation.rows(fold, f, false));
    }
    // a class too rare to keep its share rounded still keeps a row
    int[] rare = new int[1000];
    rare[7] = 1;
    rare[500] = 1;
    int[] rareFold = new int[1000];
    rareFold[0] = 1;
    assertThat(Arrays.stream(CrossValidation.fitRows(rareFold, 1, rare, 100, 1)).map(i -> rare[i]))
        .containsOnlyOnce(1);
  }

  @Test
  void aCapAboveTheFoldsShouldTrainExactlyAsWithoutOneAndACapBelowScoresEveryRow() {
    ChurnData data = ChurnModelsTest.synthetic(5);
    ChurnTrainer.Options all = ChurnTrainer.Options.defaults(42).withCvFitRows(0);
    TrainedChurn uncapped = ChurnTrainer.train(data, all);
    // 600 rows: each fold's model sees the other folds' 480 or so (the classes do not divide by
    // five), under the cap
    TrainedChurn capped = ChurnTrainer.train(data, all.withCvFitRows(500));
    assertThat(capped.outOfFold()).containsExactly(uncapped.outOfFold());
    assertThat(capped.evaluation()).isEqualTo(uncapped.evaluation());
    assertThat(capped.evaluation().sampleRule()).isNull();
    assertThat(capped.probability(data)).containsExactly(uncapped.probability(data));

    TrainedChurn sampled = ChurnTrainer.train(data, all.withCvFitRows(200));
    assertThat(sampled.evaluation().rows()).isEqualTo(600);
    assertThat(sampled.evaluation().sampleRule())
        .startsWith("each fold's model fitted on a stratified sample of 200 of the other folds'")
        .contains("every one of the 600 rows");
    assertThat(Arrays.stream(sampled.outOfFold()).allMatch(p -> p >= 0 && p <= 1)).isTrue();
    assertThat(sampled.outOfFold()).isNotEqualTo(uncapped.outOfFold());
    // the kept model is refitted on all rows whatever the folds were fitted on
    ChurnClassifier.Fitted refit =
        ChurnClassifier.defaults(sampled.classifier().id(), 42).fit(data);
    assertThat(sampled.model().probability(data)).containsExactly(refit.probability(data));
    assertThatThrownBy(() -> all.withCvFitRows(-1)).hasMessageContaining("cvFitRows");
  }

  @Test
  void allCandidatesFoldsInOnePassShouldScoreEachRowAsEachCandidateAlone() {
    // the trainer fits every candidate's folds in one parallel pass; each fit is seeded and writes
    // only its own fold's rows, so every out-of-fold probability is bit for bit the one the
    // candidate's own cross-validation gives
    ChurnData data = ChurnModelsTest.synthetic(5);
    int[] fold = CrossValidation.stratifiedFolds(data.labels(), 5, 11);
    List<ChurnClassifier> candidates = new ArrayList<>();
    for (String id : ChurnClassifier.IDS) {
      candidates.add(ChurnClassifier.defaults(id, 13));
    }
    double[] seconds = new double[candidates.size()];

    double[][] together = CrossValidation.outOfFold(candidates, data, fold, 5, seconds);

    for (int c = 0; c < candidates.size(); c++) {
      double[] alone = CrossValidation.outOfFold(candidates.get(c), data, fold, 5);
      assertThat(together[c]).as(candidates.get(c).id()).containsExactly(alone);
      // every row was scored (a probability strictly between 0 and 1 for these models)
      assertThat(Arrays.stream(together[c]).allMatch(p -> p > 0 && p < 1)).isTrue();
      assertThat(seconds[c]).as(candidates.get(c).id()).isPositive();
    }
  }

  /**
   * IBM Telco churn (../shared/datasets/telco-churn): 7,043 customers, 26.54% churn, 11 blank
   * TotalCharges (its README). Issue 4's bar: 5-fold cross-validated ROC-AUC >= 0.84 with the best
   * model. The README's only published model figure, IBM's notebook, is a Spark random forest at
   * areaUnderROC 0.7097 on hard 0/1 predictions of one 80/20 split: a weaker bar than ours.
   */
  @Test
  @Tag("slow")
  void theBestOfThreeModelsShouldReachTheAucBarWithCalibratedProbabilities() throws IOException {
    List<String> lines =
        Files.readAllLines(SharedData.require("telco-churn/Telco-Customer-Churn.csv"));
    List<String> header = Arrays.asList(lines.get(0).split(","));
    List<String[]> rows = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      rows.add(l.split(",", -1));
    }
    assertThat(rows).hasSize(7_043);
    int label = header.indexOf("Churn");
    int[] y = rows.stream().mapToInt(r -> r[label].equals("Yes") ? 1 : 0).toArray();
    assertThat(Arrays.stream(y).sum()).isEqualTo(1_869);
    List<String> use =
        header.stream().filter(c -> !c.equals("customerID") && !c.equals("Churn")).toList();
    TabularEncoder encoder = TabularEncoder.fit(header, rows, use);
    assertThat(encoder.featureNames())
        .contains("TotalCharges", "TotalCharges_missing", "Contract=Two year");
    ChurnData data = ChurnData.of(encoder, header, rows, y);

    TrainedChurn trained = ChurnTrainer.train(data, ChurnTrainer.Options.defaults(42));

    assertThat(trained.compared())
        .extracting(ChurnTrainer.ModelScore::model)
        .containsExactly("xgboost", "random_forest", "logistic");
    for (ChurnTrainer.ModelScore s : trained.compared()) {
      // every model, the logistic baseline included, ranks churners well above chance
      assertThat(s.rocAuc()).as(s.model()).isGreaterThan(0.82);
    }
    ChurnTrainer.Evaluation e = trained.evaluation();
    assertThat(e.rocAuc()).isGreaterThanOrEqualTo(0.84);
    assertThat(e.rocAuc())
        .isEqualTo(
            trained.compared().stream()
                .mapToDouble(ChurnTrainer.ModelScore::rocAuc)
                .max()
                .orElseThrow());
    // the figure alone (the text stage's churn comparison) without the calibration and refit
    assertThat(ChurnTrainer.cvRocAuc(data, ChurnTrainer.Options.defaults(42)))
        .isEqualTo(e.rocAuc());
    assertThat(e.prAuc()).isBetween(0.55, 1.0);
    // better than always predicting the base rate: Brier 0.2654 x 0.7346 = 0.195
    assertThat(e.brierCalibrated()).isLessThan(0.2654 * 0.7346);
    // class weighting inflates raw probabilities; calibration brings the Brier score down
    assertThat(e.brierCalibrated()).isLessThan(e.brierRaw());
    assertThat(e.atThreshold().f1()).isGreaterThan(0.55);
    assertThat(e.calibrationTable().stream().mapToLong(ChurnMetrics.CalibrationBin::count).sum())
        .isEqualTo(7_043);
    // calibrated: the mean prediction equals the churn rate within a point
    double meanP = Arrays.stream(trained.outOfFold()).average().orElseThrow();
    assertThat(meanP).isCloseTo(0.2654, within(0.01));

    // reasons name the customer's own one-hot level, e.g. a month-to-month contract
    List<List<Reason>> reasons = trained.reasons(data.subset(new int[] {0, 1, 2}), 3);
    assertThat(reasons).allSatisfy(r -> assertThat(r).hasSize(3));
    assertThat(reasons.get(0).stream().map(Reason::factor).toList())
        .allSatisfy(f -> assertThat(f).matches("[A-Za-z]+=.+"));
    // customer 0 (7590-VHVEG) has a month-to-month contract and 1 month of tenure
    assertThat(reasons.get(0).stream().map(Reason::factor))
        .containsAnyOf("Contract=Month-to-month", "tenure=1");
    System.out.printf(
        "telco: %s best=%s auc=%.4f pr=%.4f brier %.4f -> %.4f f1=%.3f at %.3f%n",
        trained.compared(),
        trained.classifier().id(),
        e.rocAuc(),
        e.prAuc(),
        e.brierRaw(),
        e.brierCalibrated(),
        e.atThreshold().f1(),
        trained.threshold());
  }
}
