package io.tessera.recommend;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Bought lines in columns: per line an int each for the customer, the item and the day, and an int
 * per order (where its lines start): about 12-16 bytes a line, where a list of {@link Purchase}
 * records took about 350 bytes a line with the structures fitted from it (issue 14: 2.3 GB at
 * 1,000,000 customers, some 70 GB for the 200 M lines of 10,000,000 customers).
 *
 * <p>Customers and items are coded by their rank in sorted order (so a code is also what {@link
 * Purchases} and {@link AssociationRules} index them by); orders are numbered as they come, and the
 * lines of one order are one after another (the {@link Builder} starts a new order whenever the
 * order id differs from the previous line's). Days are epoch days.
 */
public final class PurchaseLines {
  private final String[] customers;
  private final String[] items;
  private final int size;
  private final Column customer;
  private final Column item;
  private final Column day;
  // lines orderStart(o) .. orderStart(o + 1) - 1 are order o's
  private final Column orderStart;
  private final int orders;

  private PurchaseLines(
      String[] customers,
      String[] items,
      int size,
      Column customer,
      Column item,
      Column day,
      Column orderStart,
      int orders) {
    this.customers = customers;
    this.items = items;
    this.size = size;
    this.customer = customer;
    this.item = item;
    this.day = day;
    this.orderStart = orderStart;
    this.orders = orders;
  }

  /**
   * These purchases as lines; the lines of each order are put together, orders in the order their
   * first line comes (an order's lines need not be one after another here).
   */
  public static PurchaseLines of(Collection<Purchase> purchases) {
    Map<String, List<Purchase>> byOrder = new LinkedHashMap<>();
    for (Purchase p : purchases) {
      byOrder.computeIfAbsent(p.order(), k -> new ArrayList<>()).add(p);
    }
    Builder b = new Builder();
    for (List<Purchase> order : byOrder.values()) {
      for (Purchase p : order) {
        b.add(p.customer(), p.order(), p.item(), p.day());
      }
    }
    return b.build();
  }

  /** How many lines. */
  public int size() {
    return size;
  }

  /** How many orders. */
  public int orders() {
    return orders;
  }

  /** How many distinct customers (codes 0 .. customers() - 1, in sorted order of their ids). */
  public int customers() {
    return customers.length;
  }

  /** How many distinct items (codes 0 .. items() - 1, in sorted order of their ids). */
  public int items() {
    return items.length;
  }

  /** The id of customer code c. */
  public String customerId(int c) {
    return customers[c];
  }

  /** The id of item code i. */
  public String itemId(int i) {
    return items[i];
  }

  /** The customer code of line k. */
  public int customer(int k) {
    return customer.get(k);
  }

  /** The item code of line k. */
  public int item(int k) {
    return item.get(k);
  }

  /** The epoch day of line k. */
  public int day(int k) {
    return day.get(k);
  }

  /** The first line of order o. */
  public int orderStart(int o) {
    return orderStart.get(o);
  }

  /** One past the last line of order o. */
  public int orderEnd(int o) {
    return orderStart.get(o + 1);
  }

  /** The customer and item ids, sorted (shared, not to be modified). */
  String[] customerIds() {
    return customers;
  }

  String[] itemIds() {
    return items;
  }

  /**
   * Gathers lines one at a time. Equal ids get one code (the builder's maps are let go when it is
   * built); a line whose order id differs from the previous line's starts a new order.
   */
  public static final class Builder {
    private final Map<String, Integer> customerCode = new HashMap<>();
    private final Map<String, Integer> itemCode = new HashMap<>();
    private int size;
    private final Column customer = new Column();
    private final Column item = new Column();
    private final Column day = new Column();
    private int orders;
    private final Column orderStart = new Column();
    private String lastOrder;

    /** Adds one line. */
    public Builder add(String customerId, String orderId, String itemId, LocalDate date) {
      Objects.requireNonNull(customerId, "customer");
      Objects.requireNonNull(orderId, "order");
      Objects.requireNonNull(itemId, "item");
      Objects.requireNonNull(date, "day");
      if (lastOrder == null || !orderId.equals(lastOrder)) {
        orderStart.add(size);
        orders++;
        lastOrder = orderId;
      }
      customer.add(code(customerCode, customerId));
      item.add(code(itemCode, itemId));
      day.add(Math.toIntExact(date.toEpochDay()));
      size++;
      return this;
    }

    private static int code(Map<String, Integer> codes, String id) {
      Integer had = codes.putIfAbsent(id, codes.size());
      return had == null ? codes.size() - 1 : had;
    }

    /** The lines, with customers and items recoded by the rank of their ids (once). */
    public PurchaseLines build() {
      String[] customers = sorted(customerCode);
      String[] items = sorted(itemCode);
      int[] customerRank = ranks(customers, customerCode);
      int[] itemRank = ranks(items, itemCode);
      // recoded in place: a copy would hold both sets of columns at once
      for (int k = 0; k < size; k++) {
        customer.set(k, customerRank[customer.get(k)]);
        item.set(k, itemRank[item.get(k)]);
      }
      orderStart.add(size);
      return new PurchaseLines(customers, items, size, customer, item, day, orderStart, orders);
    }

    private static String[] sorted(Map<String, Integer> code) {
      String[] names = code.keySet().toArray(String[]::new);
      Arrays.sort(names);
      return names;
    }

    /** For each code, the position of its id in {@code sorted}. */
    private static int[] ranks(String[] sorted, Map<String, Integer> code) {
      int[] rank = new int[sorted.length];
      for (int r = 0; r < sorted.length; r++) {
        rank[code.get(sorted[r])] = r;
      }
      return rank;
    }
  }

  /**
   * A growing column of ints in blocks of 2^16: growing copies nothing, so reading the lines never
   * holds a column twice (an array grown by half again would, at 1.5 to 2.5 times the lines' ints).
   */
  private static final class Column {
    private static final int SHIFT = 16;
    private static final int MASK = (1 << SHIFT) - 1;
    private int[][] blocks = new int[0][];
    private int size;

    void add(int v) {
      int b = size >>> SHIFT;
      if (b == blocks.length) {
        blocks = Arrays.copyOf(blocks, b + 1 + (b >> 1));
      }
      if (blocks[b] == null) {
        blocks[b] = new int[1 << SHIFT];
      }
      blocks[b][size & MASK] = v;
      size++;
    }

    int get(int k) {
      return blocks[k >>> SHIFT][k & MASK];
    }

    void set(int k, int v) {
      blocks[k >>> SHIFT][k & MASK] = v;
    }
  }
}
