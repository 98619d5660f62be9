package io.tessera.pipeline.churn;

import io.tessera.contract.Customer;
import io.tessera.contract.Order;
import io.tessera.profile.ProfileFold;
import io.tessera.store.CustomerSample;
import io.tessera.store.StoreRecords;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * What the churn stage's models learn from ({@code churn.training_sample}): every buyer's records,
 * or a sample's, read as such from the store. Every buyer's orders and cut-off profiles, held to
 * train, grew with the shop (issue 14).
 *
 * @param sample the sample drawn, or null: every buyer
 * @param records the records the models learn from
 * @param customers their customers' rows
 * @param orders their orders (none without completed orders)
 */
record TrainingRecords(
    CustomerSample sample, StoreRecords records, List<Customer> customers, List<Order> orders) {

  /**
   * How many customers' completed orders are summed up at once when BG/NBD, fitted on a sample,
   * scores every customer.
   */
  static final int SCORING_PART = 10_000;

  static TrainingRecords read(
      StoreRecords all, List<Customer> everyone, boolean hasOrders, int cap) {
    if (!hasOrders) {
      return new TrainingRecords(null, all, everyone, List.of());
    }
    CustomerSample drawn = all.customerSample(cap);
    StoreRecords records = drawn.sampled() ? all.sampled(drawn) : all;
    List<Customer> customers = everyone;
    if (drawn.sampled()) {
      try (var rows = records.customers()) {
        customers = rows.toList();
      }
    }
    try (var rows = records.orders()) {
      return new TrainingRecords(drawn.sampled() ? drawn : null, records, customers, rows.toList());
    }
  }

  /**
   * The cut-off days' profiles, folded from these records, while the as-of date's hold every
   * customer ({@code all}'s records and {@code everyone}'s rows).
   */
  CutoffProfiles cutoffs(
      ProfileFold.Options fold,
      ZoneId zone,
      ChurnSettings settings,
      LocalDate asOf,
      StoreRecords all,
      List<Customer> everyone) {
    return new CutoffProfiles(
        records,
        orders,
        customers,
        fold,
        zone,
        settings.timeSplitFeatures(),
        sample == null ? null : new CutoffProfiles.Everyone(asOf, all, everyone));
  }

  /** Every customer's completed orders for BG/NBD's scores, or null: {@link #orders} are theirs. */
  OrderDays.Parts scoring(StoreRecords all, io.tessera.profile.ProfileSettings settings) {
    return sample == null ? null : OrderDays.byCustomer(all, settings, SCORING_PART);
  }

  /** Whether a buyer is one the models learnt from. */
  boolean drawn(String customerId) {
    return sample == null || sample.contains(customerId);
  }
}
