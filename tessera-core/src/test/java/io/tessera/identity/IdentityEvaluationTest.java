package io.tessera.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.generate.GeneratorOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Precision and recall of merges against the generator's planted identities, at the default
 * threshold and over a grid of thresholds, on the tuning shop (seed 7) and on a second shop that
 * was never used to choose anything (seed 2027, more identities, more traps, 2% injected faults).
 */
@Tag("slow")
class IdentityEvaluationTest {
  static final double[] GRID = {0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999};

  /** The tuning shop: seed 7, a fifth of customers with a planted identity, 1% traps. */
  static GeneratorOptions tuning() {
    return new GeneratorOptions(5_000, 365, 7, 0.0, null).withIdentities(0.2, 0.01);
  }

  /** The held-out shop: another seed, identity rate, trap rate and 2% faults. */
  static GeneratorOptions heldOut() {
    return new GeneratorOptions(5_000, 365, 2_027, 0.02, null).withIdentities(0.3, 0.02);
  }

  @Test
  void givenTheTuningShop_whenResolvedAtTheDefaultThreshold_thenPrecisionAndRecallMeetTheGoal(
      @TempDir Path tmp) {
    GeneratedIdentities shop = GeneratedIdentities.generate(tuning(), tmp);
    IdentityEvaluation.Result r = curve("tuning (seed 7)", shop);
    assertGoals(r);
  }

  @Test
  void givenAHeldOutShop_whenResolvedAtTheDefaultThreshold_thenPrecisionAndRecallMeetTheGoal(
      @TempDir Path tmp) {
    GeneratedIdentities shop = GeneratedIdentities.generate(heldOut(), tmp);
    IdentityEvaluation.Result r = curve("held out (seed 2027)", shop);
    assertGoals(r);
  }

  private static void assertGoals(IdentityEvaluation.Result r) {
    assertThat(r.precision()).as("pairwise precision").isGreaterThanOrEqualTo(0.99);
    assertThat(r.recall()).as("pairwise recall").isGreaterThanOrEqualTo(0.95);
    assertThat(r.plantedRecall()).as("recall of planted identities").isGreaterThanOrEqualTo(0.95);
    r.trapsWrong().forEach((role, c) -> assertThat(c[1]).as(role + " wrongly joined").isZero());
    assertThat(r.noConsentLinked()).as("identifiers of customers without consent linked").isZero();
    assertThat(r.trapsWrong()).containsKeys("trap_family_device", "trap_test_email");
  }

  /** Prints the precision/recall curve and returns the figures at the default threshold. */
  static IdentityEvaluation.Result curve(String name, GeneratedIdentities shop) {
    IdentityEvaluation.Result atDefault = null;
    StringBuilder sb =
        new StringBuilder(name + "\nthreshold precision recall planted_recall traps_wrong\n");
    for (double t : GRID) {
      IdentityGraph g = shop.resolve(IdentityOptions.defaults().withMinConfidence(t));
      IdentityEvaluation.Result r = IdentityEvaluation.evaluate(shop.truth(), g);
      long wrong = r.trapsWrong().values().stream().mapToLong(c -> c[1]).sum();
      sb.append(
          String.format(
              Locale.ROOT,
              "%.3f %.4f %.4f %.4f %d (pairs %d true, %d predicted; comparisons %d)%n",
              t,
              r.precision(),
              r.recall(),
              r.plantedRecall(),
              wrong,
              r.truePairs(),
              r.predictedPairs(),
              g.report().model() == null ? 0 : g.report().model().blockedPairs()));
      if (t == IdentityOptions.DEFAULT_MIN_CONFIDENCE) {
        atDefault = r;
        r.trapsWrong()
            .forEach(
                (role, c) ->
                    sb.append("  ")
                        .append(role)
                        .append(' ')
                        .append(c[0])
                        .append(" nodes, ")
                        .append(c[1])
                        .append(" wrong\n"));
        sb.append("  model ").append(g.report().model()).append('\n');
      }
    }
    System.out.print(sb);
    List<?> unused = List.of();
    assertThat(unused).isEmpty();
    return atDefault;
  }
}
