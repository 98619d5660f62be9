package io.tessera.pipeline.rfm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.predict.clv.BgNbd;
import io.tessera.predict.clv.ClvFit;
import io.tessera.predict.clv.EmpiricalRate;
import io.tessera.predict.clv.GammaGamma;
import io.tessera.predict.clv.RepeatSummary;
import io.tessera.predict.clv.TransactionSummary;
import io.tessera.segment.rfm.RfmGroup;
import io.tessera.segment.rfm.RfmModel;
import io.tessera.segment.rfm.VisitorPlacement;
import io.tessera.store.RunOutputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** models/rfm.json and models/clv.json, written from the stage's fitted models. */
final class ModelFiles {
  private ModelFiles() {}

  /** models/rfm.json and models/clv.json of a run without orders or events: why they are empty. */
  static void writeSkipped(Path out, String reason) throws IOException {
    Files.createDirectories(out.resolve("models"));
    for (String file : List.of("rfm.json", "clv.json")) {
      ObjectNode root = RunOutputs.JSON.createObjectNode();
      root.put("format_version", 1);
      root.put("status", "skipped");
      root.put("reason", reason);
      RunOutputs.JSON.writeValue(out.resolve("models").resolve(file).toFile(), root);
    }
  }

  static void writeClvStatus(Path out, String status) throws IOException {
    Files.createDirectories(out.resolve("models"));
    ObjectNode root = RunOutputs.JSON.createObjectNode();
    root.put("format_version", 1);
    root.put("status", status);
    root.put("customers", 0);
    RunOutputs.JSON.writeValue(out.resolve("models/clv.json").toFile(), root);
  }

  static void writeRfmModel(
      Path file,
      RfmModel rfm,
      VisitorPlacement placement,
      Map<RfmGroup, Integer> groups,
      Map<RfmGroup, Integer> visitors,
      LocalDate asOf)
      throws IOException {
    Files.createDirectories(file.getParent());
    ObjectNode root = RunOutputs.JSON.createObjectNode();
    root.put("format_version", 1);
    root.put("as_of", asOf.toString());
    if (rfm != null) {
      ObjectNode edges = root.putObject("quintile_edges");
      edges.putPOJO("recency_days", rfm.recencyEdges());
      edges.putPOJO("frequency", rfm.frequencyEdges());
      edges.putPOJO("monetary", rfm.monetaryEdges());
    }
    ObjectNode v = root.putObject("visitors");
    v.put(
        "rule",
        "customers without a completed order are placed by days since their last activity"
            + " (quintile edges below, over everyone): visit recency 5 with the first activity"
            + " also within it -> new, 5 or 4 -> must_catch_now, 3 -> needs_attention, 2 ->"
            + " hibernating, 1 -> lost; no activity at all -> hibernating");
    v.putPOJO("days_since_last_activity_edges", placement.recencyEdges());
    ObjectNode g = root.putObject("groups");
    for (RfmGroup group : RfmGroup.values()) {
      ObjectNode n = g.putObject(group.id());
      n.putObject("name").put("en", group.english()).put("ko", group.korean());
      n.put("size", groups.getOrDefault(group, 0));
      n.put("visitors", visitors.getOrDefault(group, 0));
      n.put("journey_stage", group.stage().wireName());
      n.putPOJO("actions", Map.of("en", group.actionsEn(), "ko", group.actionsKo()));
    }
    RunOutputs.JSON.writeValue(file.toFile(), root);
  }

  static void writeClvModel(
      Path file,
      TransactionSummary.TimeUnit unit,
      ClvFit fit,
      double correlation,
      List<String> warnings,
      RepeatSummary c,
      String status,
      LocalDate asOf,
      TransactionSummary summary)
      throws IOException {
    ObjectNode root = RunOutputs.JSON.createObjectNode();
    root.put("format_version", 1);
    root.put("time_unit", unit.name().toLowerCase(Locale.ROOT));
    root.put("calibration_end", asOf.toString());
    root.put("status", status);
    root.put("method", fit.method().wireName());
    root.put("customers", c.size());
    root.put("repeat_buyers", c.repeatBuyers());
    warnings.forEach(root.putArray("warnings")::add);
    if (fit.purchases() != null) {
      BgNbd bgnbd = fit.purchases();
      GammaGamma gg = fit.spend();
      root.putObject("bgnbd")
          .put("r", bgnbd.r())
          .put("alpha", bgnbd.alpha())
          .put("a", bgnbd.a())
          .put("b", bgnbd.b())
          .put("log_likelihood", bgnbd.logLikelihood());
      root.putObject("gamma_gamma")
          .put("p", gg.p())
          .put("q", gg.q())
          .put("gamma", gg.gamma())
          .put("log_likelihood", gg.logLikelihood());
      root.put("frequency_spend_correlation", correlation);
    } else {
      EmpiricalRate e = fit.empirical();
      root.putObject("empirical_rate")
          .put("rate", e.rate())
          .put("weight", e.weight())
          .put("spend", e.spend());
    }
    root.put("holdout_length", summary.holdoutLength());
    RunOutputs.JSON.writeValue(file.toFile(), root);
  }
}
