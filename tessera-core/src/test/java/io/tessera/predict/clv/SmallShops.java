package io.tessera.predict.clv;

import java.time.LocalDate;
import java.util.Random;

/**
 * Seeded generators of small shops' completed orders, summarised the way the batch run summarises
 * them (purchases per customer and day, calibration up to the last order day, days as the unit).
 */
final class SmallShops {
  /** How a shop's order days are drawn. */
  enum Pattern {
    /** Each order: a customer uniformly at random, a day uniformly in the year. */
    UNIFORM,
    /** Each customer: a Poisson number of orders (mean 4) on uniform days, at least one. */
    POISSON,
    /** Each customer orders exactly once, on a uniform day. */
    ONE_ORDER_ONLY,
    /** Every order of every customer on one day. */
    ALL_SAME_DAY
  }

  static final LocalDate START = LocalDate.of(2025, 1, 1);
  static final int DAYS = 365;

  private SmallShops() {}

  /** The shop's summary; {@code orders} is used by UNIFORM and ALL_SAME_DAY. */
  static TransactionSummary shop(Pattern pattern, int customers, int orders, long seed) {
    Random random = new Random(seed);
    java.util.List<String> ids = new java.util.ArrayList<>();
    java.util.List<LocalDate> days = new java.util.ArrayList<>();
    java.util.List<Double> amounts = new java.util.ArrayList<>();
    switch (pattern) {
      case UNIFORM -> {
        for (int o = 0; o < orders; o++) {
          ids.add("c" + random.nextInt(customers));
          days.add(START.plusDays(random.nextInt(DAYS)));
          amounts.add(10 + 90 * random.nextDouble());
        }
      }
      case POISSON -> {
        for (int c = 0; c < customers; c++) {
          int n = Math.max(1, poisson(random, 4));
          for (int o = 0; o < n; o++) {
            ids.add("c" + c);
            days.add(START.plusDays(random.nextInt(DAYS)));
            amounts.add(10 + 90 * random.nextDouble());
          }
        }
      }
      case ONE_ORDER_ONLY -> {
        for (int c = 0; c < customers; c++) {
          ids.add("c" + c);
          days.add(START.plusDays(random.nextInt(DAYS)));
          amounts.add(10 + 90 * random.nextDouble());
        }
      }
      case ALL_SAME_DAY -> {
        for (int o = 0; o < Math.max(orders, customers); o++) {
          ids.add("c" + (o < customers ? o : random.nextInt(customers)));
          days.add(START.plusDays(100));
          amounts.add(10 + 90 * random.nextDouble());
        }
      }
    }
    LocalDate asOf = days.stream().max(LocalDate::compareTo).orElseThrow();
    return TransactionSummary.of(
        ids.toArray(String[]::new),
        days.toArray(LocalDate[]::new),
        amounts.stream().mapToDouble(Double::doubleValue).toArray(),
        asOf,
        null,
        TransactionSummary.TimeUnit.DAYS);
  }

  /** Knuth's multiplication method: fine for a small mean. */
  private static int poisson(Random random, double mean) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }
}
