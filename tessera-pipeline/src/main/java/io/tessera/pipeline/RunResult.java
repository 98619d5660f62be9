package io.tessera.pipeline;

import io.tessera.pipeline.churn.ChurnStage;
import io.tessera.pipeline.outputs.CustomerTable;
import io.tessera.pipeline.outputs.Skipped;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.pipeline.segment.SegmentStage;
import io.tessera.store.Ingestor;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What a batch run produced. The output files under {@code out} are written from these objects; a
 * caller in the same process (the server) takes its scores and models from here, never from the
 * files.
 *
 * @param out the output folder
 * @param asOf the run's as-of date, or null when no customer stage ran
 * @param ingest the data health and the inputs read
 * @param customers every consenting customer's scores, keyed by customer id
 * @param models the fitted models
 * @param skipped the stages that had nothing to work on, and why
 * @param excluded customers left out for consent
 * @param timingsMs each stage's wall time
 * @param report report.html, or null when no customer stage ran
 * @param rfm the RFM and lifetime-value stage's outcome, or null when it did not run
 * @param segmentation the segmentation stage's outcome, or null when it did not run
 * @param churn the churn stage's outcome, or null when it did not run
 * @param recommendations every customer's recommendations, best first, as recommendations.csv holds
 *     them (empty when the stage was skipped); the server serves them from its store
 */
public record RunResult(
    Path out,
    LocalDate asOf,
    Ingestor.Result ingest,
    CustomerTable customers,
    RunModels models,
    List<Skipped> skipped,
    int excluded,
    Map<String, Long> timingsMs,
    Path report,
    CustomerStage.Outcome rfm,
    SegmentStage.Outcome segmentation,
    ChurnStage.Outcome churn,
    List<io.tessera.recommend.Recommendation> recommendations) {
  public RunResult {
    skipped = List.copyOf(skipped);
    recommendations = io.tessera.recommend.Recommendations.copyOf(recommendations);
    timingsMs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timingsMs));
  }

  /**
   * The churn stage's report (models/churn.json as written), or null when the stage did not run.
   */
  public io.tessera.predict.churn.ChurnReport churnReport() {
    return churn == null ? null : churn.report();
  }
}
