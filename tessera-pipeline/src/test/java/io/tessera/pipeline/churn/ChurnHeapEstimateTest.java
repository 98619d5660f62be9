package io.tessera.pipeline.churn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The churn stage's heap estimate, by which the run decides whether the recommendations are fitted
 * beside it: the as-of day's profiles plus the cut-off days' as {@link CutoffProfiles} folds them,
 * all together when they fit in half the heap, else two sets at a time.
 */
class ChurnHeapEstimateTest {
  private static final long HALF_HEAP = Runtime.getRuntime().maxMemory() / 2;
  private static final long SET_BYTES = CutoffProfiles.PROFILE_BYTES;

  @Test
  void cutOffsFoldedTogetherShouldCountAllTheirSets() {
    int profiles = (int) (HALF_HEAP / (CutoffProfiles.CUTOFF_DAYS * SET_BYTES));
    assertThat(ChurnStage.heapBytes(profiles))
        .isEqualTo((1 + CutoffProfiles.CUTOFF_DAYS) * profiles * SET_BYTES);
  }

  @Test
  void cutOffsFoldedOneAtATimeShouldCountTheKeptAndTheFoldedSet() {
    int profiles = (int) (HALF_HEAP / (CutoffProfiles.CUTOFF_DAYS * SET_BYTES)) + 1;
    assertThat(ChurnStage.heapBytes(profiles)).isEqualTo(3L * profiles * SET_BYTES);
  }

  @Test
  void noProfilesShouldNeedNoHeap() {
    assertThat(ChurnStage.heapBytes(0)).isZero();
  }
}
