package io.tessera.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecommendationsTest {

  /** Customers with 0 to 4 recommendations each, ranks 1.. in order, seeded. */
  private static List<Recommendation> sample(long seed, int customers) {
    Random random = new Random(seed);
    List<Recommendation> out = new ArrayList<>();
    for (int c = 0; c < customers; c++) {
      String customer = "C" + c;
      int n = random.nextInt(5);
      for (int k = 1; k <= n; k++) {
        String item = "p" + random.nextInt(20);
        Reason reason =
            switch (random.nextInt(3)) {
              case 0 -> new Reason.BoughtWith("p" + random.nextInt(20));
              case 1 -> new Reason.PopularInSegment("cluster:" + random.nextInt(3));
              default -> new Reason.Popular();
            };
        out.add(new Recommendation(customer, k, item, random.nextDouble(), reason));
      }
    }
    return out;
  }

  @Test
  void givenSeededRecommendations_whenKeptInColumns_thenEveryOneReadsBackEqual() {
    for (long seed = 1; seed <= 20; seed++) {
      List<Recommendation> records = sample(seed, 50);
      Recommendations columns = Recommendations.copyOf(records);
      assertThat(columns).hasSize(records.size()).isEqualTo(records);
      assertThat(columns.customerCount())
          .isEqualTo((int) records.stream().map(Recommendation::customer).distinct().count());
      for (int i = 0; i < records.size(); i++) {
        assertThat(columns.get(i)).isEqualTo(records.get(i));
      }
    }
  }

  @Test
  void shouldKeepOneInstanceOfEachEqualReason() {
    Recommendations columns =
        Recommendations.copyOf(
            List.of(
                new Recommendation("a", 1, "p1", 0.5, new Reason.BoughtWith("p9")),
                new Recommendation("b", 1, "p1", 0.5, new Reason.BoughtWith("p9"))));
    assertThat(columns.get(0).reason()).isSameAs(columns.get(1).reason());
  }

  @Test
  void shouldBeItselfWhenCopiedAgain() {
    Recommendations columns = Recommendations.copyOf(sample(3, 10));
    assertThat(Recommendations.copyOf(columns)).isSameAs(columns);
  }

  @Test
  void shouldGrowPastTheExpectedSize() {
    Recommendations.Builder b = new Recommendations.Builder(1);
    List<Recommendation> records = sample(7, 200);
    records.forEach(b::add);
    assertThat(b.build()).isEqualTo(records);
  }

  @Test
  void shouldRejectARankThatDoesNotFollowTheCustomersLast() {
    Recommendations.Builder b =
        new Recommendations.Builder(4)
            .add(new Recommendation("a", 1, "p1", 0.9, new Reason.Popular()));
    assertThatThrownBy(() -> b.add(new Recommendation("a", 3, "p2", 0.8, new Reason.Popular())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rank 3 of customer a");
    assertThatThrownBy(() -> b.add(new Recommendation("b", 2, "p2", 0.8, new Reason.Popular())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.add(new Recommendation("a", 1, "p2", 0.8, new Reason.Popular())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("second rank 1");
  }

  @Test
  void shouldAnswerAnIndexOutsideWithTheListsException() {
    assertThatThrownBy(() -> Recommendations.empty().get(0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
