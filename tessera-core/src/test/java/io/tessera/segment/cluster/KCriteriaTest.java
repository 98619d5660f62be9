package io.tessera.segment.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import smile.math.MathEx;

/**
 * Automatic k computes every k's gap and stability draws in one side-by-side pass and takes the
 * gap's fit of the sample from the candidate's restarts ({@code Clustering.fitEveryK}); these tests
 * check both give exactly the doubles of the draws computed one at a time on the calling thread.
 */
class KCriteriaTest {
  // overlapping blobs, so that the restarts and the reference fits do not all agree
  private static final Blobs BLOBS = Blobs.around(Blobs.FIVE, 60, 3.0, 5);

  @Test
  void givenEveryRowSampled_whenTheGapsOwnFitIsTakenFromTheRestarts_thenItIsTheFittedDraw() {
    for (int restarts : new int[] {10, 2}) {
      ClusteringOptions options = ClusteringOptions.DEFAULT.withRestarts(restarts);
      KCriteria criteria = KCriteria.of(BLOBS.rows(), options);
      assertThat(criteria.coversEveryRow()).isTrue();
      Lloyd.Prepared data = Lloyd.prepare(BLOBS.rows());
      for (int k = 2; k <= 6; k++) {
        // the candidate's first restarts, seeded as Clustering seeds them
        Lloyd.Result best = null;
        for (int r = 0; r < criteria.auxiliaryRestarts(); r++) {
          MathEx.setSeed(Clustering.seedOf(options.seed(), k, r));
          Lloyd.Result run = Lloyd.fit(data, k, options.maxIter());
          if (best == null || run.distortion() < best.distortion()) {
            best = run;
          }
        }
        assertThat(criteria.ownLogWithin(best.labels()))
            .as("k %d, %d restarts", k, restarts)
            .isEqualTo(criteria.gapDraw(k, 0));
      }
    }
  }

  @Test
  void givenAutoK_whenFittedInOnePass_thenEveryGapAndStabilityIsTheOneAtATimeValue() {
    ClusteringOptions options = ClusteringOptions.DEFAULT.withKRange(2, 6);
    ClusterModel model = Clustering.fit(BLOBS.rows(), List.of("a", "b", "c"), options);
    KCriteria criteria = KCriteria.of(BLOBS.rows(), options);
    List<KScore> scores = model.kSelection();
    assertThat(scores).extracting(KScore::k).containsExactly(2, 3, 4, 5, 6);
    for (KScore s : scores) {
      int k = s.k();
      double own = criteria.gapDraw(k, 0);
      double[] reference = new double[KCriteria.DRAWS];
      double[] agreement = new double[KCriteria.DRAWS];
      for (int d = 0; d < KCriteria.DRAWS; d++) {
        reference[d] = criteria.gapDraw(k, d + 1);
        agreement[d] = criteria.stabilityDraw(k, d);
      }
      KCriteria.Gap gap = KCriteria.gapOf(own, reference);
      assertThat(s.gap()).as("gap at k %d", k).isEqualTo(gap.gap());
      assertThat(s.gapSe()).as("s_k at k %d", k).isEqualTo(gap.se());
      assertThat(s.stability())
          .as("stability at k %d", k)
          .isEqualTo(KCriteria.stabilityOf(agreement));
    }
  }

  @Test
  void givenMoreRowsThanTheSample_thenTheSampleDoesNotCoverEveryRow() {
    double[][] rows = new double[KCriteria.SAMPLE + 1][];
    Arrays.setAll(rows, i -> new double[] {i % 7, i % 11});
    assertThat(KCriteria.of(rows, ClusteringOptions.DEFAULT).coversEveryRow()).isFalse();
    assertThat(
            KCriteria.of(Arrays.copyOf(rows, KCriteria.SAMPLE), ClusteringOptions.DEFAULT)
                .coversEveryRow())
        .isTrue();
  }
}
