package io.tessera.pipeline.outputs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/**
 * A stage of a run that had nothing to work on, and why: the run goes on without it and says so in
 * manifest.json, segments.json (for the segmenting stages) and the report.
 *
 * @param stage the stage: {@code rfm}, {@code clv}, {@code clustering} or {@code churn}
 * @param reason one sentence a user can act on
 */
public record Skipped(String stage, String reason) {
  /** The stages that make segments. */
  public static final List<String> SEGMENTING = List.of("rfm", "clustering");

  /** Adds each as {@code {"stage", "reason"}}. */
  public static void write(ArrayNode to, List<Skipped> skipped) {
    for (Skipped s : skipped) {
      to.addObject().put("stage", s.stage()).put("reason", s.reason());
    }
  }
}
