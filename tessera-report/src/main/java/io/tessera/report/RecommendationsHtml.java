package io.tessera.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The report's recommendations part: the methods compared on the time split, the chosen one, and
 * the products bought together, written into an {@link HtmlReport}.
 */
final class RecommendationsHtml extends SectionHtml {
  RecommendationsHtml(HtmlReport r) {
    super(r);
  }

  @Override
  void write() {
    ReportModel.Recommendations rec = model.recommendations();
    String method = methodName(rec.method());
    r.sectionStart(
        "recommend",
        Label.RECOMMEND,
        rec.evaluated()
            ? Label.RECOMMEND_INTRO.format(
                lang,
                method,
                rec.trainEnd().toString(),
                fmt.count(rec.testDays()),
                fmt.count(rec.customers()))
            : Label.RECOMMEND_INTRO_NO_SPLIT.format(lang, method));
    if (!rec.methods().isEmpty()) {
      out.append("<table class=\"data\"><thead><tr>");
      r.th(Label.METHOD, false);
      r.th(Label.PRECISION_AT_10, true);
      r.th(Label.RECALL_AT_10, true);
      r.th(Label.MAP_AT_10, true);
      r.th(Label.COVERAGE, true);
      out.append("</tr></thead><tbody>\n");
      for (ReportModel.MethodScore m : rec.methods()) {
        out.append("<tr><td>").append(HtmlReport.esc(methodName(m.method())));
        if (m.method().equals(rec.method())) {
          out.append(" ✓");
        }
        out.append("</td>");
        r.num(fmt.percent(m.precision()));
        r.num(fmt.percent(m.recall()));
        r.num(fmt.percent(m.map()));
        r.num(fmt.percent(m.coverage()));
        out.append("</tr>\n");
      }
      out.append("</tbody></table>\n");
    }
    if (!rec.segments().isEmpty()) {
      out.append("<h3>").append(HtmlReport.esc(Label.LIFTED_ITEMS.in(lang))).append("</h3>\n");
      out.append("<p class=\"intro\">").append(HtmlReport.esc(Label.LIFTED_ITEMS_INTRO.in(lang)));
      out.append("</p>\n<table class=\"data\"><thead><tr>");
      r.th(Label.SEGMENT, false);
      r.th(Label.LIFTED_ITEMS, false);
      out.append("</tr></thead><tbody>\n");
      for (ReportModel.SegmentItems s : rec.segments()) {
        out.append("<tr><td>").append(HtmlReport.esc(model.segment(s.segmentId()).name().in(lang)));
        out.append("</td><td>");
        List<String> items = new ArrayList<>();
        for (ReportModel.LiftedItem i : s.items()) {
          items.add(i.item() + " " + fmt.ratio(i.lift()) + " (" + fmt.count(i.customers()) + ")");
        }
        out.append(HtmlReport.esc(String.join(", ", items))).append("</td></tr>\n");
      }
      out.append("</tbody></table>\n");
    }
    r.sectionEnd();
  }

  private String methodName(String wire) {
    return switch (wire) {
      case "als" -> Label.METHOD_ALS.in(lang);
      case "item_cf" -> Label.METHOD_ITEM_CF.in(lang);
      case "popular" -> Label.METHOD_POPULAR.in(lang);
      case "segment_popular" -> Label.METHOD_SEGMENT_POPULAR.in(lang);
      default -> wire;
    };
  }
}
