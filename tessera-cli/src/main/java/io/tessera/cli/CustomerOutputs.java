package io.tessera.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.segment.Segment;
import io.tessera.store.CsvOutput;
import io.tessera.store.RunOutputs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes customers.csv (one row per consenting customer seen by any stage: the RFM and CLV scores
 * of buyers, the RFM group of everyone, the cluster of everyone segmented) and segments.json (the
 * stages that made no segments and why, the RFM groups, then the clusters).
 */
final class CustomerOutputs {
  private CustomerOutputs() {}

  /** Writes both files; returns the number of customer rows. */
  static int write(
      Path out,
      CustomerStage.Outcome rfm,
      SegmentStage.Outcome clusters,
      ChurnStage.Outcome churn,
      List<Skipped> skipped)
      throws IOException {
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
    all.addAll(clusterRow.keySet());
    // ids and names come from the user's data: written through CsvOutput (quoted, formula-safe)
    try (CsvOutput w = CsvOutput.open(out.resolve("customers.csv"), CustomerStage.COLUMNS)) {
      for (String id : all) {
        w.text(id);
        Integer r = rfmRow.get(id);
        Integer c = clusterRow.get(id);
        String stage = "";
        if (r != null) {
          var score = rfm.scores()[r];
          w.number(CustomerStage.fmt(rfm.recency()[r]));
          w.number(CustomerStage.fmt(rfm.frequency()[r]));
          w.number(CustomerStage.fmt(rfm.monetary()[r]));
          w.number(Integer.toString(score.r()));
          w.number(Integer.toString(score.f()));
          w.number(Integer.toString(score.m()));
          w.text(score.group().id());
          stage = score.group().stage().wireName();
        } else {
          for (int k = 0; k < 6; k++) {
            w.number("");
          }
          // a customer without a purchase, placed by visits (or no group without orders or events)
          var visitor = rfm == null ? null : rfm.visitors().get(id);
          w.text(visitor == null ? "" : visitor.id());
        }
        Segment segment = null;
        if (c != null) {
          segment = clusters.segments().get(clusters.labels()[c]);
          w.text(segment.id());
          w.text(segment.name().en());
        } else {
          w.text("");
          w.text("");
        }
        Double churnP = churn == null ? null : churn.churnProbability().get(id);
        w.number(churnP == null ? "" : CustomerStage.fmt(churnP));
        if (r != null) {
          w.number(CustomerStage.fmt(rfm.pAlive()[r]));
          w.number(CustomerStage.fmt(rfm.expected90()[r]));
          w.number(CustomerStage.fmt(rfm.clv365()[r]));
        } else {
          w.number("");
          w.number("");
          w.number("");
        }
        if (stage.isEmpty() && segment != null) {
          stage = segment.journeyStage();
        }
        if (stage.isEmpty() && rfm != null && rfm.visitors().containsKey(id)) {
          // never bought: still to be won, whatever group their visits put them in
          stage = io.tessera.segment.rfm.JourneyStage.ACQUISITION.wireName();
        }
        w.text(stage);
        String why = c == null ? "" : clusters.reasons().get(c);
        List<String> churnWhy = churn == null ? null : churn.reasons().get(id);
        if (churnWhy != null && !churnWhy.isEmpty()) {
          why = (why.isEmpty() ? "" : why + " | ") + "churn: " + String.join("; ", churnWhy);
        }
        w.text(why);
        Double buy = churn == null ? null : churn.pBuy30d().get(id);
        w.number(buy == null ? "" : CustomerStage.fmt(buy));
        String band = churn == null ? null : churn.band().get(id);
        w.text(band);
        w.number(c == null ? "" : clusters.probability(c));
        w.endRow();
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
      var group = rfm == null ? null : rfm.groupOf(id, rfmRow);
      if (group != null) {
        memberOf.add("rfm:" + group.id());
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
      array.add(node);
    }
    RunOutputs.JSON.writeValue(out.resolve("segments.json").toFile(), root);
    return all.size();
  }
}
