package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** `tessera bench run` says issue 14's goal 2 for the sizes the issue names, and only for those. */
class BenchGoalTest {
  @Test
  void aHundredThousandCustomersShouldBeMeasuredAgainstSixtySeconds() {
    assertThat(BenchCommand.goal2(100_000, 171.1))
        .isEqualTo("goal 2, 100,000 customers end to end in 60 s or less: 171.1 s, not met");
    assertThat(BenchCommand.goal2(100_000, 59.9)).endsWith("59.9 s, met");
  }

  @Test
  void aMillionShouldBeMeasuredAgainstTenMinutesAndTenMillionShouldOnlyComplete() {
    assertThat(BenchCommand.goal2(1_000_000, 600.0)).endsWith("in 600 s or less: 600.0 s, met");
    assertThat(BenchCommand.goal2(1_000_000, 601.0)).endsWith("not met");
    assertThat(BenchCommand.goal2(10_000_000, 5000.0))
        .isEqualTo("goal 2, 10,000,000 customers complete on this machine: met (5000.0 s)");
  }

  @Test
  void otherSizesShouldHaveNoGoal() {
    assertThat(BenchCommand.goal2(10_000, 20.0)).isNull();
    assertThat(BenchCommand.goal2(250_000, 20.0)).isNull();
  }
}
