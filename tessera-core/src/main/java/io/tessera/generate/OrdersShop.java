package io.tessera.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.hipparchus.distribution.continuous.GammaDistribution;

/**
 * A second synthetic shop, orders only (plus order_items), independent of {@link SyntheticShop}:
 * other customer types, another mix and number of them, another purchase process. It exists to
 * check the segmentation defaults on data they were not chosen on, so it is never used to pick them
 * (README, "Choosing k").
 *
 * <p>Five planted types, whose behaviour overlaps on purpose: each customer's purchase rate and
 * basket size are the type's times a log-normal factor (sd 0.5 and 0.3 on the log scale), customers
 * arrive at a uniform time in the history, and a customer of a buying type may place one order in
 * the window, like a one-order customer.
 *
 * <ul>
 *   <li>{@code steady} (30%): replenishes about 9 times a year on a regular rhythm (gamma gaps,
 *       shape 6), 40 USD baskets, few returns, two favourite categories;
 *   <li>{@code big_ticket} (12%): 2.5 orders a year at random (Poisson), 350 USD baskets;
 *   <li>{@code returner} (15%): 7 orders a year, 90 USD, returns 35% of orders, buys in every
 *       category;
 *   <li>{@code one_order} (28%): a single order of about 55 USD;
 *   <li>{@code fading} (15%): 8 orders a year, 60 USD, until stopping 120 to 300 days before the
 *       end of the history.
 * </ul>
 *
 * <p>Every order is cancelled with probability 0.02. The output is byte-identical for the same
 * options.
 */
public final class OrdersShop {
  private OrdersShop() {}

  /** The planted types. */
  enum Type {
    STEADY(0.30, 9, 6, 40, 0.03, 2),
    BIG_TICKET(0.12, 2.5, 1, 350, 0.10, 2),
    RETURNER(0.15, 7, 1.5, 90, 0.35, 8),
    ONE_ORDER(0.28, 0, 1, 55, 0.08, 3),
    FADING(0.15, 8, 2, 60, 0.05, 3);

    final double share;
    final double ordersPerYear;
    final double gapShape;
    final double meanOrderValue;
    final double returnProbability;
    final int categories;

    Type(
        double share,
        double ordersPerYear,
        double gapShape,
        double meanOrderValue,
        double returnProbability,
        int categories) {
      this.share = share;
      this.ordersPerYear = ordersPerYear;
      this.gapShape = gapShape;
      this.meanOrderValue = meanOrderValue;
      this.returnProbability = returnProbability;
      this.categories = categories;
    }

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Type draw(double u) {
      double acc = 0;
      for (Type t : values()) {
        acc += t.share;
        if (u < acc) {
          return t;
        }
      }
      return FADING;
    }
  }

  static final List<String> CATEGORIES =
      List.of("grocery", "beauty", "home", "fashion", "electronics", "toys", "sports", "books");

  /**
   * Options of the shop.
   *
   * @param customers customers to generate (at least 1)
   * @param days days of history (at least 60), ending on {@code endDate}
   * @param seed the seed of every random choice
   * @param endDate the last day of the history
   */
  public record Options(int customers, int days, long seed, LocalDate endDate) {
    public Options {
      if (customers < 1) {
        throw new IllegalArgumentException("customers must be at least 1, got: " + customers);
      }
      if (days < 60) {
        throw new IllegalArgumentException("days must be at least 60, got: " + days);
      }
      endDate = endDate == null ? GeneratorOptions.DEFAULT_END_DATE : endDate;
    }

    public static Options of(int customers, long seed) {
      return new Options(customers, 540, seed, null);
    }
  }

  /**
   * Writes orders.csv, order_items.csv, currency_rates.csv, tessera.yaml and truth/customers.csv
   * ({@code customer_id,type}) into {@code out}.
   *
   * @return the number of orders written
   */
  public static long write(Options options, Path out) throws IOException {
    Files.createDirectories(out.resolve("truth"));
    SplittableRandom random = new SplittableRandom(options.seed());
    long end = options.endDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() - 1;
    long start = end + 1 - options.days() * 86_400L;
    long orders = 0;
    try (BufferedWriter o = writer(out.resolve("orders.csv"));
        BufferedWriter items = writer(out.resolve("order_items.csv"));
        BufferedWriter truth = writer(out.resolve("truth").resolve("customers.csv"))) {
      o.write("order_id,customer_id,ordered_at,amount,currency,status\n");
      items.write("order_id,product_id,category,quantity,unit_price\n");
      truth.write("customer_id,type\n");
      for (int c = 1; c <= options.customers(); c++) {
        String id = String.format(Locale.ROOT, "K%07d", c);
        Type type = Type.draw(random.nextDouble());
        truth.write(id + "," + type.wireName() + "\n");
        double rate = type.ordersPerYear * Math.exp(0.5 * random.nextGaussian() - 0.125);
        double basket = type.meanOrderValue * Math.exp(0.3 * random.nextGaussian() - 0.045);
        // arrival: uniform over the history, leaving at least a week to buy in
        long arrival = start + (long) (random.nextDouble() * (end - start - 7 * 86_400L));
        long stop = end;
        if (type == Type.FADING) {
          stop = end - (long) ((120 + random.nextDouble() * 180) * 86_400L);
          if (stop <= arrival) {
            arrival = stop - (long) ((60 + random.nextDouble() * 120) * 86_400L);
            arrival = Math.max(start, arrival);
          }
        }
        int[] favourites = favourites(type, random);
        List<Long> times = new ArrayList<>();
        times.add(arrival);
        if (type.ordersPerYear > 0) {
          double meanGapDays = 365.0 / rate;
          long t = arrival;
          while (true) {
            double gap = gamma(type.gapShape, meanGapDays / type.gapShape, random);
            t += (long) (gap * 86_400);
            if (t > stop) {
              break;
            }
            times.add(t);
          }
        }
        int n = 0;
        for (long t : times) {
          n++;
          String orderId = id + "-" + n;
          writeOrder(o, items, orderId, id, t, basket, type, favourites, random);
          orders++;
        }
      }
    }
    Files.writeString(
        out.resolve("currency_rates.csv"), "currency,rate\nUSD,1.0\n", StandardCharsets.UTF_8);
    Files.writeString(
        out.resolve("tessera.yaml"),
        "# Written by OrdersShop: an orders-only shop for `tessera run --data`.\n"
            + "currency: USD\ntimezone: UTC\nas_of: "
            + options.endDate()
            + "\nrates: currency_rates.csv\nprivacy:\n  pseudonymise: false\n",
        StandardCharsets.UTF_8);
    return orders;
  }

  /** One order line and its item lines, amounts split at random across the items. */
  private static void writeOrder(
      BufferedWriter o,
      BufferedWriter items,
      String orderId,
      String id,
      long t,
      double basket,
      Type type,
      int[] favourites,
      SplittableRandom random)
      throws IOException {
    double amount = Math.max(1, basket * Math.exp(0.35 * random.nextGaussian() - 0.06));
    double u = random.nextDouble();
    String status =
        u < 0.02 ? "cancelled" : u < 0.02 + type.returnProbability ? "returned" : "completed";
    o.write(
        orderId
            + ","
            + id
            + ","
            + Instant.ofEpochSecond(t)
            + ","
            + money(amount)
            + ",USD,"
            + status
            + "\n");
    int lines = 1 + random.nextInt(3);
    double left = amount;
    for (int l = 0; l < lines; l++) {
      double part = l == lines - 1 ? left : Math.round(left * random.nextDouble() * 100) / 100.0;
      left -= part;
      String category = CATEGORIES.get(favourites[random.nextInt(favourites.length)]);
      items.write(
          orderId
              + ",P"
              + category.charAt(0)
              + random.nextInt(200)
              + ","
              + category
              + ",1,"
              + money(Math.max(0, part))
              + "\n");
    }
  }

  /** The categories a customer of this type buys in (distinct, drawn once per customer). */
  private static int[] favourites(Type type, SplittableRandom random) {
    int[] all = new int[CATEGORIES.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    for (int i = 0; i < type.categories; i++) {
      int j = i + random.nextInt(all.length - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    return java.util.Arrays.copyOf(all, type.categories);
  }

  /** A gamma draw with the given shape and scale, by inversion of Hipparchus's distribution. */
  static double gamma(double shape, double scale, SplittableRandom random) {
    return new GammaDistribution(shape, scale).inverseCumulativeProbability(random.nextDouble());
  }

  private static String money(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static BufferedWriter writer(Path file) throws IOException {
    return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }
}
