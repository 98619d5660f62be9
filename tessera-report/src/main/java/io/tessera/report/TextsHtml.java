package io.tessera.report;

import java.util.Locale;

/**
 * The report's text part (issue 11): the sentiment methods and their accuracy, sentiment and
 * complaints by segment, the topics with their words, size, mean sentiment and a masked example,
 * and masked complaint examples, written into an {@link HtmlReport}.
 */
final class TextsHtml extends SectionHtml {
  TextsHtml(HtmlReport r) {
    super(r);
  }

  @Override
  void write() {
    ReportModel.Texts t = model.texts();
    r.sectionStart(
        "texts",
        Label.TEXTS,
        Label.TEXTS_INTRO.format(lang, fmt.count(t.texts()), fmt.count(t.complaints())));
    if (!t.methods().isEmpty()) {
      out.append("<table class=\"data\"><thead><tr>");
      r.th(Label.METHOD, false);
      r.th(Label.LABELLED_TEXTS, true);
      r.th(Label.ACCURACY, true);
      r.th(Label.F1, true);
      out.append("</tr></thead><tbody>\n");
      for (ReportModel.TextMethod m : t.methods()) {
        String name =
            switch (m.method()) {
              case "classifier" -> Label.TEXT_METHOD_CLASSIFIER.in(lang);
              case "lexicon" -> Label.TEXT_METHOD_LEXICON.in(lang);
              default -> m.method();
            };
        out.append("<tr><td>").append(HtmlReport.esc(name)).append("</td>");
        r.num(fmt.count(m.labelled()));
        r.num(m.accuracy() == null ? "–" : fmt.percent(m.accuracy()));
        r.num(m.f1() == null ? "–" : fmt.number(m.f1()));
        out.append("</tr>\n");
      }
      out.append("</tbody></table>\n");
    }
    if (!t.segments().isEmpty()) {
      out.append("<h3>").append(HtmlReport.esc(Label.SENTIMENT_BY_SEGMENT.in(lang)));
      out.append("</h3>\n<table class=\"data\"><thead><tr>");
      r.th(Label.SEGMENT, false);
      r.th(Label.TEXT_COUNT, true);
      r.th(Label.MEAN_SENTIMENT, true);
      r.th(Label.COMPLAINT_SHARE, true);
      r.th(Label.TOP_TOPICS, false);
      out.append("</tr></thead><tbody>\n");
      for (ReportModel.SegmentTexts s : t.segments()) {
        out.append("<tr><td>").append(HtmlReport.esc(model.segment(s.segmentId()).name().in(lang)));
        out.append("</td>");
        r.num(fmt.count(s.texts()));
        r.num(s.meanSentiment() == null ? "–" : score(s.meanSentiment()));
        r.num(fmt.percent(s.complaintShare()));
        out.append("<td>").append(HtmlReport.esc(String.join(", ", s.topTopics())));
        out.append("</td></tr>\n");
      }
      out.append("</tbody></table>\n");
    }
    if (!t.topics().isEmpty()) {
      out.append("<h3>").append(HtmlReport.esc(Label.TOPICS.in(lang)));
      out.append("</h3>\n<table class=\"data\"><thead><tr>");
      r.th(Label.TOPIC, false);
      r.th(Label.TOP_WORDS, false);
      r.th(Label.TEXT_COUNT, true);
      r.th(Label.MEAN_SENTIMENT, true);
      r.th(Label.EXAMPLE, false);
      out.append("</tr></thead><tbody>\n");
      for (ReportModel.TextTopic p : t.topics()) {
        out.append("<tr><td>").append(HtmlReport.esc(p.topic())).append("</td><td>");
        out.append(HtmlReport.esc(String.join(", ", p.words()))).append("</td>");
        r.num(fmt.count(p.size()));
        r.num(p.meanSentiment() == null ? "–" : score(p.meanSentiment()));
        out.append("<td>");
        out.append(HtmlReport.esc(p.examples().isEmpty() ? "" : p.examples().get(0)));
        out.append("</td></tr>\n");
      }
      out.append("</tbody></table>\n");
    }
    if (!t.complaintExamples().isEmpty()) {
      out.append("<h3>").append(HtmlReport.esc(Label.COMPLAINT_EXAMPLES.in(lang)));
      out.append("</h3>\n<ul>\n");
      for (String e : t.complaintExamples()) {
        out.append("<li>").append(HtmlReport.esc(e)).append("</li>\n");
      }
      out.append("</ul>\n");
    }
    r.sectionEnd();
  }

  /** A score in [-1, 1] with a sign and two decimals: +0.42, −0.17. */
  private static String score(double x) {
    return String.format(Locale.ROOT, "%+.2f", x);
  }
}
