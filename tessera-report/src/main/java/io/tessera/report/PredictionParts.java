package io.tessera.report;

import static io.tessera.report.ReportChecks.requireCount;
import static io.tessera.report.ReportChecks.requireFinite;
import static io.tessera.report.ReportChecks.requireFraction;
import static io.tessera.report.ReportChecks.requireText;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The prediction parts of a {@link ReportModel}: lifetime value, P(alive), churn validation and the
 * backtest. {@code ReportModel} implements this interface so that its callers name these types as
 * they always have ({@code ReportModel.Predictions}, {@code ReportModel.ClvBox}, ...); they are
 * declared here to keep the model's own file to the data, the segments and the map.
 */
public interface PredictionParts {
  /**
   * The prediction sections; each is drawn only when present (non-null).
   *
   * @param clv lifetime value distribution per segment
   * @param pAlive P(alive) over recency x frequency
   * @param churn the churn model's validation: ROC curve and calibration
   * @param backtest predicted vs actual repeat purchases per week
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Predictions(
      ClvDistribution clv, PAliveHeatmap pAlive, ChurnValidation churn, Backtest backtest) {}

  /**
   * The predicted lifetime value per segment, as box-plot figures.
   *
   * @param horizonDays the CLV horizon, e.g. 365
   * @param segments one box per segment
   * @param method what produced the figures, as models/clv.json's {@code method}: {@code
   *     bgnbd_gamma_gamma}, or {@code empirical_rate} when those models do not fit the data
   * @param warnings models/clv.json's warnings, in English
   */
  public record ClvDistribution(
      int horizonDays, List<ClvBox> segments, String method, List<String> warnings) {
    public ClvDistribution {
      if (horizonDays < 1) {
        throw new IllegalArgumentException("report: CLV horizon must be at least 1 day");
      }
      if (java.util.Arrays.stream(io.tessera.predict.clv.ClvFit.Method.values())
          .noneMatch(m -> m.wireName().equals(method))) {
        throw new IllegalArgumentException(
            "report: CLV method must be bgnbd_gamma_gamma or empirical_rate, got " + method);
      }
      segments = List.copyOf(segments);
      warnings = List.copyOf(warnings);
    }

    /** Figures from BG/NBD and Gamma-Gamma, without warnings. */
    public ClvDistribution(int horizonDays, List<ClvBox> segments) {
      this(
          horizonDays,
          segments,
          io.tessera.predict.clv.ClvFit.Method.BGNBD_GAMMA_GAMMA.wireName(),
          List.of());
    }
  }

  /** One segment's CLV quantiles (min, quartiles, max) and mean, in the run's currency. */
  public record ClvBox(
      String segmentId,
      long customers,
      double min,
      double q1,
      double median,
      double q3,
      double max,
      double mean) {
    public ClvBox {
      requireText(segmentId, "CLV segment id");
      requireCount(customers, "CLV customers");
      requireFinite(mean, "CLV mean");
      if (!(min <= q1 && q1 <= median && median <= q3 && q3 <= max)) {
        throw new IllegalArgumentException(
            "report: CLV quantiles of "
                + segmentId
                + " are not in order: "
                + List.of(min, q1, median, q3, max));
      }
    }
  }

  /**
   * Mean P(alive) over recency bins x frequency bins.
   *
   * @param recencyBins labels of the recency bins (days since the last purchase), in order
   * @param frequencyBins labels of the frequency bins (repeat purchases), in order
   * @param cells the filled cells; empty cells are left out
   */
  public record PAliveHeatmap(
      List<String> recencyBins, List<String> frequencyBins, List<PAliveCell> cells) {
    public PAliveHeatmap {
      recencyBins = List.copyOf(recencyBins);
      frequencyBins = List.copyOf(frequencyBins);
      cells = List.copyOf(cells);
      for (PAliveCell c : cells) {
        if (c.recencyBin() < 0
            || c.recencyBin() >= recencyBins.size()
            || c.frequencyBin() < 0
            || c.frequencyBin() >= frequencyBins.size()) {
          throw new IllegalArgumentException(
              "report: P(alive) cell ("
                  + c.recencyBin()
                  + ", "
                  + c.frequencyBin()
                  + ") is off grid");
        }
      }
    }
  }

  /** One P(alive) cell: bin indices, mean P(alive) and customer count. */
  public record PAliveCell(int recencyBin, int frequencyBin, double pAlive, long customers) {
    public PAliveCell {
      requireFraction(pAlive, "P(alive)");
      requireCount(customers, "P(alive) cell customers");
    }
  }

  /**
   * The churn model's validation.
   *
   * @param model the model's name, e.g. xgboost
   * @param rocAuc area under the ROC curve
   * @param rocAucCi95 its 95% interval (lower, upper), as models/churn.json states it
   * @param roc the ROC curve, by increasing false-positive rate
   * @param calibration predicted vs observed churn per probability bin
   */
  public record ChurnValidation(
      String model,
      double rocAuc,
      List<Double> rocAucCi95,
      List<RocPoint> roc,
      List<CalibrationBin> calibration) {
    public ChurnValidation {
      requireText(model, "churn model");
      requireFraction(rocAuc, "ROC-AUC");
      if (rocAucCi95.size() != 2 || rocAucCi95.get(0) > rocAuc || rocAucCi95.get(1) < rocAuc) {
        throw new IllegalArgumentException(
            "the ROC-AUC's interval must be (lower, upper) around it, got " + rocAucCi95);
      }
      rocAucCi95 = List.copyOf(rocAucCi95);
      roc = List.copyOf(roc);
      calibration = List.copyOf(calibration);
    }

    /** Whether the interval holds 0.5: the ranking cannot be told from a random one. */
    public boolean chanceLevel() {
      return rocAucCi95.get(0) <= 0.5;
    }
  }

  /** A point of the ROC curve. */
  public record RocPoint(double falsePositiveRate, double truePositiveRate) {
    public RocPoint {
      requireFraction(falsePositiveRate, "false-positive rate");
      requireFraction(truePositiveRate, "true-positive rate");
    }
  }

  /** A calibration bin: mean predicted probability, observed rate, customers in the bin. */
  public record CalibrationBin(double predictedMean, double observedRate, long customers) {
    public CalibrationBin {
      requireFraction(predictedMean, "predicted mean");
      requireFraction(observedRate, "observed rate");
      requireCount(customers, "calibration bin customers");
    }
  }

  /**
   * The backtest: repeat purchases per week, actual and as the model expected (the tracking plot of
   * Fader, Hardie and Lee 2005, fig. 2).
   *
   * @param calibrationEnd the last day the model saw; weeks after it are the holdout
   * @param weeks the weeks in order
   * @param meanAbsoluteError mean absolute error per customer of the holdout purchase counts
   */
  public record Backtest(
      LocalDate calibrationEnd, List<BacktestWeek> weeks, double meanAbsoluteError) {
    public Backtest {
      Objects.requireNonNull(calibrationEnd, "calibrationEnd");
      weeks = List.copyOf(weeks);
      requireFinite(meanAbsoluteError, "backtest MAE");
    }
  }

  /** One week of the backtest. */
  public record BacktestWeek(LocalDate weekStart, double actual, double expected) {
    public BacktestWeek {
      Objects.requireNonNull(weekStart, "weekStart");
      requireFinite(actual, "actual purchases");
      requireFinite(expected, "expected purchases");
    }
  }
}
