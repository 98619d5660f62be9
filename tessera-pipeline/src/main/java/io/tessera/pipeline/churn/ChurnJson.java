package io.tessera.pipeline.churn;

import static io.tessera.predict.churn.ChurnReport.round;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.model.ModelJson;
import io.tessera.predict.churn.ChurnMetrics;
import io.tessera.predict.churn.ChurnReport;
import io.tessera.predict.churn.TrainedChurn;
import io.tessera.predict.clv.Backtest;
import io.tessera.predict.clv.BgNbd;
import io.tessera.predict.next.NextPurchase;
import io.tessera.predict.next.PurchaseBand;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The fitted churn model's part of models/churn.json. */
final class ChurnJson {
  private ChurnJson() {}

  /**
   * Writes the fitted model's cross-validation, threshold, calibration, ROC, the models compared
   * and the provenance into churn.json's {@code root}.
   */
  static void writeModel(
      ObjectNode root, TrainedChurn trained, ChurnSettings settings, double trainingSeconds) {
    // the fit's figures from core's one definition of churn.json's shape
    ChurnReport.Fit fit =
        ChurnReport.Fit.of(
            trained, settings.threshold().wire(), settings.calibration().wire(), settings.seed());
    root.setAll((ObjectNode) ModelJson.MAPPER.valueToTree(fit));
    ObjectNode provenance =
        root.has("provenance") ? (ObjectNode) root.get("provenance") : root.putObject("provenance");
    provenance.put("seed", settings.seed());
    provenance.put("training_seconds", round(trainingSeconds));
    Map<String, Object> opts = new LinkedHashMap<>();
    opts.put("model", settings.model());
    opts.put("models", settings.models());
    opts.put("folds", settings.folds());
    opts.put("threshold", settings.threshold().wire());
    opts.put("calibration", settings.calibration().wire());
    opts.put("horizon_days", settings.horizonDays());
    provenance.putPOJO("options", opts);
    provenance.putPOJO(
        "libraries",
        Map.of(
            "xgboost4j", version(ml.dmlc.xgboost4j.java.XGBoost.class, "2.1.4"),
            "smile", version(smile.classification.RandomForest.class, "6.3.0")));
  }

  /** How a label-column model was labelled: churn.json's {@code label}. */
  static void columnLabel(
      ObjectNode root, String column, Set<String> positive, int[] labels, int scored) {
    ObjectNode l = root.putObject("label");
    l.put("kind", "column");
    l.put("column", column);
    l.putPOJO("positive", new TreeSet<>(positive));
    l.put("rows", labels.length);
    l.put("positives", Arrays.stream(labels).sum());
    l.put("unlabelled_scored", scored - labels.length);
  }

  /** The next-purchase validations of the sources that were fitted (either may be null). */
  static void validations(
      ArrayNode validations, NextPurchase.Validation bg, NextPurchase.Validation cl) {
    for (NextPurchase.Validation v : Arrays.asList(bg, cl)) {
      if (v != null) {
        validations
            .addObject()
            .put("source", v.source())
            .put("roc_auc", round(v.rocAuc()))
            .put("brier", round(v.brier()))
            .put("mean_predicted", round(v.meanPredicted()))
            .put("observed_rate", round(v.observedRate()))
            .put("rows", v.rows());
      }
    }
  }

  /** The next-purchase BG/NBD's parameters, for scoring a customer later from their orders. */
  static void nextBgNbd(ObjectNode np, BgNbd m, LocalDate asOf) {
    np.putObject("bgnbd")
        .put("time_unit", "days")
        .put("as_of", asOf.toString())
        .put("r", m.r())
        .put("alpha", m.alpha())
        .put("a", m.a())
        .put("b", m.b());
  }

  /** Puts each scored customer's band in {@code bands} and the bands with their sizes in np. */
  static void bands(ObjectNode np, Map<String, Double> buy, Map<String, String> bands) {
    Map<PurchaseBand, Integer> counts = new EnumMap<>(PurchaseBand.class);
    for (Map.Entry<String, Double> e : buy.entrySet()) {
      PurchaseBand b = PurchaseBand.of(e.getValue());
      bands.put(e.getKey(), b.id());
      counts.merge(b, 1, Integer::sum);
    }
    ArrayNode bandNode = np.putArray("bands");
    for (PurchaseBand b : PurchaseBand.values()) {
      bandNode
          .addObject()
          .put("id", b.id())
          .put("en", b.english())
          .put("ko", b.korean())
          .put("lower", b.lower())
          .put("upper", b.upper())
          .put("customers", counts.getOrDefault(b, 0));
    }
  }

  /** The BG/NBD backtest's figures and weeks. */
  static void backtest(ObjectNode bt, Backtest b) {
    bt.put("customers", b.holdoutCustomers());
    bt.put("holdout_actual_repeat_purchases", b.holdoutActual());
    bt.put("holdout_expected_repeat_purchases", round(b.holdoutExpected()));
    bt.put("mae_per_customer", round(b.maePerCustomer()));
    ArrayNode weeks = bt.putArray("weeks");
    for (Backtest.Week w : b.weeks()) {
      weeks
          .addObject()
          .put("week_start", w.start().toString())
          .put("holdout", w.holdout())
          .put("actual", w.actual())
          .put("expected", round(w.expected()))
          .put("actual_cumulative", w.actualCumulative())
          .put("expected_cumulative", round(w.expectedCumulative()));
    }
  }

  /** The churn scores against what really happened after the as-of date. */
  static void realChurn(ObjectNode real, double threshold, double[] p, int[] actual) {
    int pos = Arrays.stream(actual).sum();
    if (pos == 0 || pos == actual.length) {
      real.put("status", "skipped: the real outcome has one class only");
      return;
    }
    ChurnMetrics.AtThreshold at = ChurnMetrics.at(threshold, p, actual);
    real.put("status", "done");
    real.put("rows", actual.length);
    real.put("churned", pos);
    real.put("roc_auc", round(ChurnMetrics.rocAuc(p, actual)));
    real.put("pr_auc", round(ChurnMetrics.averagePrecision(p, actual)));
    real.put("brier", round(ChurnMetrics.brier(p, actual)));
    real.put("precision", round(at.precision()));
    real.put("recall", round(at.recall()));
    real.put("f1", round(at.f1()));
  }

  private static String version(Class<?> c, String built) {
    String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
    return v == null ? built : v;
  }
}
