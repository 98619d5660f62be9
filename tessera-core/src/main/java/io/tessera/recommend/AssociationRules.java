package io.tessera.recommend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Association rules between items of one basket (an order).
 *
 * <p>A rule {@code A => b} has one item on the right, as R's {@code arules} {@code apriori} gives
 * by default: support is the share of baskets holding {@code A ∪ {b}}, confidence {@code supp(A ∪
 * b) / supp(A)} and lift {@code confidence / supp(b)}. A minimum support of s keeps itemsets in at
 * least {@code ceil(s n)} of the n baskets, as arules does (0.006 of 9,835 baskets is 59.01, so
 * 60), and never fewer than {@code minCount} baskets.
 *
 * <p>Frequent itemsets are found depth first on bitsets of baskets (Eclat), up to {@code maxLength}
 * items. Smile's FP-growth ({@code smile.association}) finds the same itemsets on the groceries
 * data (a test compares them) but cannot stop at a length: on Online Retail, where a wholesale
 * customer's orders repeat the same hundred items, it ran out of memory (2^k subsets of a k-item
 * basket, and its rule generator enumerates every split of each). If more than {@link
 * #MAX_ITEMSETS} itemsets are frequent, the minimum count is doubled until they are not (the count
 * used is reported with the rules).
 *
 * <p>References: M. J. Zaki. Scalable algorithms for association mining. IEEE TKDE 12(3), 2000. R.
 * Agrawal, R. Srikant. Fast algorithms for mining association rules. VLDB 1994. M. Hahsler, K.
 * Hornik, T. Reutterer. Implications of probabilistic data modeling for mining association rules.
 * 2006 (the arules definitions).
 */
public final class AssociationRules {
  /** The most frequent itemsets enumerated before the minimum count is raised. */
  public static final int MAX_ITEMSETS = 200_000;

  private AssociationRules() {}

  /**
   * @param minSupport the smallest share of baskets a rule's items appear in together, in (0, 1]
   * @param minConfidence the smallest confidence, in [0, 1]
   * @param minCount the fewest baskets a rule's items appear in together (at least 1)
   * @param maxLength the most items in a rule, both sides (2..10)
   */
  public record Options(double minSupport, double minConfidence, int minCount, int maxLength) {
    public Options {
      if (!(minSupport > 0 && minSupport <= 1)) {
        throw new IllegalArgumentException(
            "recommend.rules.min_support must be in (0, 1], got: " + minSupport);
      }
      if (!(minConfidence >= 0 && minConfidence <= 1)) {
        throw new IllegalArgumentException(
            "recommend.rules.min_confidence must be in [0, 1], got: " + minConfidence);
      }
      if (minCount < 1) {
        throw new IllegalArgumentException(
            "recommend.rules.min_count must be at least 1, got: " + minCount);
      }
      if (maxLength < 2 || maxLength > 10) {
        throw new IllegalArgumentException(
            "recommend.rules.max_length must be in 2..10, got: " + maxLength);
      }
    }

    /** arules' support and confidence, no count floor, rules up to 4 items. */
    public Options(double minSupport, double minConfidence) {
      this(minSupport, minConfidence, 1, 4);
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

  /**
   * The mined rules, highest lift first, and the minimum count of baskets that was applied.
   *
   * @param rules the rules
   * @param baskets how many baskets
   * @param minCount the count applied (raised above the options' when too many were frequent)
   * @param itemsets frequent itemsets found at that count
   */
  public record Mined(List<Rule> rules, int baskets, int minCount, int itemsets) {
    public Mined {
      rules = List.copyOf(rules);
    }
  }

  /** The rules of these baskets (each a list of item ids; repeats in a basket count once). */
  public static List<Rule> mine(List<? extends Iterable<String>> baskets, Options options) {
    return mineCounted(baskets, options).rules();
  }

  /** As {@link #mine}, with the count applied. */
  public static Mined mineCounted(List<? extends Iterable<String>> baskets, Options options) {
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
    int n = baskets.size();
    if (n == 0) {
      return new Mined(List.of(), 0, options.minCount(), 0);
    }
    int words = (n + 63) / 64;
    long[][] tids = new long[names.length][words];
    for (int b = 0; b < n; b++) {
      for (String item : baskets.get(b)) {
        int i = index.get(item);
        tids[i][b >>> 6] |= 1L << (b & 63);
      }
    }
    // arules keeps an itemset when count / n >= s; the epsilon absorbs s * n being an integer
    // computed in floating point (0.5 * 10 = 5.000000000000001 must stay 5).
    int minCount = Math.max(options.minCount(), (int) Math.ceil(options.minSupport() * n - 1e-9));
    Map<Key, Integer> frequent;
    while (true) {
      frequent = frequentItemsets(tids, minCount, options.maxLength());
      if (frequent != null) {
        break;
      }
      minCount *= 2;
    }
    List<Rule> rules = new ArrayList<>();
    for (Map.Entry<Key, Integer> e : frequent.entrySet()) {
      int[] set = e.getKey().items;
      if (set.length < 2) {
        continue;
      }
      int count = e.getValue();
      for (int drop = 0; drop < set.length; drop++) {
        int[] left = new int[set.length - 1];
        for (int j = 0, o = 0; j < set.length; j++) {
          if (j != drop) {
            left[o++] = set[j];
          }
        }
        double confidence = (double) count / frequent.get(new Key(left));
        if (confidence < options.minConfidence()) {
          continue;
        }
        double consequentSupport = (double) frequent.get(new Key(new int[] {set[drop]})) / n;
        List<String> leftNames = new ArrayList<>(left.length);
        for (int i : left) {
          leftNames.add(names[i]);
        }
        rules.add(
            new Rule(
                leftNames,
                names[set[drop]],
                count,
                (double) count / n,
                confidence,
                confidence / consequentSupport));
      }
    }
    rules.sort(
        Comparator.comparingDouble(Rule::lift)
            .reversed()
            .thenComparing(Comparator.comparingDouble(Rule::support).reversed())
            .thenComparing(r -> String.join("\u0000", r.antecedent()))
            .thenComparing(Rule::consequent));
    return new Mined(rules, n, minCount, frequent.size());
  }

  /** Itemsets of at most maxLength items in at least minCount baskets; null if too many. */
  private static Map<Key, Integer> frequentItemsets(long[][] tids, int minCount, int maxLength) {
    Map<Key, Integer> out = new HashMap<>();
    List<Integer> items = new ArrayList<>();
    for (int i = 0; i < tids.length; i++) {
      int c = cardinality(tids[i]);
      if (c >= minCount) {
        items.add(i);
        out.put(new Key(new int[] {i}), c);
      }
    }
    int[] frequentItems = items.stream().mapToInt(Integer::intValue).toArray();
    return extend(new int[0], null, frequentItems, 0, tids, minCount, maxLength, out) ? out : null;
  }

  private static boolean extend(
      int[] prefix,
      long[] prefixTids,
      int[] items,
      int from,
      long[][] tids,
      int minCount,
      int maxLength,
      Map<Key, Integer> out) {
    for (int k = from; k < items.length; k++) {
      long[] t = prefixTids == null ? tids[items[k]] : and(prefixTids, tids[items[k]]);
      int c = prefixTids == null ? minCount : cardinality(t);
      if (c < minCount) {
        continue;
      }
      int[] set = Arrays.copyOf(prefix, prefix.length + 1);
      set[prefix.length] = items[k];
      if (set.length > 1) {
        out.put(new Key(set), c);
        if (out.size() > MAX_ITEMSETS) {
          return false;
        }
      }
      if (set.length < maxLength && !extend(set, t, items, k + 1, tids, minCount, maxLength, out)) {
        return false;
      }
    }
    return true;
  }

  private static long[] and(long[] a, long[] b) {
    long[] c = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i] & b[i];
    }
    return c;
  }

  private static int cardinality(long[] a) {
    int c = 0;
    for (long w : a) {
      c += Long.bitCount(w);
    }
    return c;
  }

  /** An itemset (sorted item indices) as a map key. */
  private static final class Key {
    final int[] items;
    private final int hash;

    Key(int[] items) {
      this.items = items;
      this.hash = Arrays.hashCode(items);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key other && Arrays.equals(items, other.items);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
