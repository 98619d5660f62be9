package io.tessera.pipeline.churn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The churn stage's heap estimate, by which the run decides whether the recommendations are fitted
 * beside it: the as-of day's profiles plus the cut-off days' as {@link CutoffProfiles} folds them,
 * all together when they fit in half the heap, else two sets at a time; above the training sample
 * the cut-off days hold only the sample's profiles.
 */
class ChurnHeapEstimateTest {
  private static final long HALF_HEAP = Runtime.getRuntime().maxMemory() / 2;
  private static final long SET_BYTES = CutoffProfiles.PROFILE_BYTES;
  private static final ChurnSettings DEFAULTS = ChurnSettings.parse(null);
  private static final int CAP = DEFAULTS.trainingSample();

  @Test
  void cutOffsFoldedTogetherShouldCountAllTheirSets() {
    int profiles = (int) (HALF_HEAP / (CutoffProfiles.CUTOFF_DAYS * SET_BYTES));
    assertThat(ChurnStage.heapBytes(profiles, CAP, DEFAULTS))
        .isEqualTo((1 + CutoffProfiles.CUTOFF_DAYS) * profiles * SET_BYTES);
  }

  @Test
  void cutOffsFoldedOneAtATimeShouldCountTheKeptAndTheFoldedSet() {
    int profiles = (int) (HALF_HEAP / (CutoffProfiles.CUTOFF_DAYS * SET_BYTES)) + 1;
    assertThat(ChurnStage.heapBytes(profiles, CAP, DEFAULTS)).isEqualTo(3L * profiles * SET_BYTES);
  }

  @Test
  void aboveTheTrainingSampleTheCutOffDaysShouldCountTheSampleOnly() {
    int profiles = 2_660_000;
    long sampled = ChurnStage.heapBytes(profiles, CAP + 1L, DEFAULTS);
    long cutoffSets =
        CutoffProfiles.CUTOFF_DAYS * CAP * SET_BYTES <= HALF_HEAP
            ? CutoffProfiles.CUTOFF_DAYS * CAP * SET_BYTES
            : 2L * CAP * SET_BYTES;
    assertThat(sampled).isEqualTo(profiles * SET_BYTES + cutoffSets);
    // at the cap itself every buyer is drawn: the days hold every profile
    assertThat(ChurnStage.heapBytes(profiles, CAP, DEFAULTS)).isGreaterThan(sampled);
  }

  @Test
  void noProfilesShouldNeedNoHeap() {
    assertThat(ChurnStage.heapBytes(0, 0, DEFAULTS)).isZero();
  }
}
