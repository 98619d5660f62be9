package io.tessera.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AssociationRulesTest {

  @Test
  void givenGroceries_whenSupport0006Confidence025_thenTheBooks463RulesAndTopLifts()
      throws IOException {
    Path csv = SharedData.require("groceries/groceries.csv");
    List<List<String>> baskets =
        Files.readAllLines(csv, StandardCharsets.UTF_8).stream()
            .map(line -> Arrays.asList(line.split(",")))
            .toList();
    assertEquals(9835, baskets.size());

    List<AssociationRules.Rule> rules =
        AssociationRules.mine(baskets, new AssociationRules.Options(0.006, 0.25));

    // Lantz, Machine Learning with R, ch. 8 (../shared/datasets/groceries/README.md): "set of 463
    // rules", lengths 2/3/4 = 150/297/16.
    assertEquals(463, rules.size());
    Map<Integer, Long> lengths =
        rules.stream()
            .collect(Collectors.groupingBy(r -> r.antecedent().size() + 1, Collectors.counting()));
    assertEquals(Map.of(2, 150L, 3, 297L, 4, 16L), lengths);

    AssociationRules.Rule top = rules.get(0);
    assertEquals(List.of("herbs"), top.antecedent());
    assertEquals("root vegetables", top.consequent());
    assertEquals(69, top.count());
    assertEquals(0.007015760, top.support(), 1e-9);
    assertEquals(0.43125, top.confidence(), 1e-9);
    assertEquals(3.9565, top.lift(), 5e-5);
    AssociationRules.Rule second = rules.get(1);
    assertEquals(List.of("berries"), second.antecedent());
    assertEquals("whipped/sour cream", second.consequent());
    assertEquals(89, second.count());
    assertEquals(3.7969, second.lift(), 5e-5);
    assertThat(rules).allSatisfy(r -> assertThat(r.confidence()).isGreaterThanOrEqualTo(0.25));
    assertThat(rules).allSatisfy(r -> assertThat(r.count()).isGreaterThanOrEqualTo(60));

    // The same frequent itemsets as Smile's FP-growth (the README's 747 at support >= 0.006).
    AssociationRules.Mined mined =
        AssociationRules.mineCounted(baskets, new AssociationRules.Options(0.006, 0.25, 1, 10));
    assertEquals(60, mined.minCount());
    Map<String, Integer> ids = new java.util.TreeMap<>();
    baskets.forEach(b -> b.forEach(i -> ids.putIfAbsent(i, ids.size())));
    int[][] itemsets =
        baskets.stream()
            .map(b -> b.stream().mapToInt(ids::get).distinct().toArray())
            .toArray(int[][]::new);
    List<smile.association.ItemSet> fpGrowth =
        smile.association.FPGrowth.apply(smile.association.FPTree.of(60, itemsets)).toList();
    assertEquals(747, fpGrowth.size());
    assertEquals(fpGrowth.size(), mined.itemsets());
    assertEquals(463, mined.rules().size());
  }

  @Test
  void givenBasketsRepeatingSixtyItems_thenTheLengthCapKeepsTheMiningSmall() {
    // 40 identical baskets of 60 items: every one of the 2^60 subsets is frequent (Smile's
    // FP-growth runs out of memory here); capped at 3 items there are C(60,1..3) = 36,050.
    List<String> basket = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      basket.add("i" + i);
    }
    List<List<String>> baskets = java.util.Collections.nCopies(40, basket);
    AssociationRules.Mined mined =
        AssociationRules.mineCounted(baskets, new AssociationRules.Options(0.1, 0.5, 1, 3));
    assertEquals(60 + 1770 + 34220, mined.itemsets());
    // each pair gives 2 rules and each triple 3, all with confidence and lift 1
    assertEquals(1770 * 2 + 34220 * 3, mined.rules().size());
    assertEquals(1.0, mined.rules().get(0).lift(), 1e-12);
  }

  @Test
  void givenTooManyItemsetsAtTheCount_thenTheCountIsDoubledUntilTheyAreNot() {
    // 20 baskets of the same 60 items (C(60, 1..4) = 523,685 itemsets at any count up to 20) and
    // 100 baskets of 10 other items (C(10, 1..4) = 385): at 16 there are too many, at 32 only
    // the ten items' are frequent.
    List<String> wide = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      wide.add("w" + i);
    }
    List<String> narrow = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      narrow.add("n" + i);
    }
    List<List<String>> baskets = new java.util.ArrayList<>();
    baskets.addAll(java.util.Collections.nCopies(20, wide));
    baskets.addAll(java.util.Collections.nCopies(100, narrow));
    AssociationRules.Mined mined =
        AssociationRules.mineCounted(baskets, new AssociationRules.Options(0.01, 0.5, 16, 4));
    assertEquals(32, mined.minCount());
    assertEquals(10 + 45 + 120 + 210, mined.itemsets());
    // pairs 2 rules each, triples 3, quadruples 4; all of confidence 1 and lift 120 / 100
    assertEquals(45 * 2 + 120 * 3 + 210 * 4, mined.rules().size());
    assertEquals(1.2, mined.rules().get(0).lift(), 1e-12);
    assertThat(mined.rules()).allMatch(r -> r.consequent().startsWith("n"));
  }

  @Test
  void givenFourBaskets_thenSupportConfidenceAndLiftAsComputedByHand() {
    // a b / a b / a c / b: supp(a,b) = 2/4, conf(a => b) = 2/3, supp(b) = 3/4, lift = 8/9.
    List<List<String>> baskets =
        List.of(List.of("a", "b"), List.of("a", "b"), List.of("a", "c"), List.of("b"));
    List<AssociationRules.Rule> rules =
        AssociationRules.mine(baskets, new AssociationRules.Options(0.5, 0.6));
    AssociationRules.Rule ab =
        rules.stream()
            .filter(r -> r.antecedent().equals(List.of("a")) && r.consequent().equals("b"))
            .findFirst()
            .orElseThrow();
    assertEquals(2, ab.count());
    assertEquals(0.5, ab.support(), 1e-12);
    assertEquals(2 / 3.0, ab.confidence(), 1e-12);
    assertEquals(8 / 9.0, ab.lift(), 1e-12);
    // b => a: 2/3 as well; nothing with c (support 1/4 < 0.5).
    assertEquals(2, rules.size());
  }
}
