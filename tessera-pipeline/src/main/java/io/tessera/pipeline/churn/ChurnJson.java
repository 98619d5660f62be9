package io.tessera.pipeline.churn;

import static io.tessera.pipeline.churn.ChurnStage.round;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.predict.churn.ChurnMetrics;
import io.tessera.predict.churn.ChurnTrainer;
import io.tessera.predict.churn.TrainedChurn;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fitted churn model's part of models/churn.json. */
final class ChurnJson {
  private ChurnJson() {}

  /**
   * Writes the fitted model's cross-validation, threshold, calibration, ROC, the models compared
   * and the provenance into churn.json's {@code root}.
   */
  static void writeModel(
      ObjectNode root, TrainedChurn trained, ChurnSettings settings, double trainingSeconds) {
    ChurnTrainer.Evaluation e = trained.evaluation();
    root.put("model", trained.classifier().id());
    ObjectNode cv = root.putObject("cv");
    cv.put("folds", e.folds());
    cv.put("roc_auc", round(e.rocAuc()));
    cv.put("pr_auc", round(e.prAuc()));
    cv.put("precision", round(e.atThreshold().precision()));
    cv.put("recall", round(e.atThreshold().recall()));
    cv.put("f1", round(e.atThreshold().f1()));
    cv.put("brier", round(e.brierCalibrated()));
    cv.put("brier_uncalibrated", round(e.brierRaw()));
    cv.put("rows", e.rows());
    cv.put("positives", e.positives());
    root.put("threshold", round(trained.threshold()));
    root.put("threshold_rule", settings.threshold().wire());
    ObjectNode cal = root.putObject("calibration");
    cal.put("method", settings.calibration().wire());
    cal.put("fitted_on", "out-of-fold probabilities; Brier after is cross-fitted");
    cal.put("brier_before", round(e.brierRaw()));
    cal.put("brier_after", round(e.brierCalibrated()));
    ArrayNode bins = cal.putArray("bins");
    for (ChurnMetrics.CalibrationBin b : e.calibrationTable()) {
      bins.addObject()
          .put("lower", b.lower())
          .put("upper", b.upper())
          .put("predicted_mean", round(b.meanPredicted()))
          .put("observed_rate", round(b.observedRate()))
          .put("count", b.count());
    }
    ArrayNode roc = root.putArray("roc");
    for (ChurnMetrics.RocPoint p : e.roc()) {
      ObjectNode n = roc.addObject();
      if (Double.isFinite(p.threshold())) {
        n.put("threshold", round(p.threshold()));
      } else {
        n.putNull("threshold");
      }
      n.put("fpr", round(p.fpr())).put("tpr", round(p.tpr()));
    }
    ArrayNode compared = root.putArray("models_compared");
    for (ChurnTrainer.ModelScore s : trained.compared()) {
      ObjectNode n =
          compared
              .addObject()
              .put("model", s.model())
              .put("roc_auc", round(s.rocAuc()))
              .put("pr_auc", round(s.prAuc()))
              .put("brier_uncalibrated", round(s.brier()))
              .put("cv_seconds", round(s.seconds()))
              .put("chosen", s.model().equals(trained.classifier().id()));
      n.putPOJO(
          "settings",
          io.tessera.predict.churn.ChurnClassifier.defaults(s.model(), settings.seed()).settings());
    }
    root.put("chosen_by", "highest cross-validated ROC-AUC");
    root.put("reasons_scale", trained.model().contributionScale());
    root.put(
        "reasons_method",
        switch (trained.classifier().id()) {
          case "xgboost" -> "XGBoost TreeSHAP (predictContrib), one-hot columns added up";
          case "random_forest" ->
              "Smile TreeSHAP of the churn probability, one-hot columns added up";
          default -> "coefficient x standardised value, one-hot columns added up";
        });
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

  private static String version(Class<?> c, String built) {
    String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
    return v == null ? built : v;
  }
}
