package io.tessera.predict.clv;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the (x, t_x, T, mean repeat spend) summary of each customer from their transactions, the
 * way Fader and Hardie summarise CDNOW: purchases on the same day count as one transaction (their
 * values added), x is the number of repeat purchase days in the calibration period, t_x and T are
 * measured from the first purchase day to the last one and to the calibration end, in days or weeks
 * (days / 7). Transactions after the calibration end up to the holdout end are counted as the
 * holdout's actual repeat purchases. Customers whose first purchase is after the calibration end
 * are not part of the cohort.
 *
 * @param customerIds the cohort, in the order of the summary's rows
 * @param calibration the calibration summary
 * @param holdoutPurchases purchases per customer in (calibration end, holdout end]; 0 without one
 * @param holdoutLength the holdout's length in the time unit; 0 without one
 */
public record TransactionSummary(
    List<String> customerIds,
    RepeatSummary calibration,
    double[] holdoutPurchases,
    double holdoutLength) {

  /** The model's time unit. */
  public enum TimeUnit {
    DAYS(1),
    WEEKS(7);

    private final double days;

    TimeUnit(double days) {
      this.days = days;
    }

    public double days() {
      return days;
    }
  }

  public TransactionSummary {
    customerIds = List.copyOf(customerIds);
    holdoutPurchases = holdoutPurchases.clone();
  }

  @Override
  public double[] holdoutPurchases() {
    return holdoutPurchases.clone();
  }

  /**
   * Summarises transactions given as parallel arrays.
   *
   * @param holdoutEnd the last day of the holdout period, or null for none
   */
  public static TransactionSummary of(
      String[] customerIds,
      LocalDate[] days,
      double[] amounts,
      LocalDate calibrationEnd,
      LocalDate holdoutEnd,
      TimeUnit unit) {
    if (customerIds.length != days.length || days.length != amounts.length) {
      throw new IllegalArgumentException(
          "customer ids, days and amounts must have one value per transaction");
    }
    Map<String, TreeMap<LocalDate, Double>> byCustomer = new HashMap<>();
    for (int i = 0; i < days.length; i++) {
      byCustomer
          .computeIfAbsent(customerIds[i], k -> new TreeMap<>())
          .merge(days[i], amounts[i], Double::sum);
    }
    List<String> ids = new ArrayList<>(byCustomer.keySet());
    ids.removeIf(id -> byCustomer.get(id).firstKey().isAfter(calibrationEnd));
    ids.sort(null);
    int n = ids.size();
    double[] x = new double[n];
    double[] tx = new double[n];
    double[] age = new double[n];
    double[] spend = new double[n];
    double[] holdout = new double[n];
    for (int i = 0; i < n; i++) {
      TreeMap<LocalDate, Double> purchases = byCustomer.get(ids.get(i));
      LocalDate first = purchases.firstKey();
      LocalDate last = first;
      double repeatValue = 0;
      for (Map.Entry<LocalDate, Double> p : purchases.entrySet()) {
        LocalDate d = p.getKey();
        if (!d.isAfter(calibrationEnd)) {
          if (d.isAfter(first)) {
            x[i]++;
            repeatValue += p.getValue();
            last = d;
          }
        } else if (holdoutEnd != null && !d.isAfter(holdoutEnd)) {
          holdout[i]++;
        }
      }
      tx[i] = ChronoUnit.DAYS.between(first, last) / unit.days();
      age[i] = ChronoUnit.DAYS.between(first, calibrationEnd) / unit.days();
      spend[i] = x[i] > 0 ? repeatValue / x[i] : 0;
    }
    double holdoutLength =
        holdoutEnd == null ? 0 : ChronoUnit.DAYS.between(calibrationEnd, holdoutEnd) / unit.days();
    return new TransactionSummary(
        ids, new RepeatSummary(x, tx, age, spend), holdout, holdoutLength);
  }
}
