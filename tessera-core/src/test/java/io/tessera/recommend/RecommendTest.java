package io.tessera.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The stage as served: exclusions, the segment fill for a cold customer, and a configured method.
 */
class RecommendTest {
  static final LocalDate DAY = LocalDate.of(2026, 6, 1);

  static List<Purchase> shop() {
    // u1..u4 bought x and y (so x and y go together); u1, u2 also z; new has bought nothing
    List<Purchase> out = new ArrayList<>();
    for (String u : List.of("u1", "u2", "u3", "u4")) {
      out.add(new Purchase(u, u + "-1", "x", DAY));
    }
    for (String u : List.of("u1", "u2", "u3")) {
      out.add(new Purchase(u, u + "-2", "y", DAY));
    }
    out.add(new Purchase("u1", "u1-3", "z", DAY));
    out.add(new Purchase("u2", "u2-3", "z", DAY));
    return out;
  }

  static final Map<String, String> SEGMENTS =
      Map.of("u1", "s", "u2", "s", "u3", "s", "u4", "s", "new", "s");

  @Test
  void givenBoughtItems_thenNeverRecommendedUnlessConfigured() {
    RecommendOptions o = RecommendOptions.defaults().withMethod(Method.ITEM_CF);
    Recommend.Outcome out = Recommend.fit(shop(), SEGMENTS, DAY, o);
    // 5 customers cannot evaluate a time split: the note says why, the configured method serves
    assertThat(out.evaluation()).isNull();
    assertThat(out.evaluationNote()).contains("the time split needs 20");
    assertEquals(Method.ITEM_CF, out.chosen());
    List<Recommendation> u4 = out.recommend("u4", Set.of());
    // u4 bought x: y goes with x (cosine 3 / sqrt(4 * 3) = 0.866) before z (2 / sqrt(4 * 2))
    assertEquals("y", u4.get(0).item());
    assertEquals(new Reason.BoughtWith("x"), u4.get(0).reason());
    assertEquals(3 / Math.sqrt(12), u4.get(0).score(), 1e-12);
    assertEquals("z", u4.get(1).item());
    assertThat(u4).extracting(Recommendation::item).doesNotContain("x");
    // an item bought since the run (say live) is left out too
    assertThat(out.recommend("u4", Set.of("y")))
        .extracting(Recommendation::item)
        .containsExactly("z");

    RecommendOptions keep =
        new RecommendOptions(
            10, Method.POPULAR, false, 30, o.als(), o.itemCf(), o.lift(), o.rules());
    List<Recommendation> again =
        Recommend.fit(shop(), SEGMENTS, DAY, keep).recommend("u4", Set.of());
    assertEquals("x", again.get(0).item()); // the most bought item, bought by u4 as well
  }

  @Test
  void givenACustomerWithoutPurchases_thenTheirSegmentsPopularItemsWithThatReason() {
    Recommend.Outcome out =
        Recommend.fit(shop(), SEGMENTS, DAY, RecommendOptions.defaults().withMethod(Method.ALS));
    List<Recommendation> cold = out.recommend("new", Set.of());
    assertThat(cold).extracting(Recommendation::item).containsExactly("x", "y", "z");
    assertThat(cold).allSatisfy(r -> assertEquals(new Reason.PopularInSegment("s"), r.reason()));
    assertThat(cold).extracting(Recommendation::rank).containsExactly(1, 2, 3);
  }
}
