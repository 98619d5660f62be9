package io.tessera.pipeline.outputs;

import io.tessera.pipeline.churn.ChurnStage;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.pipeline.segment.SegmentStage;
import io.tessera.segment.Segment;
import io.tessera.segment.rfm.RfmGroup;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * The customers of a run as one table keyed by customer id (ascending): every consenting customer
 * seen by any stage, with the scores each stage gave them. customers.csv is this table written out.
 *
 * <p>A joined table holds the ids and, for each, its row in each stage's outcome; a {@link
 * CustomerRow} is made when it is read. A row per customer held for the whole run (boxed figures, a
 * list of reason strings split from the cluster's, a tree map's entry: some 700 bytes a customer)
 * was the largest part of the heap at churn's and the recommendations' peak (issue 14).
 */
public final class CustomerTable {
  private final String[] ids;
  private final IntFunction<CustomerRow> rowAt;

  private CustomerTable(String[] ids, IntFunction<CustomerRow> rowAt) {
    this.ids = ids;
    this.rowAt = rowAt;
  }

  /** An empty table (a run without customers, orders or events). */
  public static CustomerTable empty() {
    return new CustomerTable(new String[0], i -> null);
  }

  /** A table of these rows (a later row for the same id replaces an earlier one). */
  public static CustomerTable of(Collection<CustomerRow> rows) {
    SortedMap<String, CustomerRow> byId = new TreeMap<>();
    rows.forEach(r -> byId.put(r.customerId(), r));
    CustomerRow[] held = byId.values().toArray(CustomerRow[]::new);
    return new CustomerTable(byId.keySet().toArray(String[]::new), i -> held[i]);
  }

  /** The customer's row, or null when the run did not score them. */
  public CustomerRow get(String customerId) {
    int i = Arrays.binarySearch(ids, customerId);
    return i < 0 ? null : rowAt.apply(i);
  }

  /** The rows in ascending customer id order (each made as it is read). */
  public Collection<CustomerRow> rows() {
    return new AbstractList<>() {
      @Override
      public CustomerRow get(int i) {
        return rowAt.apply(i);
      }

      @Override
      public int size() {
        return ids.length;
      }
    };
  }

  /** The customer ids, ascending. */
  public java.util.Set<String> ids() {
    return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(Arrays.asList(ids)));
  }

  public int size() {
    return ids.length;
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
    List<String> given = new ArrayList<>();
    if (rfm != null) {
      given.addAll(rfm.ids());
      given.addAll(rfm.visitors().keySet());
    }
    if (clusters != null) {
      given.addAll(clusters.ids());
    }
    String[] all = given.toArray(String[]::new);
    given = null;
    Arrays.sort(all);
    int m = 0;
    for (int i = 0; i < all.length; i++) {
      if (m == 0 || !all[m - 1].equals(all[i])) {
        all[m++] = all[i];
      }
    }
    String[] ids = Arrays.copyOf(all, m);
    all = null;
    // each customer's row in the RFM and the clustering outcomes, or -1
    int[] rfmRow = rowsIn(ids, rfm == null ? List.of() : rfm.ids());
    int[] clusterRow =
        rowsIn(ids, clusters == null || !clusters.clustered() ? List.of() : clusters.ids());
    return new CustomerTable(
        ids,
        i ->
            row(
                ids[i],
                rfm,
                rfmRow[i] < 0 ? null : rfmRow[i],
                clusters,
                clusterRow[i] < 0 ? null : clusterRow[i],
                churn));
  }

  /** For each of {@code ids} (ascending), its position in {@code rows}, or -1; the last counts. */
  private static int[] rowsIn(String[] ids, List<String> rows) {
    int[] at = new int[ids.length];
    Arrays.fill(at, -1);
    for (int r = 0; r < rows.size(); r++) {
      at[Arrays.binarySearch(ids, rows.get(r))] = r;
    }
    return at;
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
