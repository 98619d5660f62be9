package io.tessera.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's identity part: how many accounts became how many customers, the links by rule, what
 * was blocked, and the threshold curve (precision and recall against planted truth when the data
 * had it; otherwise the pairs each threshold accepts and the match-weight distribution).
 */
final class IdentityHtml extends SectionHtml {
  private final ReportModel.Identity id;

  IdentityHtml(HtmlReport r) {
    super(r);
    this.id = r.model.identity();
  }

  @Override
  void write() {
    long linked = id.recordsLinkedByRule().values().stream().mapToLong(Long::longValue).sum();
    r.sectionStart(
        "identity",
        Label.IDENTITY,
        Label.IDENTITY_INTRO.format(
            lang,
            fmt.count(id.accounts()),
            fmt.count(id.resolvedCustomers()),
            fmt.count(id.mergedCustomers()),
            fmt.count(linked),
            fmt.count(id.recordsUnlinked())));
    out.append("<table class=\"data\"><thead><tr>");
    r.th(Label.IDENTITY_RULE, false);
    r.th(Label.IDENTITY_ACCOUNT_MERGES, true);
    r.th(Label.IDENTITY_EVENTS_LINKED, true);
    out.append("</tr></thead><tbody>\n");
    List<String> rules = new ArrayList<>(id.accountLinksByRule().keySet());
    for (String k : id.recordsLinkedByRule().keySet()) {
      if (!rules.contains(k)) {
        rules.add(k);
      }
    }
    rules.sort(null);
    for (String rule : rules) {
      out.append("<tr><td>").append(HtmlReport.esc(rule)).append("</td>");
      r.num(count(id.accountLinksByRule(), rule));
      r.num(count(id.recordsLinkedByRule(), rule));
      out.append("</tr>\n");
    }
    out.append("</tbody></table>\n<p class=\"intro\">")
        .append(
            HtmlReport.esc(
                Label.IDENTITY_BLOCKED.format(
                    lang,
                    fmt.count(id.conflicts()),
                    fmt.count(id.shared()),
                    fmt.count(id.ambiguous()),
                    fmt.count(id.consentBlocked()),
                    fmt.count(id.malformed()))))
        .append("</p>\n");
    curve();
    r.sectionEnd();
  }

  private void curve() {
    if (id.curve().isEmpty()) {
      return;
    }
    out.append("<h3>").append(HtmlReport.esc(Label.IDENTITY_CURVE.in(lang))).append("</h3>\n");
    out.append("<p class=\"intro\">")
        .append(
            HtmlReport.esc(
                (id.truth() ? Label.IDENTITY_CURVE_TRUTH : Label.IDENTITY_CURVE_COUNTS)
                    .format(lang, decimal(id.minConfidence()))))
        .append("</p>\n");
    if (id.truth()) {
      r.chart("identity-curve", 300);
    }
    out.append("<table class=\"data\"><thead><tr>");
    r.th(Label.IDENTITY_THRESHOLD, true);
    r.th(Label.IDENTITY_PAIRS, true);
    if (id.truth()) {
      r.th(Label.PRECISION, true);
      r.th(Label.RECALL, true);
      r.th(Label.IDENTITY_TRAPS, true);
    }
    out.append("</tr></thead><tbody>\n");
    for (ReportModel.CurvePoint p : id.curve()) {
      out.append("<tr>");
      r.num(decimal(p.threshold()) + (p.threshold() == id.minConfidence() ? " ✓" : ""));
      r.num(fmt.count(p.pairs()));
      if (id.truth()) {
        r.num(String.format(Locale.ROOT, "%.4f", p.precision()));
        r.num(String.format(Locale.ROOT, "%.4f", p.recall()));
        r.num(fmt.count(p.trapsWrong()));
      }
      out.append("</tr>\n");
    }
    out.append("</tbody></table>\n");
    if (!id.weights().isEmpty()) {
      out.append("<p class=\"intro\">")
          .append(HtmlReport.esc(Label.IDENTITY_WEIGHTS.in(lang)))
          .append("</p>\n<table class=\"data\"><thead><tr>");
      r.th(Label.IDENTITY_WEIGHT_BIN, false);
      r.th(Label.IDENTITY_PAIRS, true);
      out.append("</tr></thead><tbody>\n");
      List<ReportModel.WeightBin> bins = id.weights();
      for (int i = 0; i < bins.size(); i++) {
        ReportModel.WeightBin b = bins.get(i);
        String from = i == 0 ? "−∞" : decimal(b.from());
        String to = i == bins.size() - 1 ? "∞" : decimal(b.to());
        out.append("<tr><td>[").append(HtmlReport.esc(from + ", " + to)).append(")</td>");
        r.num(fmt.count(b.pairs()));
        out.append("</tr>\n");
      }
      out.append("</tbody></table>\n");
    }
  }

  private String count(Map<String, Long> m, String k) {
    Long v = m.get(k);
    return v == null ? "" : fmt.count(v);
  }

  private static String decimal(double x) {
    return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
  }
}
