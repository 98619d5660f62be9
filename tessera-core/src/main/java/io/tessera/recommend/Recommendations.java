package io.tessera.recommend;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Every customer's recommendations, best first, customer after customer, kept in columns: each
 * {@link Recommendation} is made when it is read. A customer's ranks run 1, 2, 3... in order, so
 * the rank is the position in the customer's run and is not stored.
 *
 * <p>At 1,000,000 customers a run made 9.7 M recommendation records (with a reason object each) and
 * held them until the report, some 70 bytes each, while the churn stage needed the heap (issue 14).
 * Here one takes 16 bytes: the item (one string per item, shared), the score and the reason (one
 * per distinct reason, shared).
 */
public final class Recommendations extends AbstractList<Recommendation> implements RandomAccess {
  private static final Recommendations EMPTY = new Builder(0).build();

  private final String[] customers;
  private final int[] start;
  private final String[] items;
  private final double[] scores;
  private final Reason[] reasons;
  private final int size;

  private Recommendations(Builder b) {
    this.customers = Arrays.copyOf(b.customers, b.customerCount);
    this.start = Arrays.copyOf(b.start, b.customerCount + 1);
    this.start[b.customerCount] = b.size;
    // the columns are kept at the builder's capacity (rarely more than the size): a copy to the
    // size would hold both for a moment
    this.items = b.items;
    this.scores = b.scores;
    this.reasons = b.reasons;
    this.size = b.size;
  }

  /** None. */
  public static Recommendations empty() {
    return EMPTY;
  }

  /**
   * These recommendations in columns ({@code list} itself when it is already), checked to be in the
   * shape this holds.
   *
   * @throws IllegalArgumentException when a customer's ranks do not run 1, 2, 3... one after the
   *     other
   */
  public static Recommendations copyOf(List<Recommendation> list) {
    if (list instanceof Recommendations r) {
      return r;
    }
    Builder b = new Builder(list.size());
    list.forEach(b::add);
    return b.build();
  }

  @Override
  public Recommendation get(int index) {
    Objects.checkIndex(index, size);
    int c = Arrays.binarySearch(start, 0, customers.length, index);
    if (c < 0) {
      c = -c - 2;
    }
    return new Recommendation(
        customers[c], index - start[c] + 1, items[index], scores[index], reasons[index]);
  }

  @Override
  public int size() {
    return size;
  }

  /** How many customers have at least one recommendation. */
  public int customerCount() {
    return customers.length;
  }

  /**
   * Collects recommendations in columns, customer after customer, for one {@link #build}; not safe
   * for several threads. A reason equal to one already added is kept once.
   */
  public static final class Builder {
    private String[] customers = new String[16];
    private int[] start = new int[17];
    private int customerCount;
    private String[] items;
    private double[] scores;
    private Reason[] reasons;
    private int size;
    private final Map<Reason, Reason> sharedReasons = new HashMap<>();

    /**
     * @param expected how many recommendations to make room for (customers x top N; more grow the
     *     columns)
     */
    public Builder(int expected) {
      if (expected < 0) {
        throw new IllegalArgumentException("expected must be at least 0, got: " + expected);
      }
      items = new String[expected];
      scores = new double[expected];
      reasons = new Reason[expected];
    }

    /**
     * Adds the next recommendation: rank 1 starts the next customer's run, any other rank continues
     * the current customer's.
     *
     * @throws IllegalArgumentException when the rank does not follow the current customer's last
     */
    public Builder add(Recommendation r) {
      if (r.rank() == 1) {
        if (customerCount > 0 && customers[customerCount - 1].equals(r.customer())) {
          throw new IllegalArgumentException(
              "customer " + r.customer() + " has a second rank 1; a customer's ranks run 1, 2...");
        }
        if (customerCount == customers.length) {
          customers = Arrays.copyOf(customers, customerCount * 2);
          start = Arrays.copyOf(start, customerCount * 2 + 1);
        }
        customers[customerCount] = r.customer();
        start[customerCount] = size;
        customerCount++;
      } else if (customerCount == 0
          || !customers[customerCount - 1].equals(r.customer())
          || r.rank() != size - start[customerCount - 1] + 1) {
        throw new IllegalArgumentException(
            "rank "
                + r.rank()
                + " of customer "
                + r.customer()
                + " does not follow their previous rank; a customer's ranks run 1, 2... in order");
      }
      if (size == items.length) {
        int grown = Math.max(16, size + (size >> 1));
        items = Arrays.copyOf(items, grown);
        scores = Arrays.copyOf(scores, grown);
        reasons = Arrays.copyOf(reasons, grown);
      }
      items[size] = r.item();
      scores[size] = r.score();
      reasons[size] = sharedReasons.computeIfAbsent(r.reason(), k -> k);
      size++;
      return this;
    }

    /** Adds one customer's recommendations, best first. */
    public Builder addAll(List<Recommendation> oneCustomer) {
      oneCustomer.forEach(this::add);
      return this;
    }

    /** The recommendations added; the builder hands over its columns and is not used again. */
    public Recommendations build() {
      return new Recommendations(this);
    }
  }
}
