package io.tessera.segment.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The k rule on hand-made criteria, each case built so that one part of the rule decides: the
 * median of five nominations, the usefulness floor and smallest share, Tibshirani's gap rule and
 * Ben-Hur's largest-stable rule.
 */
class KSelectionTest {

  /** Criteria for k = 2..10 from per-k arrays (index 0 is k = 2). */
  private static List<KScore> scores(
      double[] silhouette,
      double[] ch,
      double[] db,
      double[] gap,
      double[] stability,
      double[] share) {
    List<KScore> out = new ArrayList<>();
    for (int a = 0; a < silhouette.length; a++) {
      out.add(
          new KScore(
              a + 2, silhouette[a], ch[a], db[a], gap[a], 0.01, stability[a], 0.0, share[a]));
    }
    return out;
  }

  private static double[] flat(double v) {
    double[] out = new double[9];
    java.util.Arrays.fill(out, v);
    return out;
  }

  //                                  k = 2     3     4     5     6     7     8     9    10
  private static final double[] SIL = {0.60, 0.40, 0.42, 0.45, 0.47, 0.44, 0.40, 0.38, 0.37};
  private static final double[] CH = {900, 950, 1000, 1100, 1200, 1150, 1100, 1050, 1000};
  private static final double[] DB = {0.70, 0.90, 0.85, 0.80, 0.75, 0.82, 0.90, 0.95, 1.00};
  // rises by more than its error up to 7, then flat: Tibshirani's rule stops at 7
  private static final double[] GAP = {1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.505, 1.51, 1.52};
  private static final double[] STAB = {0.99, 0.95, 0.93, 0.92, 0.91, 0.90, 0.85, 0.80, 0.70};

  @Test
  void givenSilhouetteFavouringTwo_whenManyCustomers_thenTheMedianOfTheNominationsWins() {
    KSelection.Choice choice =
        KSelection.choose(scores(SIL, CH, DB, GAP, STAB, flat(0.05)), 20_000);
    // floor 3: silhouette 6 (0.47 beats all but k = 2), CH 6, DB 6, gap 7, stability 7
    assertThat(choice.k()).isEqualTo(6);
    assertThat(choice.reason())
        .contains("useful k 3, 4, 5, 6, 7, 8, 9, 10")
        .contains("silhouette 6, Calinski-Harabasz 6, Davies-Bouldin 6, gap 7, stability 7")
        .contains("median 6");
    assertThat(choice.rule()).isEqualTo(KSelection.RULE);
  }

  @Test
  void givenFewCustomers_thenTwoClustersAreUsefulAndTheSilhouetteAndDaviesBouldinNominateTwo() {
    KSelection.Choice choice = KSelection.choose(scores(SIL, CH, DB, GAP, STAB, flat(0.05)), 500);
    // silhouette 2, DB 2, CH 6, gap 7, stability 7: median 6
    assertThat(choice.reason())
        .contains("useful k 2, 3")
        .contains("silhouette 2, Calinski-Harabasz 6, Davies-Bouldin 2, gap 7, stability 7");
    assertThat(choice.k()).isEqualTo(6);
  }

  @Test
  void givenTheLowCriteriaAgreeingOnThree_thenTheHighOnesCannotOutvoteThem() {
    double[] sil = {0.5, 0.6, 0.4, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3};
    double[] ch = {900, 1300, 1000, 900, 800, 700, 600, 500, 400};
    double[] db = {0.9, 0.6, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4};
    KSelection.Choice choice =
        KSelection.choose(scores(sil, ch, db, GAP, flat(0.95), flat(0.05)), 5_000);
    // silhouette 3, CH 3, DB 3, gap 7, stability 10 (every k stable): median 3
    assertThat(choice.k()).isEqualTo(3);
  }

  @Test
  void aKWithAClusterUnderOnePercentShouldNotBeNominated() {
    double[] share = flat(0.05);
    share[4] = 0.004; // k = 6 has a cluster of 0.4% of customers
    KSelection.Choice choice = KSelection.choose(scores(SIL, CH, DB, GAP, STAB, share), 20_000);
    assertThat(choice.reason()).contains("useful k 3, 4, 5, 7, 8, 9, 10");
    // silhouette 5, CH 7 (1150 > 1100), DB 5, gap 7, stability 7: median 7
    assertThat(choice.k()).isEqualTo(7);
  }

  @Test
  void withoutAnyStableK_theMostStableIsNominated_andWithoutAGapStopTheLargest() {
    double[] stab = {0.5, 0.6, 0.7, 0.8, 0.85, 0.7, 0.6, 0.5, 0.4};
    double[] gap = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    KSelection.Choice choice =
        KSelection.choose(scores(SIL, CH, DB, gap, stab, flat(0.05)), 20_000);
    assertThat(choice.reason()).contains("gap 10, stability 6");
  }

  @Test
  void whenNoKIsUseful_allAreConsideredAndTheReasonSaysSo() {
    KSelection.Choice choice =
        KSelection.choose(scores(SIL, CH, DB, GAP, STAB, flat(0.001)), 20_000);
    assertThat(choice.reason()).startsWith("no k passed the usefulness checks");
    assertThat(choice.reason()).contains("useful k 2, 3, 4");
  }

  @Test
  void onFewCustomers_aKWithAClusterOfFewerThanFiveIsNotUseful() {
    // 60 customers: every k from 5 on leaves a cluster of 4 (share 0.067, above 1% but under 5)
    double[] share = flat(0.2);
    for (int a = 3; a < share.length; a++) {
      share[a] = 4.0 / 60;
    }
    KSelection.Choice choice = KSelection.choose(scores(SIL, CH, DB, GAP, STAB, share), 60);
    assertThat(choice.reason()).contains("useful k 2, 3, 4;");
    assertThat(choice.k()).isBetween(2, 4);
    // the same shares on 6,000 customers (clusters of 400) are all useful
    KSelection.Choice many = KSelection.choose(scores(SIL, CH, DB, GAP, STAB, share), 6_000);
    assertThat(many.reason()).contains("useful k 3, 4, 5, 6, 7, 8, 9, 10");
  }
}
