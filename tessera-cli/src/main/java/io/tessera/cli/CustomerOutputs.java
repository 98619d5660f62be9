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
  static int write(Path out, CustomerStage.Outcome rfm, SegmentStage.Outcome clusters)
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
        cells.add(""); // churn_probability: the churn model is not wired into the run yet
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
        cells.add(c == null ? "" : CustomerStage.csv(clusters.reasons().get(c)));
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
    ObjectNode root = RunOutputs.JSON.createObjectNode();
    root.put("format_version", 1);
    root.putPOJO("segments", segments);
    RunOutputs.JSON.writeValue(out.resolve("segments.json").toFile(), root);
    return all.size();
  }
}
