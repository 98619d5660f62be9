package io.tessera.recommend;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The customers x items matrix of purchase counts, sparse by row (compressed sparse rows).
 *
 * <p>{@code r[u][i]} is how many lines of customer {@code u}'s orders hold item {@code i}.
 * Customers and items are indexed in their sorted order, so the same purchases always give the same
 * indices. Rows and columns are exposed as primitive arrays for the hot loops of the recommenders;
 * callers must not modify them.
 */
public final class Purchases {
  private final String[] customers;
  private final String[] items;
  private final Map<String, Integer> customerIndex;
  private final Map<String, Integer> itemIndex;
  private final int[] rowStart;
  private final int[] cols;
  private final double[] counts;
  private final int[] colStart;
  private final int[] rows;
  private final double[] colCounts;
  private final int[] itemCustomers;

  private Purchases(
      String[] customers, String[] items, int[] rowStart, int[] cols, double[] counts) {
    this.customers = customers;
    this.items = items;
    this.rowStart = rowStart;
    this.cols = cols;
    this.counts = counts;
    this.customerIndex = index(customers);
    this.itemIndex = index(items);
    colStart = new int[items.length + 1];
    for (int c : cols) {
      colStart[c + 1]++;
    }
    for (int i = 0; i < items.length; i++) {
      colStart[i + 1] += colStart[i];
    }
    rows = new int[cols.length];
    colCounts = new double[cols.length];
    int[] next = Arrays.copyOf(colStart, items.length);
    for (int u = 0; u < customers.length; u++) {
      for (int p = rowStart[u]; p < rowStart[u + 1]; p++) {
        int at = next[cols[p]]++;
        rows[at] = u;
        colCounts[at] = counts[p];
      }
    }
    itemCustomers = new int[items.length];
    for (int i = 0; i < items.length; i++) {
      itemCustomers[i] = colStart[i + 1] - colStart[i];
    }
  }

  private static Map<String, Integer> index(String[] names) {
    Map<String, Integer> m = new HashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      m.put(names[i], i);
    }
    return m;
  }

  /**
   * The matrix of these purchases (every customer and item that appears in them). Each line is
   * coded as (customer rank, item rank) in one long, and the sorted codes are counted in runs: no
   * map per customer.
   */
  public static Purchases of(Collection<Purchase> purchases) {
    Map<String, Integer> customerCode = new HashMap<>();
    Map<String, Integer> itemCode = new HashMap<>();
    int[] lineCustomer = new int[purchases.size()];
    int[] lineItem = new int[purchases.size()];
    int n = 0;
    for (Purchase p : purchases) {
      Integer c = customerCode.putIfAbsent(p.customer(), customerCode.size());
      Integer i = itemCode.putIfAbsent(p.item(), itemCode.size());
      lineCustomer[n] = c == null ? customerCode.size() - 1 : c;
      lineItem[n] = i == null ? itemCode.size() - 1 : i;
      n++;
    }
    String[] customers = sortedNames(customerCode);
    String[] items = sortedNames(itemCode);
    int[] customerRank = ranks(customers, customerCode);
    int[] itemRank = ranks(items, itemCode);
    long[] codes = new long[n];
    for (int k = 0; k < n; k++) {
      codes[k] = ((long) customerRank[lineCustomer[k]] << 32) | itemRank[lineItem[k]];
    }
    Arrays.sort(codes);
    int distinct = 0;
    for (int k = 0; k < n; k++) {
      if (k == 0 || codes[k] != codes[k - 1]) {
        distinct++;
      }
    }
    int[] rowStart = new int[customers.length + 1];
    int[] cols = new int[distinct];
    double[] counts = new double[distinct];
    int q = -1;
    for (int k = 0; k < n; k++) {
      if (k == 0 || codes[k] != codes[k - 1]) {
        q++;
        cols[q] = (int) codes[k];
        rowStart[(int) (codes[k] >>> 32) + 1]++;
      }
      counts[q]++;
    }
    for (int u = 0; u < customers.length; u++) {
      rowStart[u + 1] += rowStart[u];
    }
    return new Purchases(customers, items, rowStart, cols, counts);
  }

  private static String[] sortedNames(Map<String, Integer> code) {
    String[] names = code.keySet().toArray(String[]::new);
    Arrays.sort(names);
    return names;
  }

  /** For each code, the position of its name in {@code sorted}. */
  private static int[] ranks(String[] sorted, Map<String, Integer> code) {
    int[] rank = new int[sorted.length];
    for (int r = 0; r < sorted.length; r++) {
      rank[code.get(sorted[r])] = r;
    }
    return rank;
  }

  public int customerCount() {
    return customers.length;
  }

  public int itemCount() {
    return items.length;
  }

  /** The number of non-zero cells. */
  public int entries() {
    return cols.length;
  }

  public String customer(int u) {
    return customers[u];
  }

  public String item(int i) {
    return items[i];
  }

  /** The index of a customer, or -1 when they bought nothing here. */
  public int customerIndex(String customer) {
    Integer u = customerIndex.get(customer);
    return u == null ? -1 : u;
  }

  /** The index of an item, or -1 when nobody bought it here. */
  public int itemIndex(String item) {
    Integer i = itemIndex.get(item);
    return i == null ? -1 : i;
  }

  /** The item indices customer {@code u} bought, ascending (a shared array: see the range). */
  int[] cols() {
    return cols;
  }

  double[] counts() {
    return counts;
  }

  int rowStart(int u) {
    return rowStart[u];
  }

  int rowEnd(int u) {
    return rowStart[u + 1];
  }

  int[] rows() {
    return rows;
  }

  /** The counts in column order: {@code colCounts()[p]} is the count of {@code rows()[p]}. */
  double[] colCounts() {
    return colCounts;
  }

  int colStart(int i) {
    return colStart[i];
  }

  int colEnd(int i) {
    return colStart[i + 1];
  }

  /** How many customers bought item {@code i}. */
  public int itemCustomers(int i) {
    return itemCustomers[i];
  }

  /** The items customer {@code u} bought, as item indices, ascending. */
  public int[] itemsOf(int u) {
    return Arrays.copyOfRange(cols, rowStart[u], rowStart[u + 1]);
  }

  /** Whether customer {@code u} bought item {@code i}. */
  public boolean bought(int u, int i) {
    return Arrays.binarySearch(cols, rowStart[u], rowStart[u + 1], i) >= 0;
  }
}
