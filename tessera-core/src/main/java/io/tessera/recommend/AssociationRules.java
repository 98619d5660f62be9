package io.tessera.recommend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import smile.association.ARM;
import smile.association.AssociationRule;
import smile.association.FPTree;

/**
 * Association rules between items of one basket (an order), mined by FP-growth (Smile's {@code
 * smile.association}).
 *
 * <p>A rule {@code A => b} has one item on the right, as R's {@code arules} {@code apriori} gives
 * by default: support is the share of baskets holding {@code A ∪ {b}}, confidence {@code supp(A ∪
 * b) / supp(A)} and lift {@code confidence / supp(b)}. A minimum support of s keeps itemsets in at
 * least {@code ceil(s n)} of the n baskets, as arules does (0.006 of 9,835 baskets is 59.01, so
 * 60).
 *
 * <p>References: J. Han, J. Pei, Y. Yin. Mining frequent patterns without candidate generation.
 * SIGMOD 2000. R. Agrawal, R. Srikant. Fast algorithms for mining association rules. VLDB 1994.
 */
public final class AssociationRules {
  private AssociationRules() {}

  /**
   * @param minSupport the smallest share of baskets a rule's items appear in together, in (0, 1]
   * @param minConfidence the smallest confidence, in [0, 1]
   */
  public record Options(double minSupport, double minConfidence) {
    public Options {
      if (!(minSupport > 0 && minSupport <= 1)) {
        throw new IllegalArgumentException(
            "recommend.rules.min_support must be in (0, 1], got: " + minSupport);
      }
      if (!(minConfidence >= 0 && minConfidence <= 1)) {
        throw new IllegalArgumentException(
            "recommend.rules.min_confidence must be in [0, 1], got: " + minConfidence);
      }
    }
  }

  /**
   * One rule.
   *
   * @param antecedent the items on the left, sorted
   * @param consequent the item on the right
   * @param count baskets holding all of them
   * @param support count / baskets
   * @param confidence support / support of the antecedent
   * @param lift confidence / support of the consequent
   */
  public record Rule(
      List<String> antecedent,
      String consequent,
      int count,
      double support,
      double confidence,
      double lift) {
    public Rule {
      antecedent = List.copyOf(antecedent);
      Objects.requireNonNull(consequent, "consequent");
    }
  }

  /** The rules of these baskets (each a list of item ids; repeats in a basket count once). */
  public static List<Rule> mine(List<? extends Iterable<String>> baskets, Options options) {
    TreeMap<String, Integer> index = new TreeMap<>();
    for (Iterable<String> basket : baskets) {
      for (String item : basket) {
        index.putIfAbsent(item, 0);
      }
    }
    String[] names = index.keySet().toArray(String[]::new);
    int k = 0;
    for (Map.Entry<String, Integer> e : index.entrySet()) {
      e.setValue(k++);
    }
    int[][] itemsets = new int[baskets.size()][];
    for (int b = 0; b < itemsets.length; b++) {
      java.util.TreeSet<Integer> ids = new java.util.TreeSet<>();
      for (String item : baskets.get(b)) {
        ids.add(index.get(item));
      }
      itemsets[b] = ids.stream().mapToInt(Integer::intValue).toArray();
    }
    int n = itemsets.length;
    if (n == 0) {
      return List.of();
    }
    // arules keeps an itemset when count / n >= s; the epsilon absorbs s * n being an integer
    // computed in floating point (0.5 * 10 = 5.000000000000001 must stay 5).
    int minCount = Math.max(1, (int) Math.ceil(options.minSupport() * n - 1e-9));
    FPTree tree = FPTree.of(minCount, itemsets);
    List<Rule> rules = new ArrayList<>();
    for (AssociationRule r : ARM.apply(options.minConfidence(), tree).toList()) {
      if (r.consequent().length != 1) {
        continue;
      }
      List<String> left = new ArrayList<>();
      for (int i : r.antecedent()) {
        left.add(names[i]);
      }
      left.sort(Comparator.naturalOrder());
      rules.add(
          new Rule(
              left,
              names[r.consequent()[0]],
              (int) Math.round(r.support() * n),
              r.support(),
              r.confidence(),
              r.lift()));
    }
    rules.sort(
        Comparator.comparingDouble(Rule::lift)
            .reversed()
            .thenComparing(Comparator.comparingDouble(Rule::support).reversed())
            .thenComparing(r -> String.join("\u0000", r.antecedent()))
            .thenComparing(Rule::consequent));
    return List.copyOf(rules);
  }
}
