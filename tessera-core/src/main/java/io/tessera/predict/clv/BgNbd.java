package io.tessera.predict.clv;

import static org.hipparchus.special.Beta.logBeta;
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
 * The BG/NBD model of repeat purchasing: while alive, a customer buys at a Poisson rate drawn from
 * a gamma(r, alpha) distribution; after each purchase they drop out with a probability drawn from a
 * beta(a, b) distribution. Fitted by maximum likelihood on (x, t_x, T), optimising the log of the
 * four parameters with Nelder-Mead (Hipparchus) from several starts; the likelihood is computed in
 * log space.
 *
 * <p>References: Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). "Counting your customers"
 * the easy way: an alternative to the Pareto/NBD model. Marketing Science 24(2), 275-284 (eq. 6
 * likelihood, eq. 9 expectation, eq. 10 conditional expectation, P(alive) as in the technical note
 * "Computing P(alive) using the BG/NBD model", 2008).
 *
 * @param r shape of the purchase-rate gamma distribution
 * @param alpha scale of the purchase-rate gamma distribution
 * @param a first shape of the dropout beta distribution
 * @param b second shape of the dropout beta distribution
 * @param logLikelihood the summed log-likelihood at these parameters on the fitted data
 */
public record BgNbd(double r, double alpha, double a, double b, double logLikelihood) {

  public BgNbd {
    if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) {
      throw new IllegalArgumentException(
          "BG/NBD parameters must be positive, got r="
              + r
              + " alpha="
              + alpha
              + " a="
              + a
              + " b="
              + b);
    }
  }

  /** Parameters without a likelihood (to apply a published model). */
  public static BgNbd of(double r, double alpha, double a, double b) {
    return new BgNbd(r, alpha, a, b, Double.NaN);
  }

  /**
   * Fits the model by maximum likelihood.
   *
   * @throws IllegalArgumentException when the data cannot identify the model (fewer than ten
   *     customers, or no repeat purchases at all)
   */
  public static BgNbd fit(RepeatSummary data) {
    if (data.size() < 10) {
      throw new IllegalArgumentException("BG/NBD needs at least 10 customers, got " + data.size());
    }
    if (data.repeatBuyers() == 0) {
      throw new IllegalArgumentException(
          "BG/NBD cannot be fitted: no customer made a repeat purchase in the calibration period");
    }
    Prepared prepared = Prepared.of(data);
    ObjectiveFunction f =
        new ObjectiveFunction(
            p ->
                -prepared.logLikelihood(
                    Math.exp(p[0]), Math.exp(p[1]), Math.exp(p[2]), Math.exp(p[3])));
    SimplexOptimizer optimizer = new SimplexOptimizer(new SimpleValueChecker(1e-12, 1e-12));
    PointValuePair best = null;
    double meanAge = 0;
    for (int i = 0; i < data.size(); i++) {
      meanAge += data.age(i) / data.size();
    }
    double[][] starts = {
      {0, Math.log(Math.max(meanAge, 1e-3)), 0, 0}, {0, 0, 0, 0}, {-1, 1, -0.5, 0.5}
    };
    for (double[] start : starts) {
      PointValuePair p = new PointValuePair(start, 0);
      for (int round = 0; round < 3; round++) {
        // restarting Nelder-Mead from its own optimum guards against a collapsed simplex
        p =
            optimizer.optimize(
                new MaxEval(20_000),
                f,
                GoalType.MINIMIZE,
                new InitialGuess(p.getPoint()),
                new NelderMeadSimplex(4, 0.5));
      }
      if (best == null || p.getValue() < best.getValue()) {
        best = p;
      }
    }
    double[] q = best.getPoint();
    return new BgNbd(
        Math.exp(q[0]), Math.exp(q[1]), Math.exp(q[2]), Math.exp(q[3]), -best.getValue());
  }

  /** The summed log-likelihood of the data at the given parameters (Fader et al. 2005, eq. 6). */
  public static double logLikelihood(
      RepeatSummary data, double r, double alpha, double a, double b) {
    return Prepared.of(data).logLikelihood(r, alpha, a, b);
  }

  /**
   * The data as the likelihood needs it, for fast repeated evaluation: identical (x, t_x, T) rows
   * merged with a weight, and each row's index into the distinct repeat counts, so the gamma and
   * beta functions (the costly part: they depend on x alone) are evaluated once per distinct x per
   * evaluation rather than once per customer. Measured on 20,000 customers: the fit went from 65 s
   * to a few seconds; the value is the same sum, reordered.
   */
  private record Prepared(
      double[] xs, int[] xIndex, double[] times, int[] txIndex, int[] ageIndex, double[] weight) {
    static Prepared of(RepeatSummary data) {
      java.util.Map<java.util.List<Double>, Integer> rows = new java.util.LinkedHashMap<>();
      java.util.TreeMap<Double, Integer> distinctX = new java.util.TreeMap<>();
      for (int i = 0; i < data.size(); i++) {
        rows.merge(java.util.List.of(data.x(i), data.tx(i), data.age(i)), 1, Integer::sum);
        distinctX.putIfAbsent(data.x(i), 0);
      }
      double[] xs = new double[distinctX.size()];
      int k = 0;
      for (var e : distinctX.entrySet()) {
        xs[k] = e.getKey();
        e.setValue(k++);
      }
      // t_x and T take few distinct values too (whole days or weeks): log(alpha + t) once each
      java.util.TreeMap<Double, Integer> distinctT = new java.util.TreeMap<>();
      for (var key : rows.keySet()) {
        distinctT.putIfAbsent(key.get(1), 0);
        distinctT.putIfAbsent(key.get(2), 0);
      }
      double[] times = new double[distinctT.size()];
      k = 0;
      for (var e : distinctT.entrySet()) {
        times[k] = e.getKey();
        e.setValue(k++);
      }
      int m = rows.size();
      int[] xIndex = new int[m];
      int[] txIndex = new int[m];
      int[] ageIndex = new int[m];
      double[] weight = new double[m];
      int j = 0;
      for (var e : rows.entrySet()) {
        xIndex[j] = distinctX.get(e.getKey().get(0));
        txIndex[j] = distinctT.get(e.getKey().get(1));
        ageIndex[j] = distinctT.get(e.getKey().get(2));
        weight[j] = e.getValue();
        j++;
      }
      return new Prepared(xs, xIndex, times, txIndex, ageIndex, weight);
    }

    double logLikelihood(double r, double alpha, double a, double b) {
      double lbab = logBeta(a, b);
      double lgr = logGamma(r);
      double logAlpha = Math.log(alpha);
      int d = xs.length;
      double[] common = new double[d];
      double[] alive = new double[d];
      double[] dropped = new double[d];
      for (int q = 0; q < d; q++) {
        double x = xs[q];
        common[q] = logGamma(r + x) - lgr + r * logAlpha;
        alive[q] = logBeta(a, b + x) - lbab;
        dropped[q] = x > 0 ? logBeta(a + 1, b + x - 1) - lbab : Double.NaN;
      }
      double[] logAlphaT = new double[times.length];
      for (int t = 0; t < times.length; t++) {
        logAlphaT[t] = Math.log(alpha + times[t]);
      }
      double sum = 0;
      for (int i = 0; i < weight.length; i++) {
        int q = xIndex[i];
        double x = xs[q];
        double aliveI = alive[q] - (r + x) * logAlphaT[ageIndex[i]];
        double ll;
        if (x > 0) {
          double droppedI = dropped[q] - (r + x) * logAlphaT[txIndex[i]];
          double mx = Math.max(aliveI, droppedI);
          ll = common[q] + mx + Math.log(Math.exp(aliveI - mx) + Math.exp(droppedI - mx));
        } else {
          ll = common[q] + aliveI;
        }
        sum += weight[i] * ll;
      }
      return Double.isFinite(sum) ? sum : Double.NEGATIVE_INFINITY;
    }
  }

  /** The probability that a customer with this history is still alive at T. */
  public double pAlive(double x, double tx, double age) {
    if (x == 0) {
      return 1.0;
    }
    double logRatio = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + age) / (alpha + tx));
    return 1.0 / (1.0 + Math.exp(logRatio));
  }

  /** Expected purchases in (T, T + t] of a customer with this history (eq. 10). */
  public double expectedPurchases(double t, double x, double tx, double age) {
    double z = t / (alpha + age + t);
    double hyper = Hypergeometric.f21(r + x, b + x, a + b + x - 1, z);
    double numerator =
        (a + b + x - 1)
            / (a - 1)
            * (1 - Math.pow((alpha + age) / (alpha + age + t), r + x) * hyper);
    double denominator =
        x > 0 ? 1 + a / (b + x - 1) * Math.pow((alpha + age) / (alpha + tx), r + x) : 1;
    return numerator / denominator;
  }

  /** The probability of exactly n purchases in (0, t] for a customer just acquired (eq. 8). */
  public double probabilityOfPurchases(int n, double t) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    double lbab = logBeta(a, b);
    double logP = Math.log(alpha / (alpha + t));
    double logQ = Math.log(t / (alpha + t));
    double first =
        Math.exp(
            logBeta(a, b + n)
                - lbab
                + logGamma(r + n)
                - logGamma(r)
                - logGamma(n + 1.0)
                + r * logP
                + n * logQ);
    if (n == 0) {
      return first;
    }
    double partial = 0;
    for (int j = 0; j < n; j++) {
      partial += Math.exp(logGamma(r + j) - logGamma(r) - logGamma(j + 1.0) + j * logQ);
    }
    double second = Math.exp(logBeta(a + 1, b + n - 1) - lbab) * (1 - Math.exp(r * logP) * partial);
    return first + second;
  }

  /** Expected purchases in (0, t] of a customer just acquired (eq. 9). */
  public double expectedPurchasesOfNewCustomer(double t) {
    double hyper = Hypergeometric.f21(r, b, a + b - 1, t / (alpha + t));
    return (a + b - 1) / (a - 1) * (1 - Math.pow(alpha / (alpha + t), r) * hyper);
  }
}
