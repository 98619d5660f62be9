package io.tessera.recommend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.IntConsumer;

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
    return mineCounted(
        new Baskets() {
          @Override
          public int size() {
            return baskets.size();
          }

          @Override
          public void items(int b, IntConsumer each) {
            for (String item : baskets.get(b)) {
              each.accept(index.get(item));
            }
          }
        },
        names,
        options);
  }

  /**
   * Baskets of item codes: {@code items(b, each)} hands basket b's items (repeats allowed) to
   * {@code each}, as indices into the item names.
   */
  interface Baskets {
    int size();

    void items(int b, IntConsumer each);
  }

  /**
   * As {@link #mine}, on baskets of item codes. {@code names} must be sorted, so that an itemset's
   * codes and its names are in the same order; items of {@code names} that no basket holds cost
   * nothing. Only the items in at least the minimum count of baskets get a bitset (the others can
   * be in no frequent itemset): bitsets for every item were items x baskets bits, 30 GB for a few
   * thousand items and the 100 M orders of 10,000,000 customers (issue 14).
   */
  static Mined mineCounted(Baskets baskets, String[] names, Options options) {
    int n = baskets.size();
    if (n == 0) {
      return new Mined(List.of(), 0, options.minCount(), 0);
    }
    // arules keeps an itemset when count / n >= s; the epsilon absorbs s * n being an integer
    // computed in floating point (0.5 * 10 = 5.000000000000001 must stay 5).
    int minCount = Math.max(options.minCount(), (int) Math.ceil(options.minSupport() * n - 1e-9));
    int[] basketCount = new int[names.length];
    int[] lastBasket = new int[names.length];
    Arrays.fill(lastBasket, -1);
    for (int b = 0; b < n; b++) {
      int basket = b;
      baskets.items(
          b,
          i -> {
            if (lastBasket[i] != basket) {
              lastBasket[i] = basket;
              basketCount[i]++;
            }
          });
    }
    // the items that can be frequent, in code order; row[i] is item i's bitset, or -1
    int[] row = new int[names.length];
    int rows = 0;
    for (int i = 0; i < names.length; i++) {
      row[i] = basketCount[i] >= minCount ? rows++ : -1;
    }
    int[] itemOfRow = new int[rows];
    for (int i = 0; i < names.length; i++) {
      if (row[i] >= 0) {
        itemOfRow[row[i]] = i;
      }
    }
    int words = (n + 63) / 64;
    long[][] tids = new long[rows][words];
    for (int b = 0; b < n; b++) {
      long bit = 1L << (b & 63);
      int word = b >>> 6;
      baskets.items(
          b,
          i -> {
            if (row[i] >= 0) {
              tids[row[i]][word] |= bit;
            }
          });
    }
    String[] rowNames = new String[rows];
    for (int r = 0; r < rows; r++) {
      rowNames[r] = names[itemOfRow[r]];
    }
    return mineFrequent(tids, rowNames, n, minCount, options);
  }

  /** The rules of the baskets whose frequent-candidate items' bitsets are {@code tids}. */
  private static Mined mineFrequent(
      long[][] tids, String[] names, int n, int minCount, Options options) {
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

  /**
   * Itemsets of at most maxLength items in at least minCount baskets; null if too many. The search
   * appends each itemset to flat arrays and gives up as soon as there are too many, so a count that
   * has to be raised costs no map; the map is built once, at the count that is kept.
   */
  private static Map<Key, Integer> frequentItemsets(long[][] tids, int minCount, int maxLength) {
    Found found = new Found(maxLength);
    List<Integer> items = new ArrayList<>();
    for (int i = 0; i < tids.length; i++) {
      int c = cardinality(tids[i]);
      if (c >= minCount) {
        items.add(i);
        found.add(new int[] {i}, 1, c);
      }
    }
    int[] frequentItems = items.stream().mapToInt(Integer::intValue).toArray();
    int words = tids.length == 0 ? 0 : tids[0].length;
    long[][] buffers = new long[maxLength + 1][words];
    int[] prefix = new int[maxLength];
    if (!extend(prefix, 0, null, frequentItems, 0, tids, minCount, maxLength, found, buffers)) {
      return null;
    }
    Map<Key, Integer> out = new HashMap<>(Math.max(16, (int) (found.size / 0.75f) + 1));
    for (int k = 0; k < found.size; k++) {
      out.put(new Key(found.itemset(k)), found.counts[k]);
    }
    return out;
  }

  /** Itemsets as found, flat: itemset k is {@code items[k * width ..]} of length lengths[k]. */
  private static final class Found {
    final int width;
    int size;
    int[] items = new int[1024];
    byte[] lengths = new byte[256];
    int[] counts = new int[256];

    Found(int width) {
      this.width = width;
    }

    void add(int[] set, int length, int count) {
      if (size == counts.length) {
        counts = Arrays.copyOf(counts, size * 2);
        lengths = Arrays.copyOf(lengths, size * 2);
      }
      if ((size + 1) * width > items.length) {
        items = Arrays.copyOf(items, Math.max(items.length * 2, (size + 1) * width));
      }
      System.arraycopy(set, 0, items, size * width, length);
      lengths[size] = (byte) length;
      counts[size] = count;
      size++;
    }

    int[] itemset(int k) {
      return Arrays.copyOfRange(items, k * width, k * width + lengths[k]);
    }
  }

  /**
   * Eclat's depth-first extension of {@code prefix[0..length-1]} (baskets {@code prefixTids}) by
   * the items after {@code from}; the baskets of a set of depth d are computed into {@code
   * buffers[d]}, which its extensions only read. False when more than {@link #MAX_ITEMSETS}
   * itemsets (the single items included) are frequent.
   */
  private static boolean extend(
      int[] prefix,
      int length,
      long[] prefixTids,
      int[] items,
      int from,
      long[][] tids,
      int minCount,
      int maxLength,
      Found out,
      long[][] buffers) {
    for (int k = from; k < items.length; k++) {
      long[] t;
      int c;
      if (prefixTids == null) {
        t = tids[items[k]];
        c = minCount;
      } else {
        t = buffers[length + 1];
        c = and(prefixTids, tids[items[k]], t);
      }
      if (c < minCount) {
        continue;
      }
      prefix[length] = items[k];
      int size = length + 1;
      if (size > 1) {
        out.add(prefix, size, c);
        if (out.size > MAX_ITEMSETS) {
          return false;
        }
      }
      if (size < maxLength
          && !extend(prefix, size, t, items, k + 1, tids, minCount, maxLength, out, buffers)) {
        return false;
      }
    }
    return true;
  }

  /** {@code c = a & b}; returns its number of set bits. */
  private static int and(long[] a, long[] b, long[] c) {
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      long w = a[i] & b[i];
      c[i] = w;
      n += Long.bitCount(w);
    }
    return n;
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
