package io.tessera.pipeline.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.report.ReportModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The report's text section, from the stage's outcome after {@link TextStage#write}: the same
 * object {@code models/text.json} is written from, so the report shows exactly what the file says
 * without reading it back.
 */
public final class TextReport {
  private TextReport() {}

  /**
   * The section, or null when the run scored no text.
   *
   * @param texts the text stage's outcome, written; null when the run scored no text
   * @param rows the report's segments (other segments' figures are left out)
   */
  public static ReportModel.Texts of(TextStage.Outcome texts, List<ReportModel.SegmentRow> rows) {
    if (texts == null) {
      return null;
    }
    JsonNode m = texts.json;
    List<ReportModel.TextMethod> methods = new ArrayList<>();
    JsonNode c = m.path("methods").path("classifier");
    if ("trained".equals(c.path("status").asText())) {
      JsonNode cv = c.path("cv");
      methods.add(
          new ReportModel.TextMethod(
              "classifier",
              cv.path("texts").asLong(),
              number(cv.path("accuracy")),
              number(cv.path("f1"))));
      JsonNode lex = c.path("lexicon_on_labelled");
      if (lex.path("texts").asLong() > 0) {
        methods.add(
            new ReportModel.TextMethod(
                "lexicon", lex.path("texts").asLong(), number(lex.path("accuracy")), null));
      }
    }
    List<String> complaints = new ArrayList<>();
    m.path("complaint_examples").forEach(e -> complaints.add(e.asText()));
    List<ReportModel.TextTopic> topics = new ArrayList<>();
    for (JsonNode t : m.path("topics")) {
      List<String> words = new ArrayList<>();
      t.path("words").forEach(w -> words.add(w.asText()));
      List<String> examples = new ArrayList<>();
      t.path("examples").forEach(e -> examples.add(e.asText()));
      topics.add(
          new ReportModel.TextTopic(
              t.path("topic").asText(),
              t.path("language").asText(),
              words.subList(0, Math.min(8, words.size())),
              t.path("size").asLong(),
              number(t.path("mean_sentiment")),
              examples));
    }
    Set<String> known = new HashSet<>();
    rows.forEach(r -> known.add(r.id()));
    List<ReportModel.SegmentTexts> segments = new ArrayList<>();
    m.path("segments")
        .properties()
        .forEach(
            e -> {
              if (!known.contains(e.getKey())) {
                return;
              }
              JsonNode s = e.getValue();
              List<String> top = new ArrayList<>();
              s.path("top_topics").forEach(t -> top.add(t.path("topic").asText()));
              segments.add(
                  new ReportModel.SegmentTexts(
                      e.getKey(),
                      s.path("texts").asLong(),
                      number(s.path("mean_sentiment")),
                      s.path("complaint_share").asDouble(),
                      top));
            });
    return new ReportModel.Texts(
        m.path("texts").asLong(),
        m.path("complaints").asLong(),
        methods,
        complaints,
        topics,
        segments);
  }

  private static Double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : null;
  }
}
