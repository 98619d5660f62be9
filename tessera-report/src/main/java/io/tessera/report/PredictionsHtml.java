package io.tessera.report;

import io.tessera.report.PredictionParts.ClvBox;
import io.tessera.report.PredictionParts.Predictions;

/**
 * The report's predictions part: lifetime value by segment (with the fallback's warnings),
 * P(alive), churn validation (ROC, calibration) and the backtest, written into an {@link
 * HtmlReport}.
 */
final class PredictionsHtml extends SectionHtml {
  PredictionsHtml(HtmlReport r) {
    super(r);
  }

  /** Says when the fallback produced the figures, and lists the models' warnings. */
  private void clvWarnings(ReportModel.ClvDistribution clv) {
    if (io.tessera.predict.clv.ClvFit.Method.EMPIRICAL_RATE.wireName().equals(clv.method())) {
      out.append("<p class=\"warn\">")
          .append(HtmlReport.esc(Label.CLV_EMPIRICAL.in(lang)))
          .append("</p>\n");
    }
    if (!clv.warnings().isEmpty()) {
      out.append("<div class=\"warn\"><strong>")
          .append(HtmlReport.esc(Label.CLV_WARNINGS.in(lang)))
          .append("</strong><ul>\n");
      for (String w : clv.warnings()) {
        out.append("<li>").append(HtmlReport.esc(w)).append("</li>\n");
      }
      out.append("</ul></div>\n");
    }
  }

  /** The churn model's validation: its ROC-AUC and interval, ROC and calibration. */
  private void churn(ReportModel.ChurnValidation churn) {
    r.sectionStart(
        "churn",
        Label.CHURN,
        Label.CHURN_INTRO.format(
            lang,
            churn.model(),
            fmt.number(churn.rocAuc()),
            fmt.number(churn.rocAucCi95().get(0)),
            fmt.number(churn.rocAucCi95().get(1))));
    if (churn.chanceLevel()) {
      out.append("<p class=\"warn\">")
          .append(HtmlReport.esc(Label.CHURN_CHANCE.in(lang)))
          .append("</p>\n");
    }
    out.append("<div class=\"row2\">\n");
    r.chart("roc", 340);
    r.chart("calibration", 340);
    out.append("</div>\n<table class=\"data compact\"><thead><tr>");
    r.th(Label.PREDICTED_CHURN, true);
    r.th(Label.OBSERVED_CHURN, true);
    r.th(Label.CUSTOMERS, true);
    out.append("</tr></thead><tbody>\n");
    for (ReportModel.CalibrationBin b : churn.calibration()) {
      out.append("<tr>");
      r.num(fmt.percent(b.predictedMean()));
      r.num(fmt.percent(b.observedRate()));
      r.num(fmt.count(b.customers()));
      out.append("</tr>\n");
    }
    out.append("</tbody></table>\n");
    r.sectionEnd();
  }

  /** Whether the report has any prediction section. */
  static boolean has(ReportModel model) {
    Predictions p = model.predictions();
    return p != null
        && (p.clv() != null || p.pAlive() != null || p.churn() != null || p.backtest() != null);
  }

  @Override
  void write() {
    if (!has(model)) {
      return;
    }
    Predictions p = model.predictions();
    out.append("<h2 class=\"part\" id=\"predictions\">")
        .append(HtmlReport.esc(Label.PREDICTIONS.in(lang)))
        .append("</h2>\n");
    if (p.clv() != null) {
      r.sectionStart(
          "clv", Label.CLV, Label.CLV_INTRO.format(lang, fmt.count(p.clv().horizonDays())));
      clvWarnings(p.clv());
      r.chart("clv", 380);
      out.append("<table class=\"data\"><thead><tr>");
      r.th(Label.SEGMENT, false);
      r.th(Label.CUSTOMERS, true);
      r.th(Label.MIN, true);
      r.th(Label.Q1, true);
      r.th(Label.MEDIAN, true);
      r.th(Label.Q3, true);
      r.th(Label.MAX, true);
      r.th(Label.MEAN, true);
      out.append("</tr></thead><tbody>\n");
      for (ClvBox b : p.clv().segments()) {
        out.append("<tr><td>");
        r.swatch(model.segments().indexOf(model.segment(b.segmentId())));
        out.append(HtmlReport.esc(model.segment(b.segmentId()).name().in(lang))).append("</td>");
        r.num(fmt.count(b.customers()));
        for (double v : new double[] {b.min(), b.q1(), b.median(), b.q3(), b.max(), b.mean()}) {
          r.num(fmt.money(v));
        }
        out.append("</tr>\n");
      }
      out.append("</tbody></table>\n");
      r.sectionEnd();
    }
    if (p.pAlive() != null) {
      r.sectionStart("palive", Label.P_ALIVE, Label.P_ALIVE_INTRO.in(lang));
      r.chart("palive", 420);
      r.sectionEnd();
    }
    if (p.churn() != null) {
      churn(p.churn());
    }
    if (p.backtest() != null) {
      r.sectionStart(
          "backtest",
          Label.BACKTEST,
          Label.BACKTEST_INTRO.format(
              lang,
              p.backtest().calibrationEnd().toString(),
              fmt.number(p.backtest().meanAbsoluteError())));
      r.chart("backtest", 360);
      r.sectionEnd();
    }
  }
}
