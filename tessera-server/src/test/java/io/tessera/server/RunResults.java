package io.tessera.server;

import io.tessera.pipeline.RunModels;
import io.tessera.pipeline.RunResult;
import io.tessera.pipeline.churn.ChurnModels;
import io.tessera.pipeline.churn.ChurnStage;
import io.tessera.pipeline.outputs.CustomerRow;
import io.tessera.pipeline.outputs.CustomerTable;
import io.tessera.predict.churn.SavedChurn;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Run results made by hand, for loading scores into a server without running the pipeline. */
public final class RunResults {
  private RunResults() {}

  /** A customer with only a churn probability and cluster probabilities (either may be null). */
  public static CustomerRow row(
      String id, Double churn, Double clusterProbability, Map<String, Double> probabilities) {
    return new CustomerRow(
        id,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        churn,
        null,
        null,
        null,
        null,
        List.of(),
        List.of(),
        null,
        null,
        clusterProbability,
        probabilities);
  }

  /** A run of these customers; {@code churn} is its saved churn model of the given id, or null. */
  public static RunResult of(List<CustomerRow> rows, String churnModelId, SavedChurn churn) {
    ChurnModels models = new ChurnModels(churn, null, null);
    io.tessera.predict.churn.ChurnReport report =
        new io.tessera.predict.churn.ChurnReport(
            churn == null ? "not fitted: none" : "fitted",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    ChurnStage.Outcome outcome =
        new ChurnStage.Outcome(
            churn == null ? "not fitted: none" : "fitted",
            churnModelId,
            Double.NaN,
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            null,
            models,
            report,
            null);
    return new RunResult(
        Path.of("run-out"),
        LocalDate.parse("2026-12-01"),
        null,
        CustomerTable.of(rows),
        new RunModels(null, null, null, null, models),
        List.of(),
        0,
        Map.of(),
        null,
        null,
        null,
        outcome,
        List.of());
  }

  /** The same run with other models. */
  public static RunResult withModels(RunResult r, RunModels models) {
    return new RunResult(
        r.out(),
        r.asOf(),
        r.ingest(),
        r.customers(),
        models,
        r.skipped(),
        r.excluded(),
        r.timingsMs(),
        r.report(),
        r.rfm(),
        r.segmentation(),
        r.churn(),
        r.recommendations());
  }

  /** The same run with these recommendations. */
  public static RunResult withRecommendations(
      RunResult r, List<io.tessera.recommend.Recommendation> recommendations) {
    return new RunResult(
        r.out(),
        r.asOf(),
        r.ingest(),
        r.customers(),
        r.models(),
        r.skipped(),
        r.excluded(),
        r.timingsMs(),
        r.report(),
        r.rfm(),
        r.segmentation(),
        r.churn(),
        recommendations);
  }
}
