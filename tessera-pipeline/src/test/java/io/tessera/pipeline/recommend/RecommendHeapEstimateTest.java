package io.tessera.pipeline.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The recommendations' heap estimate, by which the run decides whether they are fitted beside the
 * churn stage: it must cover what {@code RecommendStageBench} measured the fit to hold (the live
 * peak over the bench's start, a forced collection every few seconds; README, "Benchmarks"), and
 * grow with the customers as well as the lines.
 */
class RecommendHeapEstimateTest {
  @Test
  void shouldCoverTheMeasuredPeakOfTheSeed42ShopAt100kCustomers() {
    // 609,701 lines, 100,000 customers in customers.csv: 82 MB over the start
    assertThat(RecommendStage.heapBytes(609_701, 100_000)).isGreaterThan(82L << 20);
  }

  @Test
  void shouldCoverTheMeasuredPeakOfTheOrdersShopAt300kCustomers() {
    // 5,243,178 lines up to as_of, 300,000 customers: 427 MB over the start
    assertThat(RecommendStage.heapBytes(5_243_178, 300_000)).isGreaterThan(427L << 20);
  }

  @Test
  void shouldGrowWithLinesAndCustomers() {
    long base = RecommendStage.heapBytes(1_000_000, 100_000);
    assertThat(RecommendStage.heapBytes(2_000_000, 100_000)).isGreaterThan(base);
    assertThat(RecommendStage.heapBytes(1_000_000, 200_000)).isGreaterThan(base);
    assertThat(RecommendStage.heapBytes(0, 0)).isZero();
  }
}
