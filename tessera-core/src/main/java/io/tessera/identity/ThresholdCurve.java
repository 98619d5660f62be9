package io.tessera.identity;

import java.util.ArrayList;
import java.util.List;

/**
 * How resolution changes with the probabilistic threshold ({@code identity.min_confidence}): for
 * each threshold of {@link #GRID}, the blocked account pairs whose posterior match probability
 * reaches it, and, when planted truth is at hand ({@link IdentityEvaluation#curve}), the pairwise
 * precision and recall of the resolution at that threshold; and the distribution of the pairs'
 * match weights (log2 posterior odds), the curve a shop without truth can still read: a valley
 * between two humps is where a threshold separates.
 *
 * @param points one per threshold of the grid, lowest first
 * @param weights the scored pairs' match weights in bins of {@link #BIN} bits, clamped to [{@link
 *     #LOW}, {@link #HIGH}] (the outer bins hold everything beyond), lowest first
 * @param truth where the truth came from, or null when the points carry link counts only
 */
public record ThresholdCurve(List<Point> points, List<WeightBin> weights, String truth) {

  /** The thresholds of the curve (and of the rule that chose the default, README). */
  static final double[] GRID = {0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999};

  static final double BIN = 5;
  static final double LOW = -30;
  static final double HIGH = 30;

  public ThresholdCurve {
    points = List.copyOf(points);
    weights = List.copyOf(weights);
  }

  /** The grid's thresholds (a copy). */
  public static double[] grid() {
    return GRID.clone();
  }

  /**
   * One threshold.
   *
   * @param pairs blocked pairs at or above it (the probabilistic merges it would propose)
   * @param precision pairwise precision against the truth, or null without truth
   * @param recall pairwise recall against the truth, or null
   * @param plantedRecall recall of the pairs with a planted identifier, or null
   * @param trapsWrong trap identifiers wrongly joined to another person, or null
   */
  public record Point(
      double threshold,
      long pairs,
      Double precision,
      Double recall,
      Double plantedRecall,
      Long trapsWrong) {}

  /** Scored pairs with a match weight in [from, to) (the outer bins are open-ended). */
  public record WeightBin(double from, double to, long pairs) {}

  /** The curve of link counts and the weight distribution of the scored pairs' match weights. */
  static ThresholdCurve ofWeights(double[] matchWeights) {
    List<Point> points = new ArrayList<>();
    for (double t : GRID) {
      long n = 0;
      for (double w : matchWeights) {
        if (FellegiSunter.probability(w) >= t) {
          n++;
        }
      }
      points.add(new Point(t, n, null, null, null, null));
    }
    int bins = (int) ((HIGH - LOW) / BIN);
    long[] counts = new long[bins];
    for (double w : matchWeights) {
      int b = (int) Math.floor((Math.min(Math.max(w, LOW), HIGH - 1e-9) - LOW) / BIN);
      counts[b]++;
    }
    List<WeightBin> weights = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      weights.add(new WeightBin(LOW + b * BIN, LOW + (b + 1) * BIN, counts[b]));
    }
    return new ThresholdCurve(points, weights, null);
  }

  /** The point of a threshold of the grid, or null when it is not on the grid. */
  public Point at(double threshold) {
    for (Point p : points) {
      if (p.threshold() == threshold) {
        return p;
      }
    }
    return null;
  }
}
