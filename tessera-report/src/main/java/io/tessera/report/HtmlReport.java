package io.tessera.report;

import io.tessera.report.PredictionParts.Predictions;
import io.tessera.report.ReportModel.Feature;
import io.tessera.report.ReportModel.Kpi;
import io.tessera.report.ReportModel.SegmentKind;
import io.tessera.report.ReportModel.SegmentRow;
import io.tessera.report.ReportModel.SourceHealth;
import io.tessera.report.ReportModel.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one self-contained HTML file: tables written here, charts drawn in the browser by
 * Apache ECharts from the model embedded as JSON. The ECharts library (from the {@code
 * org.webjars:echarts} jar), the style sheet and the chart script are inlined, and a content
 * security policy forbids every network request, so the file opens offline and the same anywhere.
 *
 * <p>Every string from the data is HTML-escaped where it enters the page; the embedded JSON is
 * escaped for a script element ({@link ReportJson#forScriptElement}); the chart script escapes what
 * it puts in tooltips.
 */
public final class HtmlReport {
  /** The ECharts version inlined (the version of the WebJar in the pom). */
  public static final String ECHARTS_VERSION = "5.5.0";

  static final String ECHARTS_RESOURCE =
      "META-INF/resources/webjars/echarts/" + ECHARTS_VERSION + "/echarts.min.js";

  /**
   * Segment colours in segment order: Tableau 10, chosen because its colours stay apart for the
   * common colour-vision deficiencies and in greyscale print.
   */
  static final List<String> PALETTE =
      List.of(
          "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
          "#9c755f", "#bab0ac");

  private static final String CSP =
      "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

  final ReportModel model;
  final Lang lang;
  final Fmt fmt;
  final StringBuilder out = new StringBuilder(1 << 16);

  private HtmlReport(ReportModel model, Lang lang) {
    this.model = model;
    this.lang = lang;
    this.fmt = new Fmt(lang, model.run().currency());
  }

  /** The report as an HTML document. */
  public static String render(ReportModel model, Lang lang) {
    HtmlReport r = new HtmlReport(model, lang);
    r.document();
    return r.out.toString();
  }

  /**
   * Writes the report to a file (UTF-8), creating its folder.
   *
   * @return the file
   */
  public static Path write(ReportModel model, Lang lang, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, render(model, lang), StandardCharsets.UTF_8);
    return file;
  }

  private void document() {
    out.append("<!DOCTYPE html>\n<html lang=\"")
        .append(lang.tag())
        .append("\">\n<head>\n")
        .append("<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .append(CSP)
        .append("\">\n<meta name=\"generator\" content=\"Tessera\">\n<title>")
        .append(esc(model.run().title() + " · " + Label.SUBTITLE.in(lang)))
        .append("</title>\n<style>\n")
        .append(resource("report.css"))
        .append("</style>\n</head>\n<body>\n");
    header();
    contents();
    out.append("<main class=\"wrap\">\n");
    if (!model.skipped().isEmpty()) {
      skipped();
    }
    dataHealth();
    if (model.rfmGrid() != null) {
      rfmGrid();
    }
    if (!model.segments().isEmpty()) {
      segmentValue();
      profiles();
    }
    if (model.map() != null) {
      map();
    }
    if (model.kSelection() != null) {
      kSelection();
    }
    if (!model.segments().isEmpty()) {
      actions();
    }
    predictions();
    if (model.recommendations() != null) {
      new RecommendationsHtml(this).write();
    }
    if (model.texts() != null) {
      new TextsHtml(this).write();
    }
    if (model.identity() != null) {
      new IdentityHtml(this).write();
    }
    out.append("</main>\n<footer class=\"wrap\"><p>")
        .append(esc(Label.FOOTER.format(lang, ECHARTS_VERSION)))
        .append("</p></footer>\n");
    script("tessera-data", ReportJson.toJson(model));
    script("tessera-view", ReportJson.toJson(view()));
    out.append("<script>\n")
        .append(echarts())
        .append("\n</script>\n<script>\n")
        .append(resource("report.js"))
        .append("</script>\n</body>\n</html>\n");
  }

  private Map<String, Object> view() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("lang", lang.tag());
    v.put("labels", Label.all(lang));
    v.put("palette", PALETTE);
    return v;
  }

  private void script(String id, String json) {
    out.append("<script type=\"application/json\" id=\"")
        .append(id)
        .append("\">")
        .append(ReportJson.forScriptElement(json))
        .append("</script>\n");
  }

  // ---------------------------------------------------------------- header

  private void header() {
    ReportModel.RunInfo run = model.run();
    long rows = model.dataHealth().sources().stream().mapToLong(SourceHealth::rowsRead).sum();
    out.append("<header class=\"masthead\"><div class=\"wrap\">\n<p class=\"eyebrow\">")
        .append(esc(Label.SUBTITLE.in(lang)))
        .append("</p>\n<h1>")
        .append(esc(run.title()))
        .append("</h1>\n<p class=\"meta\">")
        .append(esc(Label.AS_OF.in(lang)))
        .append(" <strong>")
        .append(esc(run.asOf().toString()))
        .append("</strong> · ")
        .append(esc(Label.GENERATED.in(lang)))
        .append(" ")
        .append(esc(Fmt.instant(run.generatedAt())))
        .append(" · ")
        .append(
            esc(Label.INPUTS_SUMMARY.format(lang, fmt.count(run.inputs().size()), fmt.count(rows))))
        .append("</p>\n<div class=\"figures\">\n");
    figure(
        "customers",
        Label.KF_CUSTOMERS,
        fmt.count(run.segmentedCustomers()),
        Label.KF_CUSTOMERS_OF.format(
            lang, fmt.count(run.customers()), fmt.count(run.excludedCustomers())));
    figure(
        "revenue",
        Label.KF_REVENUE,
        fmt.compactMoney(run.totalRevenue()),
        Label.KF_REVENUE_SUB.format(
            lang,
            fmt.money(
                run.segmentedCustomers() == 0
                    ? 0
                    : run.totalRevenue() / run.segmentedCustomers())));
    figure("segments", Label.KF_SEGMENTS, fmt.count(model.segments().size()), kindsSummary());
    long quarantined =
        model.dataHealth().sources().stream().mapToLong(SourceHealth::rowsQuarantined).sum();
    figure(
        "accepted",
        Label.KF_ACCEPTED,
        rows == 0 ? "–" : fmt.percent((rows - quarantined) / (double) rows),
        Label.KF_ACCEPTED_SUB.format(lang, fmt.count(quarantined), fmt.count(rows)));
    SegmentRow top =
        model.segments().stream()
            .max(Comparator.comparingDouble(SegmentRow::revenueShare))
            .orElse(null);
    if (top != null) {
      figure(
          "top-segment",
          Label.KF_TOP_SEGMENT,
          top.name().in(lang),
          Label.KF_TOP_SEGMENT_SUB.format(
              lang, fmt.percent(top.revenueShare()), fmt.percent(top.share())));
    }
    Predictions p = model.predictions();
    if (p != null && p.churn() != null) {
      figure(
          "auc",
          Label.KF_AUC,
          fmt.number(p.churn().rocAuc()),
          Label.KF_AUC_SUB.format(lang, p.churn().model()));
    }
    out.append("</div>\n</div></header>\n");
  }

  /** "10 RFM groups, 6 clusters": the kinds present, with their counts. */
  private String kindsSummary() {
    List<String> parts = new ArrayList<>();
    for (SegmentKind kind : SegmentKind.values()) {
      long n = model.segments().stream().filter(s -> s.kind() == kind).count();
      if (n > 0) {
        Label label =
            switch (kind) {
              case RFM -> Label.KF_RFM_GROUPS;
              case CLUSTER -> Label.KF_CLUSTERS;
              case RULE -> Label.KF_RULE_SEGMENTS;
            };
        parts.add(label.format(lang, fmt.count(n)));
      }
    }
    return String.join(", ", parts);
  }

  private void figure(String key, Label label, String value, String sub) {
    out.append("<div class=\"figure\" data-figure=\"")
        .append(key)
        .append("\"><div class=\"figure-label\">")
        .append(esc(label.in(lang)))
        .append("</div><div class=\"figure-value\">")
        .append(esc(value))
        .append("</div><div class=\"figure-sub\">")
        .append(esc(sub))
        .append("</div></div>\n");
  }

  private void contents() {
    List<String[]> links = new ArrayList<>();
    if (!model.skipped().isEmpty()) {
      links.add(new String[] {"skipped", Label.SKIPPED.in(lang)});
    }
    links.add(new String[] {"health", Label.DATA_HEALTH.in(lang)});
    if (model.rfmGrid() != null) {
      links.add(new String[] {"rfm", Label.RFM_GRID.in(lang)});
    }
    if (!model.segments().isEmpty()) {
      links.add(new String[] {"value", Label.SEGMENT_VALUE.in(lang)});
      links.add(new String[] {"profiles", Label.PROFILES.in(lang)});
    }
    if (model.map() != null) {
      links.add(new String[] {"map", Label.MAP.in(lang)});
    }
    if (model.kSelection() != null) {
      links.add(new String[] {"k", Label.K_SELECTION.in(lang)});
    }
    if (!model.segments().isEmpty()) {
      links.add(new String[] {"actions", Label.ACTIONS.in(lang)});
    }
    if (hasPredictions()) {
      links.add(new String[] {"predictions", Label.PREDICTIONS.in(lang)});
    }
    if (model.recommendations() != null) {
      links.add(new String[] {"recommend", Label.RECOMMEND.in(lang)});
    }
    if (model.texts() != null) {
      links.add(new String[] {"texts", Label.TEXTS.in(lang)});
    }
    if (model.identity() != null) {
      links.add(new String[] {"identity", Label.IDENTITY.in(lang)});
    }
    out.append("<nav class=\"toc wrap\" aria-label=\"")
        .append(esc(Label.CONTENTS.in(lang)))
        .append("\">");
    for (String[] l : links) {
      out.append("<a href=\"#").append(l[0]).append("\">").append(esc(l[1])).append("</a>");
    }
    out.append("</nav>\n");
  }

  // ---------------------------------------------------------------- sections

  void sectionStart(String id, Label title, String intro) {
    out.append("<section id=\"")
        .append(id)
        .append("\" class=\"card\">\n<h2>")
        .append(esc(title.in(lang)))
        .append("</h2>\n");
    if (intro != null) {
      out.append("<p class=\"intro\">").append(esc(intro)).append("</p>\n");
    }
  }

  void sectionEnd() {
    out.append("</section>\n");
  }

  void chart(String kind, int height) {
    out.append("<div class=\"chart\" id=\"chart-")
        .append(kind)
        .append("\" data-chart=\"")
        .append(kind)
        .append("\" style=\"height:")
        .append(height)
        .append("px\"></div>\n");
  }

  private void skipped() {
    sectionStart("skipped", Label.SKIPPED, Label.SKIPPED_INTRO.in(lang));
    out.append("<ul class=\"skipped\">\n");
    for (ReportModel.SkippedStage s : model.skipped()) {
      out.append("<li data-stage=\"")
          .append(esc(s.stage()))
          .append("\"><strong>")
          .append(esc(stageName(s.stage())))
          .append("</strong>: ")
          .append(esc(s.reason().in(lang)))
          .append("</li>\n");
    }
    out.append("</ul>\n");
    sectionEnd();
  }

  private String stageName(String stage) {
    return switch (stage) {
      case "rfm" -> Label.STAGE_NAME_RFM.in(lang);
      case "clv" -> Label.STAGE_NAME_CLV.in(lang);
      case "clustering" -> Label.STAGE_NAME_CLUSTERING.in(lang);
      case "churn" -> Label.STAGE_NAME_CHURN.in(lang);
      case "recommend" -> Label.STAGE_NAME_RECOMMEND.in(lang);
      default -> stage;
    };
  }

  private void dataHealth() {
    sectionStart("health", Label.DATA_HEALTH, Label.DATA_HEALTH_INTRO.in(lang));
    out.append("<table class=\"data\"><thead><tr>");
    th(Label.SOURCE, false);
    th(Label.ROWS_READ, true);
    th(Label.ACCEPTED, true);
    th(Label.QUARANTINED, true);
    th(Label.QUARANTINE_RATE, true);
    th(Label.TOP_REASONS, false);
    out.append("</tr></thead><tbody>\n");
    for (SourceHealth s : model.dataHealth().sources()) {
      out.append("<tr><td>").append(esc(s.source())).append("</td>");
      num(fmt.count(s.rowsRead()));
      num(fmt.count(s.rowsAccepted()));
      num(fmt.count(s.rowsQuarantined()));
      num(s.rowsRead() == 0 ? "–" : fmt.percent(s.rowsQuarantined() / (double) s.rowsRead()));
      out.append("<td>");
      if (s.topReasons().isEmpty()) {
        out.append("<span class=\"muted\">").append(esc(Label.NONE.in(lang))).append("</span>");
      }
      for (ReportModel.ReasonCount r : s.topReasons()) {
        out.append("<span class=\"reason\"><code>")
            .append(esc(r.reason()))
            .append("</code> ")
            .append(esc(fmt.count(r.rows())))
            .append("</span> ");
      }
      out.append("</td></tr>\n");
    }
    out.append("</tbody></table>\n");
    if (!model.run().inputs().isEmpty()) {
      out.append("<p class=\"inputs\"><strong>")
          .append(esc(Label.INPUTS.in(lang)))
          .append(":</strong> ");
      List<String> parts = new ArrayList<>();
      for (ReportModel.InputSummary in : model.run().inputs()) {
        parts.add(
            "<code>"
                + esc(in.location())
                + "</code> ("
                + esc(in.source())
                + ", "
                + esc(fmt.count(in.rows()))
                + " "
                + esc(Label.ROWS.in(lang))
                + ")");
      }
      out.append(String.join(" · ", parts)).append("</p>\n");
    }
    sectionEnd();
  }

  private void rfmGrid() {
    sectionStart("rfm", Label.RFM_GRID, Label.RFM_INTRO.in(lang));
    chart("rfm", 460);
    sectionEnd();
  }

  private void segmentValue() {
    sectionStart("value", Label.SEGMENT_VALUE, Label.SEGMENT_VALUE_INTRO.in(lang));
    chart("value", Math.max(220, 70 + 46 * model.segments().size()));
    out.append("<table class=\"data\"><thead><tr>");
    th(Label.SEGMENT, false);
    th(Label.KIND, false);
    th(Label.STAGE, false);
    th(Label.CUSTOMERS, true);
    th(Label.SHARE, true);
    th(Label.REVENUE_SHARE, true);
    th(Label.VALUE_INDEX, true);
    out.append("</tr></thead><tbody>\n");
    for (int i = 0; i < model.segments().size(); i++) {
      SegmentRow s = model.segments().get(i);
      out.append("<tr><td>");
      swatch(i);
      out.append(esc(s.name().in(lang))).append("</td><td>").append(esc(kind(s.kind())));
      out.append("</td><td>");
      stage(s.journeyStage());
      out.append("</td>");
      num(fmt.count(s.size()));
      num(fmt.percent(s.share()));
      num(fmt.percent(s.revenueShare()));
      num(s.share() == 0 ? "–" : fmt.ratio(s.revenueShare() / s.share()));
      out.append("</tr>\n");
    }
    out.append("</tbody></table>\n");
    sectionEnd();
  }

  private void profiles() {
    sectionStart("profiles", Label.PROFILES, Label.PROFILES_INTRO.in(lang));
    out.append("<div class=\"grid wide\">\n");
    for (int i = 0; i < model.segments().size(); i++) {
      SegmentRow s = model.segments().get(i);
      out.append("<article class=\"profile\" style=\"--seg:").append(color(i)).append("\">\n<h3>");
      swatch(i);
      out.append(esc(s.name().in(lang))).append("</h3>\n<p class=\"tags\"><span class=\"tag\">");
      out.append(esc(kind(s.kind()))).append("</span> ");
      stage(s.journeyStage());
      out.append(" <span class=\"muted\">")
          .append(esc(fmt.count(s.size())))
          .append(" · ")
          .append(esc(fmt.percent(s.share())))
          .append("</span></p>\n");
      if (!s.kpis().isEmpty()) {
        out.append("<dl class=\"kpis\">");
        for (Kpi k : s.kpis()) {
          out.append("<div><dt>")
              .append(esc(k.label().in(lang)))
              .append("</dt><dd>")
              .append(esc(kpi(k)))
              .append("</dd></div>");
        }
        out.append("</dl>\n");
      }
      if (!s.topFeatures().isEmpty()) {
        double maxLift = s.topFeatures().stream().mapToDouble(Feature::lift).max().orElse(1);
        out.append(
            "<table class=\"features\"><colgroup><col class=\"name\"><col><col><col></colgroup>"
                + "<thead><tr>");
        th(Label.FEATURE, false);
        th(Label.SEGMENT_MEAN, true);
        th(Label.POPULATION_MEAN, true);
        th(Label.LIFT, true);
        out.append("</tr></thead><tbody>");
        for (Feature f : s.topFeatures()) {
          out.append("<tr><td>").append(esc(f.label().in(lang))).append("</td>");
          num(fmt.shortNumber(f.segmentValue()));
          num(fmt.shortNumber(f.populationValue()));
          out.append("<td class=\"num lift ")
              .append(f.lift() >= 1 ? "up" : "down")
              .append("\"><span class=\"bar\" style=\"width:")
              .append(
                  String.format(
                      Locale.ROOT, "%.0f", 100 * Math.min(1, Math.max(0, f.lift() / maxLift))))
              .append("%\"></span><span class=\"v\">")
              .append(esc(fmt.ratio(f.lift())))
              .append("</span></td></tr>");
        }
        out.append("</tbody></table>\n");
      }
      out.append("</article>\n");
    }
    out.append("</div>\n");
    sectionEnd();
  }

  private void map() {
    ReportModel.SegmentMap m = model.map();
    sectionStart(
        "map", Label.MAP, Label.MAP_INTRO.format(lang, fmt.count(m.points().size()), m.method()));
    chart("map", 520);
    sectionEnd();
  }

  private void kSelection() {
    sectionStart(
        "k",
        Label.K_SELECTION,
        Label.K_SELECTION_INTRO.format(lang, Integer.toString(model.kSelection().chosenK())));
    out.append("<div class=\"row3\">\n");
    chart("k-silhouette", 260);
    chart("k-calinski-harabasz", 260);
    chart("k-davies-bouldin", 260);
    out.append("</div>\n");
    sectionEnd();
  }

  private void actions() {
    sectionStart("actions", Label.ACTIONS, Label.ACTIONS_INTRO.in(lang));
    out.append("<div class=\"grid\">\n");
    for (int i = 0; i < model.segments().size(); i++) {
      SegmentRow s = model.segments().get(i);
      out.append("<article class=\"action\" style=\"--seg:").append(color(i)).append("\"><h3>");
      swatch(i);
      out.append(esc(s.name().in(lang))).append("</h3><p class=\"tags\">");
      stage(s.journeyStage());
      out.append("</p><ul>");
      for (Text a : s.actions()) {
        out.append("<li>").append(esc(a.in(lang))).append("</li>");
      }
      out.append("</ul></article>\n");
    }
    out.append("</div>\n");
    sectionEnd();
  }

  boolean hasPredictions() {
    return PredictionsHtml.has(model);
  }

  private void predictions() {
    new PredictionsHtml(this).write();
  }

  // ---------------------------------------------------------------- bits

  private String kpi(Kpi k) {
    return switch (k.format()) {
      case COUNT -> fmt.count(Math.round(k.value()));
      case MONEY -> fmt.money(k.value());
      case PERCENT -> fmt.percent(k.value());
      case DAYS -> fmt.number(k.value()) + (lang == Lang.KO ? "일" : " d");
      case NUMBER -> fmt.number(k.value());
    };
  }

  private String kind(SegmentKind kind) {
    return switch (kind) {
      case RFM -> Label.KIND_RFM.in(lang);
      case CLUSTER -> Label.KIND_CLUSTER.in(lang);
      case RULE -> Label.KIND_RULE.in(lang);
    };
  }

  private void stage(ReportModel.JourneyStage stage) {
    Label label =
        switch (stage) {
          case ACQUISITION -> Label.STAGE_ACQUISITION;
          case CONVERSION -> Label.STAGE_CONVERSION;
          case RETENTION -> Label.STAGE_RETENTION;
        };
    out.append("<span class=\"stage stage-")
        .append(stage.wireName())
        .append("\">")
        .append(esc(label.in(lang)))
        .append("</span>");
  }

  void swatch(int segmentIndex) {
    out.append("<span class=\"swatch\" style=\"background:")
        .append(color(segmentIndex))
        .append("\"></span>");
  }

  private static String color(int segmentIndex) {
    return PALETTE.get(segmentIndex % PALETTE.size());
  }

  void th(Label label, boolean numeric) {
    out.append(numeric ? "<th class=\"num\">" : "<th>").append(esc(label.in(lang))).append("</th>");
  }

  void num(String formatted) {
    out.append("<td class=\"num\">").append(esc(formatted)).append("</td>");
  }

  static String esc(String s) {
    return Html.escape(s);
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("report resource " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ECharts library, read once from the WebJar. */
  static String echarts() {
    return Echarts.SOURCE;
  }
}
