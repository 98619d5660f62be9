package io.tessera.pipeline.churn;

import static io.tessera.predict.churn.ChurnReport.round;

import io.tessera.predict.churn.ChurnMetrics;
import io.tessera.predict.churn.ChurnReport;
import io.tessera.predict.churn.TrainedChurn;
import io.tessera.predict.clv.Backtest;
import io.tessera.predict.clv.TransactionSummary;
import io.tessera.predict.next.PurchaseBand;
import io.tessera.store.CustomerSample;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of models/churn.json the stage computes, as core's typed {@link ChurnReport} records
 * (the one definition of the file's shape).
 */
final class ChurnJson {
  private ChurnJson() {}

  /** The kept model's cross-validation, threshold, calibration, ROC and the models compared. */
  static ChurnReport.Fit fit(TrainedChurn trained, ChurnSettings settings) {
    return ChurnReport.Fit.of(
        trained, settings.threshold().wire(), settings.calibration().wire(), settings.seed());
  }

  /**
   * The provenance of a fitted stage: data fingerprint, seed, options, libraries, times.
   *
   * @param sample the training sample when some buyers were left out of it, else null (and the
   *     options say nothing of it, as before the key existed)
   */
  static ChurnReport.Provenance provenance(
      String inputFingerprint,
      ChurnSettings settings,
      double trainingSeconds,
      double seconds,
      CustomerSample sample) {
    Map<String, Object> opts = new LinkedHashMap<>();
    opts.put("model", settings.model());
    opts.put("models", settings.models());
    opts.put("folds", settings.folds());
    opts.put("cv_fit_rows", settings.cvFitRows());
    opts.put("threshold", settings.threshold().wire());
    opts.put("calibration", settings.calibration().wire());
    opts.put("horizon_days", settings.horizonDays());
    if (sample != null) {
      Map<String, Object> drawn = new LinkedHashMap<>();
      drawn.put("cap", sample.cap());
      drawn.put("customers", sample.customers());
      drawn.put("buyers", sample.buyers());
      drawn.put("drawn_by", "md5(customer_id), smallest first");
      opts.put("training_sample", drawn);
    }
    return ChurnReport.Provenance.endingNow(
        inputFingerprint, settings.seed(), trainingSeconds, opts, seconds);
  }

  /** The bands with their sizes over the scored customers' probabilities {@code buy}. */
  static List<ChurnReport.Band> bands(java.util.Collection<Double> buy) {
    Map<PurchaseBand, Integer> counts = new EnumMap<>(PurchaseBand.class);
    for (double p : buy) {
      counts.merge(PurchaseBand.of(p), 1, Integer::sum);
    }
    List<ChurnReport.Band> out = new ArrayList<>();
    for (PurchaseBand b : PurchaseBand.values()) {
      out.add(
          new ChurnReport.Band(
              b.id(), b.english(), b.korean(), b.lower(), b.upper(), counts.getOrDefault(b, 0)));
    }
    return out;
  }

  /**
   * The backtest over the holdout.
   *
   * @param b the BG/NBD backtest, or null when BG/NBD was not fitted ({@code bgnbdStatus} says why)
   */
  static ChurnReport.Backtest backtest(
      LocalDate holdoutStart,
      LocalDate holdoutEnd,
      TransactionSummary.TimeUnit unit,
      Backtest b,
      String bgnbdStatus,
      ChurnReport.RealChurn churn) {
    List<ChurnReport.Week> weeks = null;
    if (b != null) {
      weeks = new ArrayList<>();
      for (Backtest.Week w : b.weeks()) {
        weeks.add(
            new ChurnReport.Week(
                w.start(),
                w.holdout(),
                w.actual(),
                round(w.expected()),
                w.actualCumulative(),
                round(w.expectedCumulative())));
      }
    }
    return new ChurnReport.Backtest(
        "done",
        holdoutStart,
        holdoutEnd,
        unit.name().toLowerCase(Locale.ROOT),
        b == null ? null : Long.valueOf(b.holdoutCustomers()),
        b == null ? null : Long.valueOf(b.holdoutActual()),
        b == null ? null : round(b.holdoutExpected()),
        b == null ? null : round(b.maePerCustomer()),
        weeks,
        bgnbdStatus,
        churn);
  }

  /** The churn scores against what really happened after the as-of date. */
  static ChurnReport.RealChurn realChurn(double threshold, double[] p, int[] actual) {
    int pos = Arrays.stream(actual).sum();
    if (pos == 0 || pos == actual.length) {
      return ChurnReport.RealChurn.skipped("skipped: the real outcome has one class only");
    }
    ChurnMetrics.AtThreshold at = ChurnMetrics.at(threshold, p, actual);
    return new ChurnReport.RealChurn(
        "done",
        (long) actual.length,
        (long) pos,
        round(ChurnMetrics.rocAuc(p, actual)),
        round(ChurnMetrics.averagePrecision(p, actual)),
        round(ChurnMetrics.brier(p, actual)),
        round(at.precision()),
        round(at.recall()),
        round(at.f1()));
  }
}
