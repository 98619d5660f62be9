package io.tessera.segment.rfm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Customers without a purchase placed by their visits (Groobee's scheme): the documented table, and
 * the property that buyers and visitors together land in exactly one of the ten groups each.
 */
class VisitorPlacementTest {

  /** Edges 2, 5, 10, 30: R5 up to 2 days, R4 up to 5, R3 up to 10, R2 up to 30, R1 beyond. */
  private static final VisitorPlacement PLACEMENT =
      new VisitorPlacement(List.of(2.0, 5.0, 10.0, 30.0));

  @Test
  void shouldPlaceVisitorsAsTheDocumentedTableSays() {
    assertThat(PLACEMENT.place(1, 2)).isEqualTo(RfmGroup.NEW); // first visit within R5 too
    assertThat(PLACEMENT.place(1, 3)).isEqualTo(RfmGroup.MUST_CATCH_NOW); // came back, no purchase
    assertThat(PLACEMENT.place(4, 4)).isEqualTo(RfmGroup.MUST_CATCH_NOW); // R4
    assertThat(PLACEMENT.place(10, 40)).isEqualTo(RfmGroup.NEEDS_ATTENTION); // R3
    assertThat(PLACEMENT.place(11, 11)).isEqualTo(RfmGroup.HIBERNATING); // R2
    assertThat(PLACEMENT.place(31, 200)).isEqualTo(RfmGroup.LOST); // R1
    assertThat(PLACEMENT.place(Double.NaN, Double.NaN)).isEqualTo(RfmGroup.HIBERNATING);
    assertThat(PLACEMENT.recencyScore(Double.NaN)).isZero();
  }

  @Test
  void theEdgesShouldBeTheQuintilesOfEveryonesDaysSinceLastActivityWithoutNoActivity() {
    // 10 customers with activity, 1 without: quintile edges at positions 1, 3, 5, 7 of the 10
    double[] days = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, Double.NaN};
    assertThat(VisitorPlacement.fit(days).recencyEdges()).containsExactly(1.0, 3.0, 5.0, 7.0);
    assertThat(VisitorPlacement.fit(new double[] {Double.NaN}).recencyEdges())
        .containsExactly(0.0, 0.0, 0.0, 0.0);
  }

  /** Property: on random shops, every customer (buyer or not) is in exactly one group. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 7077})
  void everyCustomerBuyerOrNotShouldBeInExactlyOneGroup(long seed) {
    Random rnd = new Random(seed);
    int n = 2_000;
    boolean[] buyer = new boolean[n];
    double[] last = new double[n];
    double[] first = new double[n];
    double[] recency = new double[n];
    double[] frequency = new double[n];
    double[] monetary = new double[n];
    int buyers = 0;
    for (int i = 0; i < n; i++) {
      buyer[i] = rnd.nextDouble() < 0.6;
      boolean active = buyer[i] || rnd.nextDouble() < 0.9;
      last[i] = active ? rnd.nextInt(400) : Double.NaN;
      first[i] = active ? last[i] + rnd.nextInt(400) : Double.NaN;
      if (buyer[i]) {
        recency[buyers] = last[i] + rnd.nextInt(5);
        frequency[buyers] = 1 + rnd.nextInt(rnd.nextBoolean() ? 2 : 20);
        monetary[buyers] = 5 + rnd.nextDouble() * 500;
        buyers++;
      }
    }
    RfmModel rfm =
        RfmModel.fit(
            java.util.Arrays.copyOf(recency, buyers),
            java.util.Arrays.copyOf(frequency, buyers),
            java.util.Arrays.copyOf(monetary, buyers));
    VisitorPlacement visits = VisitorPlacement.fit(last);
    Set<RfmGroup> seen = EnumSet.noneOf(RfmGroup.class);
    java.util.Map<RfmGroup, Integer> counts = new java.util.EnumMap<>(RfmGroup.class);
    int b = 0;
    for (int i = 0; i < n; i++) {
      RfmGroup g =
          buyer[i]
              ? rfm.score(recency[b], frequency[b], monetary[b++]).group()
              : visits.place(last[i], first[i]);
      assertThat(g).isNotNull();
      counts.merge(g, 1, Integer::sum);
      if (!buyer[i]) {
        // the table, from the edges by hand: days <= edge k scores 5 - k + 1 ... (recency reversed)
        List<Double> e = visits.recencyEdges();
        RfmGroup expected =
            Double.isNaN(last[i])
                ? RfmGroup.HIBERNATING
                : last[i] <= e.get(0)
                    ? (first[i] <= e.get(0) ? RfmGroup.NEW : RfmGroup.MUST_CATCH_NOW)
                    : last[i] <= e.get(1)
                        ? RfmGroup.MUST_CATCH_NOW
                        : last[i] <= e.get(2)
                            ? RfmGroup.NEEDS_ATTENTION
                            : last[i] <= e.get(3) ? RfmGroup.HIBERNATING : RfmGroup.LOST;
        assertThat(g)
            .as("visitor %d (last %s, first %s)", i, last[i], first[i])
            .isEqualTo(expected);
      }
      seen.add(g);
    }
    assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(n);
    // the visitors' groups are all reached on a shop this varied
    assertThat(seen)
        .contains(
            RfmGroup.NEW,
            RfmGroup.MUST_CATCH_NOW,
            RfmGroup.NEEDS_ATTENTION,
            RfmGroup.HIBERNATING,
            RfmGroup.LOST);
  }
}
