package io.tessera.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.segment.Segment;
import io.tessera.store.RunOutputs;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes customers.csv (one row per consenting customer seen by any stage: the RFM and CLV scores
 * of buyers, the cluster of everyone segmented) and segments.json (the RFM groups, then the
 * clusters).
 */
final class CustomerOutputs {
  private CustomerOutputs() {}

  /** Writes both files; returns the number of customer rows. */
  static int write(
      Path out, CustomerStage.Outcome rfm, SegmentStage.Outcome clusters, ChurnStage.Outcome churn)
      throws IOException {
    TreeSet<String> all = new TreeSet<>();
    Map<String, Integer> rfmRow = new HashMap<>();
    if (rfm != null) {
      for (int i = 0; i < rfm.ids().size(); i++) {
        rfmRow.put(rfm.ids().get(i), i);
      }
      all.addAll(rfm.ids());
    }
    Map<String, Integer> clusterRow = clusters == null ? Map.of() : clusters.rowOf();
    all.addAll(clusterRow.keySet());
    try (BufferedWriter w =
        Files.newBufferedWriter(out.resolve("customers.csv"), StandardCharsets.UTF_8)) {
      w.write(String.join(",", CustomerStage.COLUMNS));
      w.write('\n');
      List<String> cells = new ArrayList<>(CustomerStage.COLUMNS.size());
      for (String id : all) {
        cells.clear();
        cells.add(CustomerStage.csv(id));
        Integer r = rfmRow.get(id);
        Integer c = clusterRow.get(id);
        String stage = "";
        if (r != null) {
          var score = rfm.scores()[r];
          cells.add(CustomerStage.fmt(rfm.recency()[r]));
          cells.add(CustomerStage.fmt(rfm.frequency()[r]));
          cells.add(CustomerStage.fmt(rfm.monetary()[r]));
          cells.add(Integer.toString(score.r()));
          cells.add(Integer.toString(score.f()));
          cells.add(Integer.toString(score.m()));
          cells.add(score.group().id());
          stage = score.group().stage().wireName();
        } else {
          for (int k = 0; k < 7; k++) {
            cells.add("");
          }
        }
        Segment segment = null;
        if (c != null) {
          segment = clusters.segments().get(clusters.labels()[c]);
          cells.add(segment.id());
          cells.add(CustomerStage.csv(segment.name().en()));
        } else {
          cells.add("");
          cells.add("");
        }
        Double churnP = churn == null ? null : churn.churnProbability().get(id);
        cells.add(churnP == null ? "" : CustomerStage.fmt(churnP));
        if (r != null) {
          cells.add(CustomerStage.fmt(rfm.pAlive()[r]));
          cells.add(CustomerStage.fmt(rfm.expected90()[r]));
          cells.add(CustomerStage.fmt(rfm.clv365()[r]));
        } else {
          cells.add("");
          cells.add("");
          cells.add("");
        }
        if (stage.isEmpty() && segment != null) {
          stage = segment.journeyStage();
        }
        cells.add(stage);
        String why = c == null ? "" : clusters.reasons().get(c);
        List<String> churnWhy = churn == null ? null : churn.reasons().get(id);
        if (churnWhy != null && !churnWhy.isEmpty()) {
          why = (why.isEmpty() ? "" : why + " | ") + "churn: " + String.join("; ", churnWhy);
        }
        cells.add(CustomerStage.csv(why));
        Double buy = churn == null ? null : churn.pBuy30d().get(id);
        cells.add(buy == null ? "" : CustomerStage.fmt(buy));
        String band = churn == null ? null : churn.band().get(id);
        cells.add(band == null ? "" : band);
        cells.add(c == null ? "" : clusters.probability(c));
        w.write(String.join(",", cells));
        w.write('\n');
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
    for (String id : all) {
      Integer r = rfmRow.get(id);
      Integer c = clusterRow.get(id);
      List<String> memberOf = new ArrayList<>(2);
      if (r != null) {
        memberOf.add("rfm:" + rfm.scores()[r].group().id());
      }
      if (c != null) {
        memberOf.add(clusters.segments().get(clusters.labels()[c]).id());
      }
      double clv = r == null ? Double.NaN : rfm.clv365()[r];
      Double p = churn == null ? null : churn.churnProbability().get(id);
      for (String seg : memberOf) {
        if (Double.isFinite(clv)) {
          double[] a = clvSum.computeIfAbsent(seg, k -> new double[2]);
          a[0] += clv;
          a[1]++;
        }
        if (p != null) {
          double[] a = churnSum.computeIfAbsent(seg, k -> new double[2]);
          a[0] += p;
          a[1]++;
        }
      }
    }
    ObjectNode root = RunOutputs.JSON.createObjectNode();
    root.put("format_version", 1);
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
      array.add(node);
    }
    RunOutputs.JSON.writeValue(out.resolve("segments.json").toFile(), root);
    return all.size();
  }
}
