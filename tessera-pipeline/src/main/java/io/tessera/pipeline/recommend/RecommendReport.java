package io.tessera.pipeline.recommend;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.report.ReportModel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's recommendations section, from the stage's result: the very documents it wrote
 * ({@code models/recommend.json} and the {@code recommend} sections of {@code segments.json}), held
 * in memory, so the report shows exactly what the files say without reading them back.
 */
public final class RecommendReport {
  private RecommendReport() {}

  /**
   * The section, or null when the stage did not run or was skipped (the skipped list says why).
   *
   * @param result the stage's result, or null when it did not run
   * @param rows the report's segments (lifted products of other segments are left out)
   */
  public static ReportModel.Recommendations of(
      RecommendStage.Result result, List<ReportModel.SegmentRow> rows) {
    if (result == null || result.model() == null) {
      return null;
    }
    JsonNode m = result.model();
    if (!"fitted".equals(m.path("status").asText())) {
      return null;
    }
    JsonNode e = m.path("evaluation");
    boolean evaluated = "evaluated".equals(e.path("status").asText());
    List<ReportModel.MethodScore> methods = new ArrayList<>();
    for (JsonNode x : e.path("methods")) {
      methods.add(
          new ReportModel.MethodScore(
              x.path("method").asText(),
              x.path("precision_at_10").asDouble(),
              x.path("recall_at_10").asDouble(),
              x.path("map_at_10").asDouble(),
              x.path("coverage").asDouble()));
    }
    List<ReportModel.SegmentItems> segments = new ArrayList<>();
    // the report's segments, in its order; lifted products of other segments are left out
    for (ReportModel.SegmentRow row : rows) {
      JsonNode section = result.segmentSections().get(row.id());
      JsonNode top = section == null ? null : section.path("top_items");
      if (top == null || !top.isArray() || top.isEmpty()) {
        continue;
      }
      List<ReportModel.LiftedItem> items = new ArrayList<>();
      for (JsonNode i : top) {
        if (items.size() == 5) {
          break;
        }
        items.add(
            new ReportModel.LiftedItem(
                i.path("item").asText(), i.path("customers").asLong(), i.path("lift").asDouble()));
      }
      segments.add(new ReportModel.SegmentItems(row.id(), items));
    }
    return new ReportModel.Recommendations(
        m.path("method").asText(),
        evaluated && m.path("choice").asText().startsWith("best on the time split"),
        evaluated ? LocalDate.parse(e.path("train_end").asText()) : null,
        evaluated ? e.path("test_days").asInt() : 0,
        evaluated ? e.path("customers").asLong() : 0,
        methods,
        segments);
  }
}
