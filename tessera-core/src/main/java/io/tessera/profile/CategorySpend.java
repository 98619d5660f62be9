package io.tessera.profile;

import io.tessera.contract.OrderItem;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spend per product category from order lines (quantity x unit price, fixed point), for category
 * shares: a category's spend over the spend of all categorised lines. Lines of every order status
 * count (a line does not carry its order's status, and the live engine sees lines as they come);
 * lines without a category are left out. Category names are interned, so a million customers share
 * one copy of each name.
 */
public final class CategorySpend implements Aggregator<OrderItem, CategorySpend> {
  private static final String[] NO_NAMES = {};
  private static final long[] NO_UNITS = {};

  private String[] categories = NO_NAMES;
  private long[] units = NO_UNITS;
  private int size;

  @Override
  public void add(OrderItem item) {
    String category = item.category();
    if (category == null || category.isBlank()) {
      return;
    }
    add(category.strip().intern(), FixedPoint.toUnits(item.lineTotal(), "order line total"));
  }

  private void add(String category, long amount) {
    int pos = Arrays.binarySearch(categories, 0, size, category);
    if (pos >= 0) {
      units[pos] = Math.addExact(units[pos], amount);
      return;
    }
    pos = -pos - 1;
    if (size == categories.length) {
      int capacity = Math.max(2, size * 2);
      categories = Arrays.copyOf(categories, capacity);
      units = Arrays.copyOf(units, capacity);
    }
    System.arraycopy(categories, pos, categories, pos + 1, size - pos);
    System.arraycopy(units, pos, units, pos + 1, size - pos);
    categories[pos] = category;
    units[pos] = amount;
    size++;
  }

  @Override
  public void merge(CategorySpend other) {
    for (int k = 0; k < other.size; k++) {
      add(other.categories[k], other.units[k]);
    }
  }

  /** Drops the spare room the arrays keep for more categories (once a fold is done). */
  void trim() {
    if (categories.length > size) {
      categories = size == 0 ? NO_NAMES : Arrays.copyOf(categories, size);
      units = size == 0 ? NO_UNITS : Arrays.copyOf(units, size);
    }
  }

  @Override
  public CategorySpend copy() {
    CategorySpend c = new CategorySpend();
    c.categories = Arrays.copyOf(categories, size);
    c.units = Arrays.copyOf(units, size);
    c.size = size;
    return c;
  }

  public int distinctCategories() {
    return size;
  }

  private long totalUnits() {
    long t = 0;
    for (int k = 0; k < size; k++) {
      t = Math.addExact(t, units[k]);
    }
    return t;
  }

  /** The category's share of categorised spend; 0 for an unseen category, NaN with no spend. */
  public double share(String category) {
    long total = totalUnits();
    if (total <= 0) {
      return Double.NaN;
    }
    int pos = Arrays.binarySearch(categories, 0, size, category);
    return pos < 0 ? 0.0 : (double) units[pos] / total;
  }

  /** Shares by category name in name order; empty with no positive spend. */
  public Map<String, Double> shares() {
    Map<String, Double> out = new LinkedHashMap<>();
    long total = totalUnits();
    if (total > 0) {
      for (int k = 0; k < size; k++) {
        out.put(categories[k], (double) units[k] / total);
      }
    }
    return out;
  }

  /** The largest category share; NaN with no spend. */
  public double topShare() {
    long total = totalUnits();
    if (total <= 0) {
      return Double.NaN;
    }
    long top = Long.MIN_VALUE;
    for (int k = 0; k < size; k++) {
      top = Math.max(top, units[k]);
    }
    return (double) top / total;
  }

  /**
   * Shannon entropy (natural log) of the category shares: 0 for a one-category buyer, ln(k) for
   * even spend over k categories. NaN with no spend. Categories with zero or negative spend are
   * skipped.
   */
  public double entropy() {
    long total = totalUnits();
    if (total <= 0) {
      return Double.NaN;
    }
    double h = 0;
    for (int k = 0; k < size; k++) {
      if (units[k] > 0) {
        double p = (double) units[k] / total;
        h -= p * Math.log(p);
      }
    }
    return h;
  }

  /** The categories seen, in name order. */
  public List<String> categories() {
    return List.of(Arrays.copyOf(categories, size));
  }
}
