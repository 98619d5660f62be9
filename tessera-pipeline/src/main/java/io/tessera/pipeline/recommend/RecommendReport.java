package io.tessera.pipeline.recommend;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.report.ReportModel;
import io.tessera.store.RunOutputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The report's recommendations section, read back from the stage's own outputs ({@code
 * models/recommend.json} and the {@code recommend} sections of {@code segments.json}), so the
 * report shows exactly what the files say.
 */
public final class RecommendReport {
  private RecommendReport() {}

  /**
   * The section, or null when the stage did not run or was skipped (the skipped list says why).
   *
   * @param out the run's output folder ({@code models/recommend.json}, {@code segments.json})
   * @param rows the report's segments (lifted products of other segments are left out)
   */
  public static ReportModel.Recommendations read(Path out, List<ReportModel.SegmentRow> rows)
      throws IOException {
    Path modelFile = out.resolve("models").resolve("recommend.json");
    if (!Files.isRegularFile(modelFile)) {
      return null;
    }
    JsonNode m = RunOutputs.JSON.readTree(modelFile.toFile());
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
    Set<String> known = new HashSet<>();
    rows.forEach(r -> known.add(r.id()));
    List<ReportModel.SegmentItems> segments = new ArrayList<>();
    Path segmentsFile = out.resolve("segments.json");
    if (Files.isRegularFile(segmentsFile)) {
      for (JsonNode s : RunOutputs.JSON.readTree(segmentsFile.toFile()).path("segments")) {
        String id = s.path("id").asText();
        JsonNode top = s.path("recommend").path("top_items");
        if (!known.contains(id) || !top.isArray() || top.isEmpty()) {
          continue;
        }
        List<ReportModel.LiftedItem> items = new ArrayList<>();
        for (JsonNode i : top) {
          if (items.size() == 5) {
            break;
          }
          items.add(
              new ReportModel.LiftedItem(
                  i.path("item").asText(),
                  i.path("customers").asLong(),
                  i.path("lift").asDouble()));
        }
        segments.add(new ReportModel.SegmentItems(id, items));
      }
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
