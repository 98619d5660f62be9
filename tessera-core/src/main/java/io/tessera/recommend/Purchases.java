package io.tessera.recommend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

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
    int[] next = Arrays.copyOf(colStart, items.length);
    for (int u = 0; u < customers.length; u++) {
      for (int p = rowStart[u]; p < rowStart[u + 1]; p++) {
        rows[next[cols[p]]++] = u;
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

  /** The matrix of these purchases (every customer and item that appears in them). */
  public static Purchases of(Collection<Purchase> purchases) {
    TreeMap<String, Map<String, Integer>> byCustomer = new TreeMap<>();
    TreeSet<String> allItems = new TreeSet<>();
    for (Purchase p : purchases) {
      byCustomer
          .computeIfAbsent(p.customer(), k -> new HashMap<>())
          .merge(p.item(), 1, Integer::sum);
      allItems.add(p.item());
    }
    String[] items = allItems.toArray(String[]::new);
    Map<String, Integer> itemIndex = index(items);
    String[] customers = byCustomer.keySet().toArray(String[]::new);
    int[] rowStart = new int[customers.length + 1];
    List<int[]> rowsCols = new ArrayList<>(customers.length);
    List<double[]> rowsCounts = new ArrayList<>(customers.length);
    int u = 0;
    for (Map<String, Integer> row : byCustomer.values()) {
      int[] c = new int[row.size()];
      int k = 0;
      for (String item : row.keySet()) {
        c[k++] = itemIndex.get(item);
      }
      Arrays.sort(c);
      double[] v = new double[c.length];
      for (int j = 0; j < c.length; j++) {
        v[j] = row.get(items[c[j]]);
      }
      rowsCols.add(c);
      rowsCounts.add(v);
      rowStart[u + 1] = rowStart[u] + c.length;
      u++;
    }
    int[] cols = new int[rowStart[customers.length]];
    double[] counts = new double[cols.length];
    for (int r = 0; r < customers.length; r++) {
      System.arraycopy(rowsCols.get(r), 0, cols, rowStart[r], rowsCols.get(r).length);
      System.arraycopy(rowsCounts.get(r), 0, counts, rowStart[r], rowsCounts.get(r).length);
    }
    return new Purchases(customers, items, rowStart, cols, counts);
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
