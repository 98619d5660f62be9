package io.tessera.predict.clv;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.MultivariateFunctionPenaltyAdapter;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximum likelihood over the logs of positive parameters, within bounds: Nelder-Mead (Hipparchus)
 * from several starts, each restarted from its own optimum (a restart guards against a collapsed
 * simplex). Outside the bounds the objective is Hipparchus' penalty adapter, so inside them the
 * search is the plain one. The BG/NBD and Gamma-Gamma both fit here.
 *
 * <p>Bounds matter on small or homogeneous data: when every customer buys at about the same rate,
 * the likelihood keeps rising as the gamma's shape and scale grow together, so an unbounded search
 * walks off to 1e20 where the likelihood and the predictions lose every digit. At a bound the model
 * is as homogeneous as it may be; the fit says so ({@link Result#atBounds}).
 */
final class MaximumLikelihood {
  /** Evaluations per Nelder-Mead round; a round that needs more has not converged. */
  static final int MAX_EVALUATIONS = 20_000;

  /** A parameter within a factor 100 of a bound (of bounds twelve decades apart) is at it. */
  private static final double AT_BOUND = Math.log(100);

  private static final int ROUNDS = 3;

  private MaximumLikelihood() {}

  /**
   * The fit.
   *
   * @param parameters the maximising parameters (not logs)
   * @param logLikelihood the log-likelihood there
   * @param converged false when the best start's last round ran out of evaluations or the
   *     likelihood is not finite
   * @param atBounds names of the parameters at a bound
   */
  record Result(
      double[] parameters, double logLikelihood, boolean converged, List<String> atBounds) {}

  /**
   * Maximises {@code logLikelihood} (a function of the parameters, not their logs).
   *
   * @param names the parameters' names, for {@link Result#atBounds}
   * @param lower lower bounds of the parameters (positive)
   * @param upper upper bounds of the parameters
   * @param starts starting points, as logs of the parameters
   */
  static Result maximise(
      ToDoubleFunction<double[]> logLikelihood,
      String[] names,
      double[] lower,
      double[] upper,
      double[][] starts) {
    return maximise(logLikelihood, names, lower, upper, starts, MAX_EVALUATIONS);
  }

  /** As above, with at most {@code maxEvaluations} per round. */
  static Result maximise(
      ToDoubleFunction<double[]> logLikelihood,
      String[] names,
      double[] lower,
      double[] upper,
      double[][] starts,
      int maxEvaluations) {
    int d = names.length;
    double[] logLower = new double[d];
    double[] logUpper = new double[d];
    double[] scale = new double[d];
    for (int k = 0; k < d; k++) {
      logLower[k] = Math.log(lower[k]);
      logUpper[k] = Math.log(upper[k]);
      scale[k] = 1e90;
    }
    // each start is searched on its own thread (they share nothing); the best is then taken in
    // the starts' order, as one after another would
    List<Searched> searched =
        java.util.stream.IntStream.range(0, starts.length)
            .parallel()
            .mapToObj(
                k ->
                    search(
                        logLikelihood,
                        clamp(starts[k], logLower, logUpper),
                        logLower,
                        logUpper,
                        scale,
                        maxEvaluations))
            .toList();
    PointValuePair best = null;
    boolean bestConverged = false;
    for (Searched p : searched) {
      if (p.optimum().getValue() < Double.POSITIVE_INFINITY
          && (best == null || p.optimum().getValue() < best.getValue())) {
        best = p.optimum();
        bestConverged = p.converged();
      }
    }
    if (best == null) {
      double[] start = clamp(starts[0], logLower, logUpper);
      return new Result(exp(start), Double.NEGATIVE_INFINITY, false, List.of());
    }
    return result(best.getPoint(), bestConverged, logLikelihood, names, logLower, logUpper);
  }

  /** One start's optimum, and whether its last round converged. */
  private record Searched(PointValuePair optimum, boolean converged) {}

  /**
   * Nelder-Mead from one start (logs of the parameters, within the bounds), restarted from its own
   * optimum {@link #ROUNDS} times; a round out of evaluations ends it with the best point seen.
   */
  private static Searched search(
      ToDoubleFunction<double[]> logLikelihood,
      double[] s,
      double[] logLower,
      double[] logUpper,
      double[] scale,
      int maxEvaluations) {
    int d = s.length;
    // the best point evaluated inside the bounds: what a round that runs out of evaluations has
    // found
    double[] seenValue = {Double.POSITIVE_INFINITY};
    double[][] seenPoint = {null};
    ToDoubleFunction<double[]> negative =
        v -> {
          double[] p = new double[d];
          for (int k = 0; k < d; k++) {
            p[k] = Math.exp(v[k]);
          }
          double value = -logLikelihood.applyAsDouble(p);
          if (value < seenValue[0]) {
            seenValue[0] = value;
            seenPoint[0] = v.clone();
          }
          return value;
        };
    // every point outside the bounds is worse than any finite likelihood inside them
    ObjectiveFunction f =
        new ObjectiveFunction(
            new MultivariateFunctionPenaltyAdapter(
                negative::applyAsDouble, logLower, logUpper, 1e100, scale));
    SimplexOptimizer optimizer = new SimplexOptimizer(new SimpleValueChecker(1e-12, 1e-12));
    PointValuePair p = new PointValuePair(s, negative.applyAsDouble(s));
    for (int round = 0; round < ROUNDS; round++) {
      try {
        p =
            optimizer.optimize(
                new MaxEval(maxEvaluations),
                f,
                GoalType.MINIMIZE,
                new InitialGuess(p.getPoint()),
                new NelderMeadSimplex(d, 0.5));
      } catch (MathIllegalStateException e) {
        // out of evaluations: keep the best point seen, and say so
        return new Searched(
            seenPoint[0] == null
                ? new PointValuePair(s, Double.POSITIVE_INFINITY)
                : new PointValuePair(seenPoint[0], seenValue[0]),
            false);
      }
    }
    return new Searched(p, true);
  }

  /**
   * The best point found, clamped into the bounds, with its likelihood and the parameters at one.
   */
  private static Result result(
      double[] point,
      boolean bestConverged,
      ToDoubleFunction<double[]> logLikelihood,
      String[] names,
      double[] logLower,
      double[] logUpper) {
    int d = names.length;
    double[] q = clamp(point, logLower, logUpper);
    double ll = logLikelihood.applyAsDouble(exp(q));
    List<String> atBounds = new ArrayList<>();
    for (int k = 0; k < d; k++) {
      if (q[k] - logLower[k] < AT_BOUND || logUpper[k] - q[k] < AT_BOUND) {
        atBounds.add(names[k]);
      }
    }
    return new Result(exp(q), ll, bestConverged && Double.isFinite(ll), List.copyOf(atBounds));
  }

  private static double[] clamp(double[] v, double[] lower, double[] upper) {
    double[] c = new double[v.length];
    for (int k = 0; k < v.length; k++) {
      c[k] = Math.min(upper[k], Math.max(lower[k], v[k]));
    }
    return c;
  }

  private static double[] exp(double[] v) {
    double[] e = new double[v.length];
    for (int k = 0; k < v.length; k++) {
      e[k] = Math.exp(v[k]);
    }
    return e;
  }
}
