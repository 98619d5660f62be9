package io.tessera.predict.clv;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How a BG/NBD model fitted on a calibration period tracks what happened: the weekly repeat
 * purchases of the cohort, actual against expected (the tracking plot of Fader, Hardie and Lee
 * 2005, figure 2 and 3), and per customer the expected against the actual purchases in the holdout.
 *
 * <p>Repeat purchases are purchase days after a customer's first (same-day purchases count once),
 * as in {@link TransactionSummary}. Weeks start on the cohort's first purchase day. The expected
 * cumulative repeat purchases at time s sum, over customers, the expected purchases of a new
 * customer (eq. 9) in the time since their first purchase.
 *
 * @param weeks the weekly series from the cohort's first day to the holdout end
 * @param holdoutCustomers customers of the cohort
 * @param holdoutActual actual repeat purchases in the holdout, summed
 * @param holdoutExpected expected purchases in the holdout given each history (eq. 10), summed
 * @param maePerCustomer mean absolute difference between a customer's expected and actual holdout
 *     purchases
 */
public record Backtest(
    List<Week> weeks,
    long holdoutCustomers,
    long holdoutActual,
    double holdoutExpected,
    double maePerCustomer) {

  public Backtest {
    weeks = List.copyOf(weeks);
  }

  /**
   * One week of the tracking series.
   *
   * @param start the week's first day
   * @param holdout whether the week lies after the calibration end
   * @param actual repeat purchases in the week
   * @param expected expected repeat purchases in the week
   * @param actualCumulative repeat purchases up to the week's end
   * @param expectedCumulative expected repeat purchases up to the week's end
   */
  public record Week(
      LocalDate start,
      boolean holdout,
      long actual,
      double expected,
      long actualCumulative,
      double expectedCumulative) {}

  /**
   * Builds the backtest from the transactions of the whole period.
   *
   * @param model BG/NBD fitted on the calibration period
   * @param unit the model's time unit
   * @param customerIds the customer of each transaction
   * @param days the day of each transaction
   * @param calibrationEnd the last day of the calibration period
   * @param holdoutEnd the last day of the holdout (after calibrationEnd)
   */
  public static Backtest of(
      BgNbd model,
      TransactionSummary.TimeUnit unit,
      String[] customerIds,
      LocalDate[] days,
      LocalDate calibrationEnd,
      LocalDate holdoutEnd) {
    if (!holdoutEnd.isAfter(calibrationEnd)) {
      throw new IllegalArgumentException(
          "the holdout end " + holdoutEnd + " must be after the calibration end " + calibrationEnd);
    }
    Map<String, TreeSet<LocalDate>> byCustomer = new HashMap<>();
    for (int i = 0; i < days.length; i++) {
      if (!days[i].isAfter(holdoutEnd)) {
        byCustomer.computeIfAbsent(customerIds[i], k -> new TreeSet<>()).add(days[i]);
      }
    }
    byCustomer.values().removeIf(s -> s.first().isAfter(calibrationEnd));
    if (byCustomer.isEmpty()) {
      throw new IllegalArgumentException("no customer made a first purchase by " + calibrationEnd);
    }
    LocalDate start =
        byCustomer.values().stream().map(TreeSet::first).min(LocalDate::compareTo).orElseThrow();
    int weeks = (int) ((ChronoUnit.DAYS.between(start, holdoutEnd) + 7) / 7);
    long[] actual = new long[weeks];
    // cohort size by first-purchase day offset, for the expected curve
    Map<Long, Integer> births = new HashMap<>();
    double holdoutLength = ChronoUnit.DAYS.between(calibrationEnd, holdoutEnd) / unit.days();
    long holdoutActual = 0;
    double holdoutExpected = 0;
    double absError = 0;
    for (TreeSet<LocalDate> purchases : byCustomer.values()) {
      LocalDate first = purchases.first();
      births.merge(ChronoUnit.DAYS.between(start, first), 1, Integer::sum);
      int x = 0;
      LocalDate last = first;
      int inHoldout = 0;
      for (LocalDate d : purchases.tailSet(first, false)) {
        int w = (int) (ChronoUnit.DAYS.between(start, d) / 7);
        if (w < weeks) {
          actual[w]++;
        }
        if (d.isAfter(calibrationEnd)) {
          inHoldout++;
        } else {
          x++;
          last = d;
        }
      }
      double tx = ChronoUnit.DAYS.between(first, last) / unit.days();
      double age = ChronoUnit.DAYS.between(first, calibrationEnd) / unit.days();
      double expected = model.expectedPurchases(holdoutLength, x, tx, age);
      holdoutActual += inHoldout;
      holdoutExpected += expected;
      absError += Math.abs(expected - inHoldout);
    }
    List<Week> out = series(model, unit, start, actual, births, calibrationEnd);
    return new Backtest(
        out, byCustomer.size(), holdoutActual, holdoutExpected, absError / byCustomer.size());
  }

  /**
   * The weekly tracking series from {@code start}: each week's actual repeat purchases, and the
   * expected ones of the cohort by first-purchase day ({@code births}, offsets in days).
   */
  private static List<Week> series(
      BgNbd model,
      TransactionSummary.TimeUnit unit,
      LocalDate start,
      long[] actual,
      Map<Long, Integer> births,
      LocalDate calibrationEnd) {
    int weeks = actual.length;
    List<Week> out = new ArrayList<>();
    long cumActual = 0;
    double previous = 0;
    for (int w = 0; w < weeks; w++) {
      LocalDate from = start.plusDays(7L * w);
      long endDay = 7L * (w + 1);
      double cumExpected = 0;
      for (Map.Entry<Long, Integer> b : births.entrySet()) {
        if (b.getKey() < endDay) {
          cumExpected +=
              b.getValue()
                  * model.expectedPurchasesOfNewCustomer((endDay - b.getKey()) / unit.days());
        }
      }
      cumActual += actual[w];
      out.add(
          new Week(
              from,
              from.isAfter(calibrationEnd),
              actual[w],
              cumExpected - previous,
              cumActual,
              cumExpected));
      previous = cumExpected;
    }
    return out;
  }
}
