package io.tessera.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ItemCfTest {
  static final LocalDate DAY = LocalDate.of(2026, 1, 1);

  static Purchase p(String c, String i) {
    return new Purchase(c, c + "-o", i, DAY);
  }

  @Test
  void givenFourCustomers_thenCosinesAndScoresAsComputedByHand() {
    // u1: x y; u2: x y z; u3: x z; u4: y w.  Buyers: x {1,2,3}, y {1,2,4}, z {2,3}, w {4}.
    List<Purchase> rows =
        List.of(
            p("u1", "x"),
            p("u1", "y"),
            p("u2", "x"),
            p("u2", "y"),
            p("u2", "z"),
            p("u3", "x"),
            p("u3", "z"),
            p("u4", "y"),
            p("u4", "w"));
    ItemCf cf = ItemCf.fit(Purchases.of(rows), new ItemCf.Options(10));
    assertEquals(2 / 3.0, cf.similarity("x", "y"), 1e-12); // |{1,2}| / sqrt(3 * 3)
    assertEquals(2 / Math.sqrt(6), cf.similarity("x", "z"), 1e-12); // |{2,3}| / sqrt(3 * 2)
    assertEquals(1 / Math.sqrt(6), cf.similarity("y", "z"), 1e-12);
    assertEquals(1 / Math.sqrt(3), cf.similarity("y", "w"), 1e-12);
    assertEquals(0, cf.similarity("x", "w"), 0);

    // u1 (x, y): z = sim(x,z) + sim(y,z) = 3/sqrt(6) = 1.2247, w = sim(y,w) = 0.5774.
    List<Recommender.Scored> top = cf.recommend("u1", 5, Set.of("x", "y"));
    assertEquals(2, top.size());
    assertEquals("z", top.get(0).item());
    assertEquals(3 / Math.sqrt(6), top.get(0).score(), 1e-12);
    assertEquals(new Reason.BoughtWith("x"), top.get(0).reason());
    assertEquals("w", top.get(1).item());
    assertEquals(new Reason.BoughtWith("y"), top.get(1).reason());
  }

  @Test
  void givenOneNeighbour_thenOnlyTheMostSimilarItemCounts() {
    List<Purchase> rows =
        List.of(
            p("u1", "x"),
            p("u1", "y"),
            p("u2", "x"),
            p("u2", "y"),
            p("u2", "z"),
            p("u3", "x"),
            p("u3", "z"),
            p("u4", "y"),
            p("u4", "w"));
    ItemCf cf = ItemCf.fit(Purchases.of(rows), new ItemCf.Options(1));
    // x's nearest is y (0.667 > 0.816? no: x-z = 0.816 wins), y's nearest is x (0.667).
    assertEquals(2 / Math.sqrt(6), cf.similarity("x", "z"), 1e-12);
    assertEquals(0, cf.similarity("x", "y"), 0);
  }
}
