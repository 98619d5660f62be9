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
