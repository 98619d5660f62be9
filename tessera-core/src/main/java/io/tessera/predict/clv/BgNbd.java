package io.tessera.predict.clv;

import static org.hipparchus.special.Beta.logBeta;
import static org.hipparchus.special.Gamma.logGamma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.config.ConfigException;
import io.tessera.model.ModelJson;
import java.util.List;

/**
 * The BG/NBD model of repeat purchasing: while alive, a customer buys at a Poisson rate drawn from
 * a gamma(r, alpha) distribution; after each purchase they drop out with a probability drawn from a
 * beta(a, b) distribution. Fitted by maximum likelihood on (x, t_x, T), optimising the log of the
 * four parameters within bounds ({@link MaximumLikelihood}); the likelihood is computed in log
 * space.
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
  /** The parameters' keys in the model file, in the constructor's order. */
  private static final List<String> PARAMETERS = List.of("r", "alpha", "a", "b");

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

  /** Bounds of r, a and b in a fit. */
  static final double MIN_SHAPE = 1e-6;

  static final double MAX_SHAPE = 1e6;

  /**
   * Fits the model by maximum likelihood.
   *
   * @throws IllegalArgumentException when the data cannot identify the model (fewer than ten
   *     customers, or no repeat purchases at all)
   */
  public static BgNbd fit(RepeatSummary data) {
    return fitReport(data).model();
  }

  /**
   * Fits the model by maximum likelihood over the logs of the parameters, r, a and b within [1e-6,
   * 1e6] and alpha within [1e-6, 1e6] times the customers' mean age (alpha is in the time unit; the
   * ratio r / alpha is the mean purchase rate), and reports convergence and the parameters at a
   * bound.
   *
   * @throws IllegalArgumentException when the data cannot identify the model (fewer than ten
   *     customers, or no repeat purchases at all)
   */
  public static Fitted<BgNbd> fitReport(RepeatSummary data) {
    if (data.size() < 10) {
      throw new IllegalArgumentException("BG/NBD needs at least 10 customers, got " + data.size());
    }
    if (data.repeatBuyers() == 0) {
      throw new IllegalArgumentException(
          "BG/NBD cannot be fitted: no customer made a repeat purchase in the calibration period");
    }
    Prepared prepared = Prepared.of(data);
    double meanAge = 0;
    for (int i = 0; i < data.size(); i++) {
      meanAge += data.age(i) / data.size();
    }
    double scale = Math.max(meanAge, 1);
    double[][] starts = {
      {0, Math.log(Math.max(meanAge, 1e-3)), 0, 0}, {0, 0, 0, 0}, {-1, 1, -0.5, 0.5}
    };
    MaximumLikelihood.Result m =
        MaximumLikelihood.maximise(
            v -> prepared.logLikelihood(v[0], v[1], v[2], v[3]),
            new String[] {"r", "alpha", "a", "b"},
            new double[] {MIN_SHAPE, MIN_SHAPE * scale, MIN_SHAPE, MIN_SHAPE},
            new double[] {MAX_SHAPE, MAX_SHAPE * scale, MAX_SHAPE, MAX_SHAPE},
            starts);
    double[] q = m.parameters();
    return new Fitted<>(
        new BgNbd(q[0], q[1], q[2], q[3], m.logLikelihood()), m.converged(), m.atBounds());
  }

  /** The summed log-likelihood of the data at the given parameters (Fader et al. 2005, eq. 6). */
  public static double logLikelihood(
      RepeatSummary data, double r, double alpha, double a, double b) {
    return Prepared.of(data).logLikelihood(r, alpha, a, b);
  }

  /** A data set's summed log-likelihood, prepared once and evaluated at many parameters. */
  public interface Likelihood {
    /** The summed log-likelihood at the given parameters (Fader et al. 2005, eq. 6). */
    double logLikelihood(double r, double alpha, double a, double b);
  }

  /**
   * {@code data} prepared for repeated evaluation of its log-likelihood, as the fit evaluates it
   * (the preparation merges identical rows; each evaluation is then the sum over merged rows).
   */
  public static Likelihood likelihood(RepeatSummary data) {
    return Prepared.of(data);
  }

  /**
   * The data as the likelihood needs it, for fast repeated evaluation: identical (x, t_x, T) rows
   * merged with a weight, and each row's index into the distinct repeat counts, so the gamma and
   * beta functions (the costly part: they depend on x alone) are evaluated once per distinct x per
   * evaluation rather than once per customer. Measured on 20,000 customers: the fit went from 65 s
   * to a few seconds; the value is the same sum, reordered.
   */
  private record Prepared(
      double[] xs, int[] xIndex, double[] times, int[] txIndex, int[] ageIndex, double[] weight)
      implements Likelihood {
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

    /**
     * The sum, with log Gamma(r + x) - log Gamma(r) taken as log Gamma(x) - log B(x, r) and r
     * log(alpha) - (r + x) log(alpha + t) as -x log(alpha) - (r + x) log1p(t / alpha): the same
     * value without differences of large, nearly equal numbers when r and alpha are large.
     */
    @Override
    public double logLikelihood(double r, double alpha, double a, double b) {
      double lbab = logBeta(a, b);
      double logAlpha = Math.log(alpha);
      int d = xs.length;
      double[] common = new double[d];
      double[] alive = new double[d];
      double[] dropped = new double[d];
      for (int q = 0; q < d; q++) {
        double x = xs[q];
        common[q] = (x > 0 ? logGamma(x) - logBeta(x, r) : 0) - x * logAlpha;
        alive[q] = logBeta(a, b + x) - lbab;
        dropped[q] = x > 0 ? logBeta(a + 1, b + x - 1) - lbab : Double.NaN;
      }
      double[] logRelativeTime = new double[times.length];
      for (int t = 0; t < times.length; t++) {
        logRelativeTime[t] = Math.log1p(times[t] / alpha);
      }
      double sum = 0;
      for (int i = 0; i < weight.length; i++) {
        int q = xIndex[i];
        double x = xs[q];
        double aliveI = alive[q] - (r + x) * logRelativeTime[ageIndex[i]];
        double ll;
        if (x > 0) {
          double droppedI = dropped[q] - (r + x) * logRelativeTime[txIndex[i]];
          // log(e^A + e^D) as max + log(e^(A - max) + e^(D - max)); one of the two terms is e^0 =
          // 1 exactly, so only the other is computed: the same double, one exp per row fewer
          double mx;
          double other;
          if (aliveI >= droppedI) {
            mx = aliveI;
            other = Math.exp(droppedI - mx);
          } else {
            mx = droppedI;
            other = Math.exp(aliveI - mx);
          }
          ll = common[q] + mx + Math.log(1.0 + other);
        } else {
          ll = common[q] + aliveI;
        }
        sum += weight[i] * ll;
      }
      return Double.isFinite(sum) ? sum : Double.NEGATIVE_INFINITY;
    }
  }

  /**
   * The probability that a customer with this history is still alive at T. Powers of ratios near 1
   * are taken as (r + x) log1p(...), which keeps every digit when r and alpha are large together.
   */
  public double pAlive(double x, double tx, double age) {
    if (x == 0) {
      return 1.0;
    }
    double logRatio = Math.log(a / (b + x - 1)) + (r + x) * Math.log1p((age - tx) / (alpha + tx));
    return 1.0 / (1.0 + Math.exp(logRatio));
  }

  /**
   * The probability that a customer with this history makes no purchase in (T, T + t]: either they
   * have dropped out, or they are alive and their Poisson process, whose rate given the history and
   * survival is gamma(r + x, alpha + T), fires no event in t (dropout happens only at a purchase,
   * so it cannot happen inside an empty window). This is the n = 0 case of the conditional PMF in
   * Fader, Hardie and Lee's note "Deriving the conditional PMF of the BG/NBD model" (2007).
   */
  public double probabilityOfNoPurchases(double t, double x, double tx, double age) {
    if (t < 0) {
      throw new IllegalArgumentException("t must be >= 0, got " + t);
    }
    double alive = pAlive(x, tx, age);
    double none = Math.exp(-(r + x) * Math.log1p(t / (alpha + age)));
    return (1 - alive) + alive * none;
  }

  /**
   * Expected purchases in (T, T + t] of a customer with this history (eq. 10). The bracket 1 -
   * ((alpha + T) / (alpha + T + t))^(r + x) 2F1(...) is a difference of numbers near 1 when r and
   * alpha are large, so it is evaluated as -expm1((r + x) log(...) + log 2F1) with the logs taken
   * by log1p: otherwise rounding turns it negative (issue 13: -8.7e7 expected purchases at r near
   * 1e20).
   *
   * @throws ArithmeticException when the 2F1 series does not converge (z near 1: a very small alpha
   *     against t)
   */
  public double expectedPurchases(double t, double x, double tx, double age) {
    double z = t / (alpha + age + t);
    double c = a + b + x - 1;
    double hyperMinusOne = Hypergeometric.minusOne(r + x, b + x, c, z);
    double logPower = -(r + x) * Math.log1p(t / (alpha + age));
    double bracket =
        hyperMinusOne > -1
            ? -Math.expm1(logPower + Math.log1p(hyperMinusOne))
            : 1 - Math.exp(logPower) * (1 + hyperMinusOne);
    double numerator = c / (a - 1) * bracket;
    double denominator =
        x > 0 ? 1 + a / (b + x - 1) * Math.exp((r + x) * Math.log1p((age - tx) / (alpha + tx))) : 1;
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

  /**
   * Expected purchases in (0, t] of a customer just acquired (eq. 9): eq. 10 with x = t_x = T = 0.
   */
  public double expectedPurchasesOfNewCustomer(double t) {
    return expectedPurchases(t, 0, 0, 0);
  }

  /**
   * The parameters as {@code models/clv.json}'s {@code bgnbd}: {@code r, alpha, a, b,
   * log_likelihood} (the likelihood is {@code "NaN"} for a model given by its parameters).
   */
  public ObjectNode toJson() {
    return ModelJson.parameters(PARAMETERS, r, alpha, a, b, logLikelihood);
  }

  /**
   * Reads {@link #toJson()}'s object (or churn.json's {@code next_purchase.bgnbd}, which has no
   * likelihood).
   *
   * @param where the object's key path in the file, for messages
   * @throws ConfigException naming the file and key of a missing or invalid parameter
   */
  public static BgNbd fromJson(JsonNode node, String where, String file) {
    return ModelJson.readParameters(
        node, where, file, PARAMETERS, v -> new BgNbd(v[0], v[1], v[2], v[3], v[4]));
  }
}
