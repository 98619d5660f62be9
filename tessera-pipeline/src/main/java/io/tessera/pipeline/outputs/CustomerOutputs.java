package io.tessera.pipeline.outputs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.pipeline.segment.SegmentStage;
import io.tessera.reason.Reasons;
import io.tessera.segment.Segment;
import io.tessera.store.CsvOutput;
import io.tessera.store.RunOutputs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes customers.csv (one row per consenting customer seen by any stage: the RFM and CLV scores
 * of buyers, the RFM group of everyone, the cluster of everyone segmented) and segments.json (the
 * stages that made no segments and why, the RFM groups, then the clusters).
 */
public final class CustomerOutputs {
  private CustomerOutputs() {}

  /**
   * Writes customers.csv from the table and segments.json, once, from the RFM and cluster segments
   * and the later stages' sections of each; returns the number of customer rows.
   *
   * @param sections the later stages' sections by name, in the order written (e.g. {@code text},
   *     {@code recommend}), each by segment id
   */
  public static int write(
      Path out,
      CustomerTable table,
      CustomerStage.Outcome rfm,
      SegmentStage.Outcome clusters,
      List<Skipped> skipped,
      Map<String, Map<String, ObjectNode>> sections)
      throws IOException {
    // ids and names come from the user's data: written through CsvOutput (quoted, formula-safe)
    try (CsvOutput w = CsvOutput.open(out.resolve("customers.csv"), CustomerStage.COLUMNS)) {
      for (CustomerRow row : table.rows()) {
        writeRow(w, row);
      }
    }
    List<Segment> segments = new ArrayList<>();
    if (rfm != null) {
      segments.addAll(rfm.segments());
    }
    if (clusters != null) {
      clusters.segments().stream().filter(s -> s.size() > 0).forEach(segments::add);
    }
    // each segment's mean predicted value and churn (issue 4): over its members who have them
    Map<String, double[]> clvSum = new HashMap<>();
    Map<String, double[]> churnSum = new HashMap<>();
    for (CustomerRow row : table.rows()) {
      for (String seg : CustomerTable.memberships(row)) {
        if (row.clv365d() != null) {
          double[] a = clvSum.computeIfAbsent(seg, k -> new double[2]);
          a[0] += row.clv365d();
          a[1]++;
        }
        if (row.churnProbability() != null) {
          double[] a = churnSum.computeIfAbsent(seg, k -> new double[2]);
          a[0] += row.churnProbability();
          a[1]++;
        }
      }
    }
    ObjectNode root = RunOutputs.JSON.createObjectNode();
    root.put("format_version", 1);
    Skipped.write(
        root.putArray("skipped"),
        skipped.stream().filter(x -> Skipped.SEGMENTING.contains(x.stage())).toList());
    var array = root.putArray("segments");
    for (Segment segment : segments) {
      com.fasterxml.jackson.databind.node.ObjectNode node = RunOutputs.JSON.valueToTree(segment);
      double[] clv = clvSum.get(segment.id());
      double[] p = churnSum.get(segment.id());
      if (clv != null) {
        node.put("mean_clv_365d", CustomerStage.round6(clv[0] / clv[1]));
      }
      if (p != null) {
        node.put("mean_churn_probability", CustomerStage.round6(p[0] / p[1]));
      }
      sections.forEach(
          (name, bySegment) -> {
            if (bySegment.containsKey(segment.id())) {
              node.set(name, bySegment.get(segment.id()));
            }
          });
      array.add(node);
    }
    RunOutputs.JSON.writeValue(out.resolve("segments.json").toFile(), root);
    return table.size();
  }

  private static void writeRow(CsvOutput w, CustomerRow row) throws IOException {
    w.text(row.customerId());
    w.number(figure(row.recencyDays()));
    w.number(figure(row.frequency()));
    w.number(figure(row.monetary()));
    w.number(row.rScore() == null ? "" : Integer.toString(row.rScore()));
    w.number(row.fScore() == null ? "" : Integer.toString(row.fScore()));
    w.number(row.mScore() == null ? "" : Integer.toString(row.mScore()));
    w.text(row.rfmGroup() == null ? "" : row.rfmGroup().id());
    w.text(row.cluster() == null ? "" : row.cluster());
    w.text(row.clusterName() == null ? "" : row.clusterName());
    w.number(figure(row.churnProbability()));
    w.number(figure(row.pAlive()));
    w.number(figure(row.expectedPurchases90d()));
    w.number(figure(row.clv365d()));
    w.text(row.journeyStage() == null ? "" : row.journeyStage());
    w.text(reasons(row));
    w.number(figure(row.pPurchase30d()));
    w.text(row.nextPurchaseBand());
    w.number(row.clusterProbability() == null ? "" : probability(row.clusterProbability()));
    w.endRow();
  }

  /**
   * The reasons cell: the cluster traits, then {@code | churn: } and the churn factors, each list
   * joined with "; ".
   */
  public static String reasons(CustomerRow row) {
    return Reasons.of(row.clusterReasons(), row.churnReasons()).cell();
  }

  /** A figure as customers.csv writes it (six significant digits), empty for none. */
  public static String figure(Double v) {
    return v == null ? "" : CustomerStage.fmt(v);
  }

  /**
   * A figure rounded as customers.csv writes it, so a reader of the table and of the file agree.
   */
  public static Double asWritten(Double v) {
    return v == null || !Double.isFinite(v) ? null : CustomerStage.round6(v);
  }

  /** A probability as the cluster columns write it (six decimal places), for the same reason. */
  public static String probability(double p) {
    return SegmentStage.probability(p);
  }
}
