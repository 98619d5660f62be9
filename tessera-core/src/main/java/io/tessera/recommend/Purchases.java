package io.tessera.recommend;

import java.util.Arrays;
import java.util.Collection;

/**
 * The customers x items matrix of purchase counts, sparse by row (compressed sparse rows).
 *
 * <p>{@code r[u][i]} is how many lines of customer {@code u}'s orders hold item {@code i}.
 * Customers and items are indexed in their sorted order, so the same purchases always give the same
 * indices (and an id's index is found by binary search: no map of ids, which at 1,000,000 customers
 * held some 60 MB). Rows and columns are exposed as primitive arrays for the hot loops of the
 * recommenders; callers must not modify them.
 */
public final class Purchases {
  private final String[] customers;
  private final String[] items;
  private final int[] rowStart;
  private final int[] cols;
  private final int[] counts;
  private final int[] colStart;
  private final int[] rows;
  private final int[] colCounts;

  private Purchases(String[] customers, String[] items, int[] rowStart, int[] cols, int[] counts) {
    this.customers = customers;
    this.items = items;
    this.rowStart = rowStart;
    this.cols = cols;
    this.counts = counts;
    colStart = new int[items.length + 1];
    for (int c : cols) {
      colStart[c + 1]++;
    }
    for (int i = 0; i < items.length; i++) {
      colStart[i + 1] += colStart[i];
    }
    rows = new int[cols.length];
    colCounts = new int[cols.length];
    int[] next = Arrays.copyOf(colStart, items.length);
    for (int u = 0; u < customers.length; u++) {
      for (int p = rowStart[u]; p < rowStart[u + 1]; p++) {
        int at = next[cols[p]]++;
        rows[at] = u;
        colCounts[at] = counts[p];
      }
    }
  }

  /** The matrix of these purchases (every customer and item that appears in them). */
  public static Purchases of(Collection<Purchase> purchases) {
    return of(PurchaseLines.of(purchases), Integer.MAX_VALUE);
  }

  /**
   * The matrix of the lines up to epoch day {@code lastDay} (every customer and item that appears
   * in them). Each line is coded as (customer rank, item rank) in one long, and the sorted codes
   * are counted in runs: no map per customer. The lines' codes are already ranks of the sorted ids,
   * so the matrix's indices are those of the customers and items present, in the same order.
   */
  public static Purchases of(PurchaseLines lines, int lastDay) {
    int n = 0;
    for (int k = 0; k < lines.size(); k++) {
      if (lines.day(k) <= lastDay) {
        n++;
      }
    }
    boolean[] customerSeen = new boolean[lines.customers()];
    boolean[] itemSeen = new boolean[lines.items()];
    long[] codes = new long[n];
    int q = 0;
    for (int k = 0; k < lines.size(); k++) {
      if (lines.day(k) <= lastDay) {
        int c = lines.customer(k);
        int i = lines.item(k);
        customerSeen[c] = true;
        itemSeen[i] = true;
        codes[q++] = ((long) c << 32) | i;
      }
    }
    int[] customerIndex = new int[customerSeen.length];
    String[] customers = present(customerSeen, lines.customerIds(), customerIndex);
    int[] itemIndex = new int[itemSeen.length];
    String[] items = present(itemSeen, lines.itemIds(), itemIndex);
    for (int k = 0; k < n; k++) {
      codes[k] = ((long) customerIndex[(int) (codes[k] >>> 32)] << 32) | itemIndex[(int) codes[k]];
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
    int[] counts = new int[distinct];
    int p = -1;
    for (int k = 0; k < n; k++) {
      if (k == 0 || codes[k] != codes[k - 1]) {
        p++;
        cols[p] = (int) codes[k];
        rowStart[(int) (codes[k] >>> 32) + 1]++;
      }
      counts[p]++;
    }
    for (int u = 0; u < customers.length; u++) {
      rowStart[u + 1] += rowStart[u];
    }
    return new Purchases(customers, items, rowStart, cols, counts);
  }

  /** The ids whose code is seen, in code order; {@code index[code]} becomes the id's position. */
  private static String[] present(boolean[] seen, String[] ids, int[] index) {
    int m = 0;
    for (int c = 0; c < seen.length; c++) {
      index[c] = seen[c] ? m++ : -1;
    }
    if (m == ids.length) {
      return ids;
    }
    String[] out = new String[m];
    for (int c = 0; c < seen.length; c++) {
      if (seen[c]) {
        out[index[c]] = ids[c];
      }
    }
    return out;
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
    int u = Arrays.binarySearch(customers, customer);
    return u < 0 ? -1 : u;
  }

  /** The index of an item, or -1 when nobody bought it here. */
  public int itemIndex(String item) {
    int i = Arrays.binarySearch(items, item);
    return i < 0 ? -1 : i;
  }

  /** The item indices customer {@code u} bought, ascending (a shared array: see the range). */
  int[] cols() {
    return cols;
  }

  int[] counts() {
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
  int[] colCounts() {
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
    return colStart[i + 1] - colStart[i];
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
