package io.tessera.predict.churn;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Order;
import io.tessera.contract.OrderStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Labels from a time split of the customers' own history: features are taken as of the cut-off date
 * (profiles folded with {@code ProfileFold.Options.withUntil(until(zone))}), and a customer is
 * labelled churned when they place no completed order in the {@code horizonDays} days after it,
 * that is on the days cutoff + 1 ... cutoff + horizonDays in the profile zone. A model trained on
 * (features at the cut-off, label after) is then applied to features as of the as-of date: the
 * usual choice is cutoff = asOf - horizonDays, so that the label window ends at the as-of date.
 *
 * @param cutoff the last day whose records the features see
 * @param horizonDays the label window after the cut-off, in days
 */
public record ChurnLabels(LocalDate cutoff, int horizonDays) {
  /** 90 days: a quarter without a purchase is the common churn definition in retail. */
  public static final int DEFAULT_HORIZON_DAYS = 90;

  public ChurnLabels {
    if (cutoff == null) {
      throw new IllegalArgumentException("the cut-off date is required");
    }
    if (horizonDays < 1) {
      throw new IllegalArgumentException("horizon_days must be at least 1, got " + horizonDays);
    }
  }

  /** The split whose label window ends on the as-of date. */
  public static ChurnLabels endingAt(LocalDate asOf, int horizonDays) {
    return new ChurnLabels(asOf.minusDays(horizonDays), horizonDays);
  }

  /** The last day of the label window. */
  public LocalDate windowEnd() {
    return cutoff.plusDays(horizonDays);
  }

  /** The instant after the cut-off day, in the zone: the fold's {@code until}. */
  public Instant until(ZoneId zone) {
    return cutoff.plusDays(1).atStartOfDay(zone).toInstant();
  }

  /**
   * 1 = churned (no completed order in the window), 0 = bought, for each customer of the cohort.
   *
   * @param cohort the customers to label, in row order
   * @param orders orders of any period (those outside the window and not completed are ignored)
   * @param zone the zone whose calendar days the window counts
   */
  public int[] churned(List<CustomerId> cohort, Iterable<Order> orders, ZoneId zone) {
    int[] bought = bought(cohort, orders, zone);
    for (int i = 0; i < bought.length; i++) {
      bought[i] = 1 - bought[i];
    }
    return bought;
  }

  /** 1 = at least one completed order in the window, 0 = none (the complement of churned). */
  public int[] bought(List<CustomerId> cohort, Iterable<Order> orders, ZoneId zone) {
    Instant from = until(zone);
    Instant to = windowEnd().plusDays(1).atStartOfDay(zone).toInstant();
    Map<CustomerId, Integer> row = new HashMap<>();
    for (int i = 0; i < cohort.size(); i++) {
      row.put(cohort.get(i), i);
    }
    int[] out = new int[cohort.size()];
    for (Order o : orders) {
      if (o.status() != OrderStatus.COMPLETED || o.orderedAt() == null) {
        continue;
      }
      Instant at = o.orderedAt();
      if (at.isBefore(from) || !at.isBefore(to)) {
        continue;
      }
      Integer i = row.get(o.customerId());
      if (i != null) {
        out[i] = 1;
      }
    }
    return out;
  }
}
