package io.tessera.server.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reasons as customers.csv writes them, split into cluster traits and churn factors, and what a
 * role that may not see raw customer attributes gets of them.
 */
class ScoreReasonsTest {
  private static final String CELL =
      "high-spending (monetary 2340 vs 310 on average); rare (attribute:score 2 vs 5 on average)"
          + " | churn: frequency=1 (+3.006); contract=Month-to-month (+0.412); sessions=2 (-0.574)";

  @Test
  void aReasonsCellShouldSplitIntoClusterTraitsAndChurnFactors() {
    assertThat(CustomerScores.clusterReasons(CELL))
        .containsExactly(
            "high-spending (monetary 2340 vs 310 on average)",
            "rare (attribute:score 2 vs 5 on average)");
    assertThat(CustomerScores.churnReasons(CELL))
        .containsExactly(
            "frequency=1 (+3.006)", "contract=Month-to-month (+0.412)", "sessions=2 (-0.574)");
    assertThat(CustomerScores.churnReasons("churn: frequency=1 (+3.006)"))
        .containsExactly("frequency=1 (+3.006)");
    assertThat(CustomerScores.clusterReasons("churn: frequency=1 (+3.006)")).isEmpty();
    assertThat(CustomerScores.churnReasons("loyal (frequency 9 vs 2 on average)")).isEmpty();
    assertThat(CustomerScores.churnReasons(null)).isEmpty();
  }

  @Test
  void aRoleWithoutRawAttributesShouldSeeAnAttributeFactorsNameAndSignButNotItsValue() {
    List<String> churn = CustomerScores.churnReasons(CELL);
    assertThat(CustomerScores.visibleReasons(churn, true)).isEqualTo(churn);
    assertThat(CustomerScores.visibleReasons(churn, false))
        .containsExactly(
            "frequency=1 (+3.006)",
            "contract=(hidden: a customer attribute) (+0.412)",
            "sessions=2 (-0.574)");
    List<String> traits = CustomerScores.clusterReasons(CELL);
    assertThat(CustomerScores.visibleTraits(traits, false))
        .containsExactly("high-spending (monetary 2340 vs 310 on average)");
    assertThat(CustomerScores.visibleTraits(traits, true)).isEqualTo(traits);
  }
}
