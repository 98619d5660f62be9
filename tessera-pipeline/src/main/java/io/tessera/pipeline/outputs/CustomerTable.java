package io.tessera.pipeline.outputs;

import io.tessera.pipeline.churn.ChurnStage;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.pipeline.segment.SegmentStage;
import io.tessera.segment.Segment;
import io.tessera.segment.rfm.RfmGroup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The customers of a run as one table keyed by customer id (ascending): every consenting customer
 * seen by any stage, with the scores each stage gave them. customers.csv is this table written out.
 */
public final class CustomerTable {
  private final SortedMap<String, CustomerRow> rows;

  private CustomerTable(SortedMap<String, CustomerRow> rows) {
    this.rows = Collections.unmodifiableSortedMap(rows);
  }

  /** An empty table (a run without customers, orders or events). */
  public static CustomerTable empty() {
    return new CustomerTable(new TreeMap<>());
  }

  /** A table of these rows (a later row for the same id replaces an earlier one). */
  public static CustomerTable of(Collection<CustomerRow> rows) {
    SortedMap<String, CustomerRow> byId = new TreeMap<>();
    rows.forEach(r -> byId.put(r.customerId(), r));
    return new CustomerTable(byId);
  }

  /** The customer's row, or null when the run did not score them. */
  public CustomerRow get(String customerId) {
    return rows.get(customerId);
  }

  /** The rows in ascending customer id order. */
  public Collection<CustomerRow> rows() {
    return rows.values();
  }

  /** The customer ids, ascending. */
  public java.util.Set<String> ids() {
    return rows.keySet();
  }

  public int size() {
    return rows.size();
  }

  private static final Pattern REASON_SEPARATOR = Pattern.compile(Pattern.quote("; "));

  /**
   * Joins the stages' per-customer results.
   *
   * @param rfm the RFM and lifetime-value stage (null when the data has no orders or events)
   * @param clusters the segmentation stage (null when it did not run)
   * @param churn the churn stage (null when it did not run)
   */
  public static CustomerTable join(
      CustomerStage.Outcome rfm, SegmentStage.Outcome clusters, ChurnStage.Outcome churn) {
    TreeSet<String> all = new TreeSet<>();
    Map<String, Integer> rfmRow = new HashMap<>();
    if (rfm != null) {
      for (int i = 0; i < rfm.ids().size(); i++) {
        rfmRow.put(rfm.ids().get(i), i);
      }
      all.addAll(rfm.ids());
      all.addAll(rfm.visitors().keySet());
    }
    Map<String, Integer> clusterRow =
        clusters == null || !clusters.clustered() ? Map.of() : clusters.rowOf();
    if (clusters != null) {
      all.addAll(clusters.ids());
    }
    SortedMap<String, CustomerRow> rows = new TreeMap<>();
    for (String id : all) {
      rows.put(id, row(id, rfm, rfmRow.get(id), clusters, clusterRow.get(id), churn));
    }
    return new CustomerTable(rows);
  }

  private static CustomerRow row(
      String id,
      CustomerStage.Outcome rfm,
      Integer r,
      SegmentStage.Outcome clusters,
      Integer c,
      ChurnStage.Outcome churn) {
    RfmGroup group = null;
    String stage = null;
    if (r != null) {
      group = rfm.scores()[r].group();
      stage = group.stage().wireName();
    } else if (rfm != null) {
      // a customer without a purchase, placed by visits (or no group without orders or events)
      group = rfm.visitors().get(id);
    }
    Segment segment = c == null ? null : clusters.segments().get(clusters.labels()[c]);
    if (stage == null && segment != null && !segment.journeyStage().isEmpty()) {
      stage = segment.journeyStage();
    }
    if (stage == null && rfm != null && rfm.visitors().containsKey(id)) {
      // never bought: still to be won, whatever group their visits put them in
      stage = io.tessera.segment.rfm.JourneyStage.ACQUISITION.wireName();
    }
    List<String> clusterReasons =
        c == null ? List.of() : List.of(REASON_SEPARATOR.split(clusters.reasons().get(c), -1));
    List<String> churnReasons = churn == null ? null : churn.reasons().get(id);
    Double probability = null;
    Map<String, Double> probabilities = Map.of();
    if (c != null && clusters.clustering().model().hasMemberships()) {
      var model = clusters.clustering().model();
      double[] membership = model.membership(c);
      probability = membership[model.label(c)];
      Map<String, Double> byId = new LinkedHashMap<>();
      for (int k = 0; k < membership.length; k++) {
        byId.put(clusters.clustering().segmentIds().get(k), membership[k]);
      }
      probabilities = byId;
    }
    var score = r == null ? null : rfm.scores()[r];
    return new CustomerRow(
        id,
        r == null ? null : rfm.recency()[r],
        r == null ? null : rfm.frequency()[r],
        r == null ? null : rfm.monetary()[r],
        score == null ? null : score.r(),
        score == null ? null : score.f(),
        score == null ? null : score.m(),
        group,
        segment == null ? null : segment.id(),
        segment == null ? null : segment.name().en(),
        churn == null ? null : churn.churnProbability().get(id),
        r == null ? null : finite(rfm.pAlive()[r]),
        r == null ? null : finite(rfm.expected90()[r]),
        r == null ? null : finite(rfm.clv365()[r]),
        stage,
        clusterReasons,
        churnReasons == null ? List.of() : churnReasons,
        churn == null ? null : churn.pBuy30d().get(id),
        churn == null ? null : churn.band().get(id),
        probability,
        probabilities);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** The segment ids a row belongs to: its RFM group, then its cluster. */
  public static List<String> memberships(CustomerRow row) {
    List<String> memberOf = new ArrayList<>(2);
    if (row.rfmGroup() != null) {
      memberOf.add("rfm:" + row.rfmGroup().id());
    }
    if (row.cluster() != null) {
      memberOf.add(row.cluster());
    }
    return memberOf;
  }
}
