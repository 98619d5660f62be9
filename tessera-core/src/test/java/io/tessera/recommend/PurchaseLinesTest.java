package io.tessera.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The purchase lines in columns give what the lines as records gave: the same matrix, and the same
 * association rules overall and per segment as baskets of item strings (the stage's former input,
 * rebuilt here as the reference).
 */
class PurchaseLinesTest {
  private static final LocalDate START = LocalDate.of(2026, 1, 1);

  /**
   * A seeded shop: 300 customers in 3 segments (one customer without a segment), orders of 1-6
   * items drawn from 40 with a segment's favourites more likely, over 200 days; 70,000 lines in
   * all, so the columns cross their 65,536-line blocks.
   */
  static List<Purchase> shop(long seed, int orders) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Purchase> out = new ArrayList<>();
    for (int o = 0; o < orders; o++) {
      int c = r.nextInt(300);
      LocalDate day = START.plusDays(r.nextInt(200));
      int size = 1 + r.nextInt(6);
      for (int k = 0; k < size; k++) {
        int item = r.nextInt(3) == 0 ? (c % 3) * 5 + r.nextInt(5) : r.nextInt(40);
        out.add(new Purchase("c" + c, "o" + o, "p" + item, day));
      }
    }
    return out;
  }

  static Map<String, String> segments() {
    Map<String, String> s = new HashMap<>();
    for (int c = 1; c < 300; c++) {
      s.put("c" + c, "s" + (c % 3));
    }
    return s;
  }

  @Test
  void givenLinesAcrossBlocks_thenEachLineKeepsItsCustomerItemDayAndOrder() {
    List<Purchase> shop = shop(5, 20_000);
    assertThat(shop.size()).isGreaterThan(65_536);
    PurchaseLines lines = PurchaseLines.of(shop);
    assertThat(lines.size()).isEqualTo(shop.size());
    assertThat(lines.orders()).isEqualTo(20_000);
    // codes are ranks of the sorted ids
    for (int c = 1; c < lines.customers(); c++) {
      assertThat(lines.customerId(c - 1)).isLessThan(lines.customerId(c));
    }
    for (int o = 0; o < lines.orders(); o++) {
      for (int k = lines.orderStart(o); k < lines.orderEnd(o); k++) {
        Purchase p = shop.get(k);
        assertThat(p.order()).isEqualTo("o" + o);
        assertThat(lines.customerId(lines.customer(k))).isEqualTo(p.customer());
        assertThat(lines.itemId(lines.item(k))).isEqualTo(p.item());
        assertThat(lines.day(k)).isEqualTo((int) p.day().toEpochDay());
      }
    }
  }

  @Test
  void givenAnOrderWhoseLinesAreApart_thenTheyAreOneOrder() {
    List<Purchase> apart =
        List.of(
            new Purchase("a", "o1", "x", START),
            new Purchase("b", "o2", "y", START),
            new Purchase("a", "o1", "z", START));
    PurchaseLines lines = PurchaseLines.of(apart);
    assertThat(lines.orders()).isEqualTo(2);
    assertThat(lines.orderEnd(0) - lines.orderStart(0)).isEqualTo(2);
  }

  @Test
  void givenADayCut_thenTheMatrixIsThatOfTheLinesUpToIt() {
    List<Purchase> shop = shop(7, 5_000);
    LocalDate cut = START.plusDays(120);
    Purchases fromLines = Purchases.of(PurchaseLines.of(shop), (int) cut.toEpochDay());
    Map<String, Map<String, Integer>> expected = new TreeMap<>();
    for (Purchase p : shop) {
      if (!p.day().isAfter(cut)) {
        expected
            .computeIfAbsent(p.customer(), k -> new TreeMap<>())
            .merge(p.item(), 1, Integer::sum);
      }
    }
    Map<String, Map<String, Integer>> actual = new TreeMap<>();
    for (int u = 0; u < fromLines.customerCount(); u++) {
      assertThat(fromLines.customerIndex(fromLines.customer(u))).isEqualTo(u);
      for (int p = fromLines.rowStart(u); p < fromLines.rowEnd(u); p++) {
        actual
            .computeIfAbsent(fromLines.customer(u), k -> new TreeMap<>())
            .put(fromLines.item(fromLines.cols()[p]), fromLines.counts()[p]);
      }
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(fromLines.customerIndex("nobody")).isEqualTo(-1);
    assertThat(fromLines.itemIndex("p999")).isEqualTo(-1);
  }

  @Test
  void givenTheShop_thenTheRulesOverallAndPerSegmentAreThoseOfTheItemStringBaskets() {
    List<Purchase> shop = shop(11, 20_000);
    Map<String, String> segmentOf = segments();
    // rules down to 1% of baskets and 2-item rules, so that every segment has some
    RecommendOptions o =
        new RecommendOptions(
            10,
            Method.POPULAR,
            true,
            30,
            RecommendOptions.defaults().als(),
            RecommendOptions.defaults().itemCf(),
            RecommendOptions.defaults().lift(),
            new AssociationRules.Options(0.002, 0.05, 5, 3));
    Recommend.Outcome out = Recommend.fit(shop, segmentOf, START.plusDays(200), o);

    // the reference: the baskets as the stage built them before it held lines in columns
    Map<String, List<String>> baskets = new LinkedHashMap<>();
    Map<String, Map<String, List<String>>> segmentBaskets = new TreeMap<>();
    for (Purchase p : shop) {
      baskets.computeIfAbsent(p.order(), k -> new ArrayList<>()).add(p.item());
      String s = segmentOf.get(p.customer());
      if (s != null) {
        segmentBaskets
            .computeIfAbsent(s, k -> new LinkedHashMap<>())
            .computeIfAbsent(p.order(), k -> new ArrayList<>())
            .add(p.item());
      }
    }
    AssociationRules.Mined expected =
        AssociationRules.mineCounted(List.copyOf(baskets.values()), o.rules());
    assertThat(expected.rules()).hasSizeGreaterThan(20);
    assertThat(out.rules()).isEqualTo(expected);
    assertThat(out.segmentRules().keySet()).containsExactly("s0", "s1", "s2");
    for (var e : segmentBaskets.entrySet()) {
      List<AssociationRules.Rule> rules =
          AssociationRules.mine(List.copyOf(e.getValue().values()), o.rules());
      assertThat(rules).as(e.getKey()).isNotEmpty();
      assertThat(out.segmentRules().get(e.getKey())).as(e.getKey()).isEqualTo(rules);
    }
  }
}
