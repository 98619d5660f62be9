package io.tessera.predict.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderStatus;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three classifiers, their explanations, threshold rules, calibration and labels. */
class ChurnModelsTest {

  /**
   * 600 rows: x0 drives the label (logit 2 x0), x1 is noise, "plan" is one-hot with a small effect,
   * x0 missing in 5% of rows.
   */
  static ChurnData synthetic(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = 600;
    double[][] rows = new double[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      double x0 = rnd.nextGaussian();
      double x1 = rnd.nextGaussian();
      boolean monthly = rnd.nextDouble() < 0.5;
      double logit = -1 + 2 * x0 + (monthly ? 0.5 : 0);
      y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
      rows[i] =
          new double[] {
            rnd.nextDouble() < 0.05 ? Double.NaN : x0, x1, monthly ? 1 : 0, monthly ? 0 : 1
          };
    }
    return ChurnData.of(rows, List.of("x0", "x1", "plan=monthly", "plan=yearly"), y);
  }

  @ParameterizedTest
  @ValueSource(strings = {"xgboost", "random_forest", "logistic"})
  void contributionsShouldExplainTheDifferenceBetweenTwoScores(String id) {
    ChurnData data = synthetic(1);
    ChurnClassifier.Fitted model = ChurnClassifier.defaults(id, 7).fit(data);
    ChurnData two = data.subset(new int[] {0, 1, 2, 3});
    double[] p = model.probability(two);
    double[][] c = model.contributions(two);
    // SHAP values (and coefficient x standardised value) are additive: the sums of two rows'
    // contributions differ by exactly the difference of their scores, in the stated scale
    for (int k = 1; k < 4; k++) {
      double sum0 = java.util.Arrays.stream(c[0]).sum();
      double sumK = java.util.Arrays.stream(c[k]).sum();
      double scoreDiff =
          model.contributionScale().equals("log-odds") ? logit(p[k]) - logit(p[0]) : p[k] - p[0];
      assertThat(sumK - sum0).as("%s row %d", id, k).isCloseTo(scoreDiff, within(1e-3));
    }
    // the driver x0 matters more on average than the noise column x1
    double x0 = 0;
    double x1 = 0;
    double[][] all = model.contributions(data);
    for (double[] r : all) {
      x0 += Math.abs(r[0]);
      x1 += Math.abs(r[1]);
    }
    assertThat(x0).as(id).isGreaterThan(2 * x1);
    assertThat(ChurnMetrics.rocAuc(model.probability(data), data.labels())).isGreaterThan(0.75);
  }

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  @Test
  void reasonsShouldNameTheCustomersOwnLevelOfAOneHotGroup() {
    ChurnData data = synthetic(2);
    TrainedChurn trained =
        ChurnTrainer.train(data, ChurnTrainer.Options.defaults(3).withModels(List.of("logistic")));
    List<List<Reason>> reasons = trained.reasons(data, 3);
    for (int i = 0; i < data.size(); i++) {
      List<String> factors = reasons.get(i).stream().map(Reason::factor).toList();
      // one entry for the whole plan group, read as the customer's own plan
      assertThat(factors.stream().filter(f -> f.startsWith("plan=")).count())
          .isLessThanOrEqualTo(1);
      String plan = data.get(i, 2) == 1 ? "plan=monthly" : "plan=yearly";
      factors.stream()
          .filter(f -> f.startsWith("plan="))
          .forEach(f -> assertThat(f).isEqualTo(plan));
      if (Double.isNaN(data.get(i, 0))) {
        factors.stream()
            .filter(f -> f.startsWith("x0"))
            .forEach(f -> assertThat(f).isEqualTo("x0=missing"));
      }
    }
    assertThat(reasons.getFirst().getFirst().text()).matches(".+ \\([+-]\\d\\.\\d{3}\\)");
  }

  @Test
  void trainingShouldKeepTheBestModelAndReportEveryCandidate() {
    ChurnData data = synthetic(4);
    TrainedChurn t = ChurnTrainer.train(data, ChurnTrainer.Options.defaults(5));
    assertThat(t.compared()).hasSize(3);
    double best =
        t.compared().stream().mapToDouble(ChurnTrainer.ModelScore::rocAuc).max().orElseThrow();
    assertThat(t.evaluation().rocAuc()).isEqualTo(best);
    assertThat(t.classifier().id())
        .isEqualTo(
            t.compared().stream()
                .filter(s -> s.rocAuc() == best)
                .findFirst()
                .orElseThrow()
                .model());
    // retraining with the same seed gives the same result
    TrainedChurn again = ChurnTrainer.train(data, ChurnTrainer.Options.defaults(5));
    assertThat(again.evaluation().rocAuc()).isEqualTo(t.evaluation().rocAuc());
    assertThat(again.probability(data)).containsExactly(t.probability(data));
    ChurnMetrics.AtThreshold at = t.evaluation().atThreshold();
    assertThat(at.f1())
        .isCloseTo(
            2 * at.precision() * at.recall() / (at.precision() + at.recall()), within(1e-12));
  }

  @Test
  void thresholdRulesShouldFollowTheirStatedDefinitions() {
    double[] p = {0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1};
    int[] y = {1, 1, 0, 1, 0, 1, 0, 0};
    // by hand: t=0.9 F1 2/5; 0.8 4/6; 0.7 4/7; 0.6 6/8; 0.4 6/9; 0.3 8/10 (best); 0.2 8/11
    assertThat(new ThresholdRule.MaxF1().choose(p, y)).isEqualTo(0.3);
    assertThat(ChurnMetrics.at(0.3, p, y).f1()).isCloseTo(0.8, within(1e-12));
    // recall 0.75 = 3 of 4 positives: first reached at 0.6
    assertThat(new ThresholdRule.TargetRecall(0.75).choose(p, y)).isEqualTo(0.6);
    assertThat(ThresholdRule.parse("recall:0.75")).isEqualTo(new ThresholdRule.TargetRecall(0.75));
    assertThat(ThresholdRule.parse(" MAX_F1 ")).isEqualTo(new ThresholdRule.MaxF1());
    assertThatThrownBy(() -> ThresholdRule.parse("recall:2"))
        .hasMessageContaining("max_f1, recall:<0-1>");
    assertThatThrownBy(() -> ThresholdRule.parse("best")).hasMessageContaining("'best'");
  }

  @Test
  void calibrationTableAndRocCurveShouldAccountForEveryRow() {
    double[] p = {0.05, 0.15, 0.15, 0.95, 1.0};
    int[] y = {0, 0, 1, 1, 1};
    List<ChurnMetrics.CalibrationBin> bins = ChurnMetrics.calibrationTable(p, y, 10);
    assertThat(bins).extracting(ChurnMetrics.CalibrationBin::count).containsExactly(1L, 2L, 2L);
    assertThat(bins.get(1).observedRate()).isEqualTo(0.5);
    assertThat(bins.get(2).meanPredicted()).isCloseTo(0.975, within(1e-12));
    List<ChurnMetrics.RocPoint> roc = ChurnMetrics.rocCurve(p, y, 101);
    assertThat(roc.getFirst().fpr()).isZero();
    assertThat(roc.getLast().fpr()).isEqualTo(1.0);
    assertThat(roc.getLast().tpr()).isEqualTo(1.0);
    assertThat(roc).hasSize(5); // the start and one point per distinct score
  }

  @Test
  void isotonicCalibrationShouldBeMonotoneAndMatchRates() {
    double[] raw = new double[1000];
    int[] y = new int[1000];
    SplittableRandom rnd = new SplittableRandom(9);
    for (int i = 0; i < raw.length; i++) {
      raw[i] = rnd.nextDouble();
      // true probability is raw^2: raw over-states it
      y[i] = rnd.nextDouble() < raw[i] * raw[i] ? 1 : 0;
    }
    var iso = Calibration.ISOTONIC.fit(raw, y);
    double prev = -1;
    for (double q = 0; q <= 1; q += 0.05) {
      double c = iso.applyAsDouble(q);
      assertThat(c).isGreaterThanOrEqualTo(prev).isBetween(0.0, 1.0);
      prev = c;
    }
    double[] calibrated = new double[raw.length];
    for (int i = 0; i < raw.length; i++) {
      calibrated[i] = iso.applyAsDouble(raw[i]);
    }
    assertThat(ChurnMetrics.brier(calibrated, y)).isLessThan(ChurnMetrics.brier(raw, y));
    assertThat(Calibration.parse("Platt")).isEqualTo(Calibration.PLATT);
    assertThatThrownBy(() -> Calibration.parse("beta"))
        .hasMessageContaining("isotonic, platt, none");
  }

  @Test
  void timeSplitLabelsShouldCountOnlyCompletedOrdersInTheWindow() {
    ChurnLabels split = new ChurnLabels(LocalDate.of(2026, 3, 31), 90);
    assertThat(split.windowEnd()).isEqualTo(LocalDate.of(2026, 6, 29));
    assertThat(split.until(ZoneOffset.UTC))
        .isEqualTo(LocalDate.of(2026, 4, 1).atStartOfDay(ZoneOffset.UTC).toInstant());
    CustomerId a = CustomerId.of("a");
    CustomerId b = CustomerId.of("b");
    CustomerId c = CustomerId.of("c");
    CustomerId d = CustomerId.of("d");
    List<Order> orders =
        List.of(
            order(
                a, "2026-03-31T23:59:59Z", OrderStatus.COMPLETED), // the cut-off day: feature side
            order(b, "2026-04-01T00:00:00Z", OrderStatus.COMPLETED), // first day of the window
            order(c, "2026-05-01T10:00:00Z", OrderStatus.CANCELLED), // not a purchase
            order(d, "2026-06-29T23:59:59Z", OrderStatus.COMPLETED), // last day of the window
            order(a, "2026-06-30T00:00:00Z", OrderStatus.COMPLETED)); // after the window
    assertThat(split.churned(List.of(a, b, c, d), orders, ZoneOffset.UTC))
        .containsExactly(1, 0, 1, 0);
    assertThat(split.bought(List.of(d, a), orders, ZoneOffset.UTC)).containsExactly(1, 0);
    assertThat(ChurnLabels.endingAt(LocalDate.of(2026, 6, 30), 90).cutoff())
        .isEqualTo(LocalDate.of(2026, 4, 1));
    assertThatThrownBy(() -> new ChurnLabels(LocalDate.of(2026, 1, 1), 0))
        .hasMessageContaining("horizon_days");
  }

  private static Order order(CustomerId id, String at, OrderStatus status) {
    return new Order(
        id.value() + at, id, java.time.Instant.parse(at), Money.of(10, "EUR"), status, null, null);
  }

  @Test
  void trainingShouldRefuseALabelWithOneClass() {
    ChurnData data =
        ChurnData.of(new double[][] {{1}, {2}, {3}}, List.of("x"), new int[] {0, 0, 0});
    assertThatThrownBy(() -> ChurnTrainer.train(data, ChurnTrainer.Options.defaults(1)))
        .hasMessageContaining("one class only");
    ChurnData few =
        ChurnData.of(new double[][] {{1}, {2}, {3}, {4}}, List.of("x"), new int[] {0, 1, 0, 0});
    assertThatThrownBy(() -> ChurnTrainer.train(few, ChurnTrainer.Options.defaults(1)))
        .hasMessageContaining("at least 5 rows of each class");
  }
}
