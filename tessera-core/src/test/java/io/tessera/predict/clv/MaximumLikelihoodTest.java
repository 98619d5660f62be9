package io.tessera.predict.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The bounded search: an interior maximum, a maximum at a bound, and a search that cannot end. */
class MaximumLikelihoodTest {
  static final String[] NAMES = {"u", "v"};
  static final double[] LOWER = {1e-6, 1e-6};
  static final double[] UPPER = {1e6, 1e6};
  static final double[][] STARTS = {{0, 0}, {1, -1}};

  @Test
  void anInteriorMaximumShouldBeFoundAndConverge() {
    MaximumLikelihood.Result r =
        MaximumLikelihood.maximise(
            p -> -Math.pow(Math.log(p[0] / 3), 2) - Math.pow(Math.log(p[1] / 0.5), 2) + 7,
            NAMES,
            LOWER,
            UPPER,
            STARTS);
    assertThat(r.parameters()[0]).isCloseTo(3, within(1e-4));
    assertThat(r.parameters()[1]).isCloseTo(0.5, within(1e-4));
    assertThat(r.logLikelihood()).isCloseTo(7, within(1e-9));
    assertThat(r.converged()).isTrue();
    assertThat(r.atBounds()).isEmpty();
  }

  @Test
  void aLikelihoodRisingForeverShouldStopAtTheBoundAndSaySo() {
    // like a homogeneous shop's BG/NBD: better and better as u grows, flattening out
    MaximumLikelihood.Result r =
        MaximumLikelihood.maximise(
            p -> -1 / p[0] - Math.pow(Math.log(p[1]), 2), NAMES, LOWER, UPPER, STARTS);
    assertThat(r.parameters()[0]).isBetween(1e4, 1e6);
    assertThat(r.parameters()[1]).isCloseTo(1, within(1e-3));
    assertThat(r.atBounds()).containsExactly("u");
    assertThat(r.converged()).isTrue();
  }

  @Test
  void aSearchThatRunsOutOfEvaluationsShouldReportNonConvergenceAndItsBestPoint() {
    MaximumLikelihood.Result r =
        MaximumLikelihood.maximise(
            p -> -Math.pow(Math.log(p[0] / 3), 2) - Math.pow(Math.log(p[1] / 0.5), 2),
            NAMES,
            LOWER,
            UPPER,
            STARTS,
            30);
    assertThat(r.converged()).isFalse();
    // the best point seen, not the start: better than both starts' value
    assertThat(r.logLikelihood())
        .isGreaterThan(-Math.pow(Math.log(2), 2) - Math.pow(Math.log(3), 2));
  }

  @Test
  void givenTwoPeaks_thenTheStartsSearchedSideBySideGiveTheHigherOne() {
    // a peak of 1 at u = 0.1 and one of 2 at u = 10 (in log u: -2.3 and 2.3); each start climbs the
    // one it is near, whichever order the searches finish in
    java.util.function.ToDoubleFunction<double[]> twoPeaks =
        p -> {
          double l = Math.log(p[0]);
          return Math.max(1 - Math.pow(l - Math.log(0.1), 2), 2 - Math.pow(l - Math.log(10), 2))
              - Math.pow(Math.log(p[1]), 2);
        };
    for (double[][] starts :
        new double[][][] {{{-2, 0}, {2, 0}}, {{2, 0}, {-2, 0}}, {{-2, 0}, {-2.5, 0}, {2, 0}}}) {
      MaximumLikelihood.Result r =
          MaximumLikelihood.maximise(twoPeaks, NAMES, LOWER, UPPER, starts);
      assertThat(r.parameters()[0]).isCloseTo(10, within(1e-3));
      assertThat(r.logLikelihood()).isCloseTo(2, within(1e-9));
    }
  }
}
