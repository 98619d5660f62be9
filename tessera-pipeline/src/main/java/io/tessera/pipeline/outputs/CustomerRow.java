package io.tessera.pipeline.outputs;

import io.tessera.segment.rfm.RfmGroup;
import java.util.List;
import java.util.Map;

/**
 * One customer of a run: every score the run gave them, at full precision (customers.csv rounds
 * when it writes: {@link CustomerOutputs#figure}). A field is null where the run gave no figure (a
 * customer without a purchase has no RFM scores or lifetime value, a customer not clustered no
 * cluster).
 *
 * @param customerId the customer's id
 * @param recencyDays days from the last purchase to as_of (buyers)
 * @param frequency purchase days (buyers)
 * @param monetary revenue up to as_of (buyers)
 * @param rScore recency quintile score 1-5 (buyers)
 * @param fScore frequency quintile score 1-5 (buyers)
 * @param mScore monetary quintile score 1-5 (buyers)
 * @param rfmGroup the RFM group: the buyer's by scores, else placed by visits; null without orders
 *     or events
 * @param cluster the cluster's segment id, e.g. {@code cluster:3}
 * @param clusterName the cluster's English name
 * @param churnProbability the calibrated churn probability
 * @param pAlive the probability the customer is still active (BG/NBD or the empirical rate)
 * @param expectedPurchases90d expected purchases in the next 90 days
 * @param clv365d the 12-month lifetime value
 * @param journeyStage the journey stage id (the RFM group's, else the cluster's, else acquisition
 *     for a customer who never bought), or null
 * @param clusterReasons the traits the customer shares with their cluster, most distinctive first
 * @param churnReasons the churn model's top factors, e.g. {@code frequency=1 (+3.006)}
 * @param pPurchase30d the probability of a completed order in the next 30 days
 * @param nextPurchaseBand the band id of {@code pPurchase30d}, e.g. {@code likely}
 * @param clusterProbability the posterior probability of the customer's own cluster (Gaussian
 *     mixtures only)
 * @param clusterProbabilities the posterior probability of every cluster by segment id (Gaussian
 *     mixtures only), else empty
 */
public record CustomerRow(
    String customerId,
    Double recencyDays,
    Double frequency,
    Double monetary,
    Integer rScore,
    Integer fScore,
    Integer mScore,
    RfmGroup rfmGroup,
    String cluster,
    String clusterName,
    Double churnProbability,
    Double pAlive,
    Double expectedPurchases90d,
    Double clv365d,
    String journeyStage,
    List<String> clusterReasons,
    List<String> churnReasons,
    Double pPurchase30d,
    String nextPurchaseBand,
    Double clusterProbability,
    Map<String, Double> clusterProbabilities) {
  public CustomerRow {
    clusterReasons = List.copyOf(clusterReasons);
    churnReasons = List.copyOf(churnReasons);
    // most runs' clusterings give no memberships: no copy per customer of an empty map (two
    // objects a row, a row per customer; issue 14)
    clusterProbabilities =
        clusterProbabilities.isEmpty()
            ? Map.of()
            : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(clusterProbabilities));
  }

  /** Whether the customer had a completed order up to as_of (and so RFM scores). */
  public boolean buyer() {
    return rScore != null;
  }
}
