package io.tessera.predict.churn;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import smile.classification.IsotonicRegressionScaling;
import smile.classification.PlattScaling;

/**
 * How raw classifier probabilities are mapped to calibrated ones, fitted on out-of-fold predictions
 * (Smile's implementations). Class weighting inflates the raw probabilities of the rarer class;
 * calibration maps them back to observed rates.
 *
 * <p>References: Platt, J. (1999). Probabilistic outputs for support vector machines. Zadrozny, B.
 * and Elkan, C. (2002). Transforming classifier scores into accurate multiclass probability
 * estimates. KDD.
 */
public enum Calibration {
  /** Isotonic regression (pool adjacent violators): monotone, no shape assumed. */
  ISOTONIC,
  /** Platt scaling: a logistic curve on the log-odds. */
  PLATT,
  /** The raw probabilities. */
  NONE;

  /** The name in configs. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a config value, naming the allowed ones when it is not one. */
  public static Calibration parse(String text) {
    for (Calibration c : values()) {
      if (c.wire().equals(text == null ? "" : text.strip().toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a calibration; allowed: isotonic, platt, none");
  }

  /** Fits the mapping on raw probabilities and their labels. */
  public Fitted fit(double[] raw, int[] labels) {
    return switch (this) {
      case ISOTONIC -> new Isotonic(IsotonicRegressionScaling.fit(raw, labels));
      case PLATT -> {
        double[] logit = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
          logit[i] = logit(raw[i]);
        }
        yield new Platt(PlattScaling.fit(logit, labels));
      }
      case NONE -> new Identity();
    };
  }

  /**
   * A fitted calibration: Smile's fitted scaling, kept as an object so that a saved model applies
   * exactly the same mapping ({@link SavedChurn}).
   */
  public sealed interface Fitted extends DoubleUnaryOperator permits Isotonic, Platt, Identity {
    /** The method that was fitted. */
    Calibration method();
  }

  /** Isotonic regression, clamped to [0, 1]. */
  public record Isotonic(IsotonicRegressionScaling scaling) implements Fitted {
    @Override
    public double applyAsDouble(double p) {
      return Math.clamp(scaling.predict(p), 0.0, 1.0);
    }

    @Override
    public Calibration method() {
      return ISOTONIC;
    }
  }

  /** Platt scaling of the raw probability's log-odds. */
  public record Platt(PlattScaling scaling) implements Fitted {
    @Override
    public double applyAsDouble(double p) {
      return scaling.scale(logit(p));
    }

    @Override
    public Calibration method() {
      return PLATT;
    }
  }

  /** The raw probability. */
  public record Identity() implements Fitted {
    @Override
    public double applyAsDouble(double p) {
      return p;
    }

    @Override
    public Calibration method() {
      return NONE;
    }
  }

  private static double logit(double p) {
    double q = Math.clamp(p, 1e-7, 1 - 1e-7);
    return Math.log(q / (1 - q));
  }
}
