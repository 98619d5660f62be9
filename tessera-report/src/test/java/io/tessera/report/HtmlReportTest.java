package io.tessera.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML as text: self-contained, escaped, translated, sections present only with their data. */
class HtmlReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOSTILE = "</script><img src=x onerror=alert(1)><!--";

  @TempDir Path tmp;

  @Test
  void shouldInlineEchartsAndReferenceNoOutsideResource() {
    String html = HtmlReport.render(SampleReport.full(), Lang.EN);
    // the library itself, from the WebJar: its licence header and its version string
    assertThat(html).contains("Licensed to the Apache Software Foundation", "5.5.0");
    assertThat(html.length()).isGreaterThan(1_000_000); // echarts.min.js alone is 1,029,203 bytes
    // outside the library's code, no element loads anything and no CSS imports or urls
    String page = withoutLibrary(html);
    assertThat(Pattern.compile("<(script|img|link|iframe)[^>]*\\s(src|href)=").matcher(page).find())
        .isFalse();
    assertThat(page).doesNotContain("@import", "url(");
    assertThat(html).contains("default-src 'none'");
  }

  @Test
  void aChurnModelWhoseIntervalHoldsOneHalfShouldBeShownAsNoBetterThanChance() {
    ReportModel m = SampleReport.full();
    assertThat(withoutLibrary(HtmlReport.render(m, Lang.EN)))
        .contains("ROC-AUC 0.83 (95% interval 0.81 to 0.86)")
        .doesNotContain("<p class=\"warn\">The interval holds 0.5");
    var p = m.predictions();
    var chance =
        new ReportModel.ChurnValidation(
            "logistic", 0.528, List.of(0.39, 0.666), p.churn().roc(), p.churn().calibration());
    ReportModel weak =
        m.withPredictions(new ReportModel.Predictions(p.clv(), p.pAlive(), chance, p.backtest()));
    assertThat(withoutLibrary(HtmlReport.render(weak, Lang.EN)))
        .contains(
            "<p class=\"warn\">The interval holds 0.5: on this data the model cannot be told");
    assertThat(withoutLibrary(HtmlReport.render(weak, Lang.KO))).contains("구간이 0.5를 포함합니다");
    assertThatThrownBy(
            () ->
                new ReportModel.ChurnValidation(
                    "logistic", 0.7, List.of(0.75, 0.8), p.churn().roc(), p.churn().calibration()))
        .hasMessageContaining("interval must be (lower, upper) around it");
  }

  @Test
  void shouldEscapeHostileNamesInTheMarkupAndKeepThemIntactInTheData() throws IOException {
    ReportModel model = SampleReport.builder().mapPoints(50).names(s -> s + HOSTILE).build();
    String html = withoutLibrary(HtmlReport.render(model, Lang.EN));
    assertThat(html).doesNotContain("<img", "<!--");
    // exactly the report's own four script elements open and close
    assertThat(count(html, "<script")).isEqualTo(4);
    assertThat(count(html, "</script>")).isEqualTo(4);
    assertThat(html)
        .contains(
            "High-spending loyal buyers&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&lt;!--");
    // the embedded JSON still says exactly what the model says
    JsonNode data = JSON.readTree(embedded(html, "tessera-data"));
    assertThat(data.at("/segments/0/name/en").asText())
        .isEqualTo("High-spending loyal buyers" + HOSTILE);
    assertThat(data).isEqualTo(JSON.readTree(ReportJson.toJson(model)));
  }

  @Test
  void scriptElementEscapingShouldKeepTheJsonValue() throws IOException {
    String json = "{\"a\":\"</script>&<!-- \u2028\"}";
    String safe = ReportJson.forScriptElement(json);
    assertThat(safe).doesNotContain("<", ">", "&", "\u2028");
    assertThat(JSON.readTree(safe)).isEqualTo(JSON.readTree(json));
  }

  @Test
  void shouldLeaveOutTheSectionsWhoseDataIsAbsent() {
    String full = HtmlReport.render(SampleReport.full(), Lang.EN);
    String minimal =
        HtmlReport.render(
            SampleReport.builder().withoutMapAndKSelection().withoutPredictions().build(), Lang.EN);
    for (String id :
        new String[] {"map", "k", "predictions", "clv", "palive", "churn", "backtest"}) {
      assertThat(full).contains("id=\"" + id + "\"");
      assertThat(minimal).doesNotContain("id=\"" + id + "\"");
    }
    assertThat(count(full, "data-chart=")).isEqualTo(11);
    assertThat(count(minimal, "data-chart=")).isEqualTo(2);
    // no churn model, no ROC-AUC key figure
    assertThat(full).contains("data-figure=\"auc\"");
    assertThat(minimal).doesNotContain("data-figure=\"auc\"");
  }

  @Test
  void theClvSectionShouldSayWhenTheFallbackProducedTheFiguresAndListTheWarnings() {
    ReportModel full = SampleReport.full();
    ReportModel.Predictions p = full.predictions();
    String warning = "BG/NBD and Gamma-Gamma cannot be fitted: " + HOSTILE;
    ReportModel fallback =
        new ReportModel(
            full.run(),
            full.dataHealth(),
            full.rfmGrid(),
            full.segments(),
            full.map(),
            full.kSelection(),
            new ReportModel.Predictions(
                new ReportModel.ClvDistribution(
                    365, p.clv().segments(), "empirical_rate", java.util.List.of(warning)),
                p.pAlive(),
                p.churn(),
                p.backtest()),
            full.skipped());
    String en = withoutLibrary(HtmlReport.render(fallback, Lang.EN));
    String said = "<p class=\"warn\">BG/NBD and Gamma-Gamma do not fit these data";
    assertThat(en)
        .contains(said, "<strong>" + Label.CLV_WARNINGS.in(Lang.EN) + "</strong>")
        .contains("<li>BG/NBD and Gamma-Gamma cannot be fitted: &lt;/script&gt;")
        .doesNotContain("<img");
    // the warning sits in the CLV section, before its chart
    int section = en.indexOf("<section id=\"clv\"");
    assertThat(section).isNotNegative();
    assertThat(en.indexOf(said)).isBetween(section, en.indexOf("data-chart=\"clv\"", section));
    assertThat(withoutLibrary(HtmlReport.render(fallback, Lang.KO)))
        .contains(
            "<p class=\"warn\">" + Label.CLV_EMPIRICAL.in(Lang.KO),
            "<strong>" + Label.CLV_WARNINGS.in(Lang.KO) + "</strong>");
    // fitted models without warnings: nothing to say
    assertThat(withoutLibrary(HtmlReport.render(full, Lang.EN))).doesNotContain("class=\"warn\"");
    assertThatThrownBy(
            () ->
                new ReportModel.ClvDistribution(
                    365, p.clv().segments(), "guess", java.util.List.of()))
        .hasMessageContaining("CLV method must be bgnbd_gamma_gamma or empirical_rate, got guess");
  }

  @Test
  void aRunWithoutSegmentsShouldSayWhichStagesWereSkippedAndWhyAndStillShowTheRest() {
    ReportModel full = SampleReport.full();
    ReportModel noSegments =
        new ReportModel(
            full.run(),
            full.dataHealth(),
            null,
            List.of(),
            null,
            null,
            new ReportModel.Predictions(null, null, full.predictions().churn(), null),
            List.of(
                new ReportModel.SkippedStage(
                    "clustering",
                    new ReportModel.Text(
                        "all 7043 customers have the same recency_days",
                        "고객 7043명 모두 recency_days 값이 같아"))));
    String en = HtmlReport.render(noSegments, Lang.EN).replaceAll("(?s)<script.*?</script>", "");
    assertThat(en)
        .contains(
            "id=\"skipped\"",
            "Not done in this run",
            "<strong>Clustering</strong>: all 7043 customers have the same recency_days",
            "id=\"churn\"",
            "data-figure=\"auc\"")
        .doesNotContain(
            "id=\"rfm\"",
            "id=\"profiles\"",
            "id=\"actions\"",
            "<div class=\"figure\" data-figure=\"top-segment\"");
    assertThat(HtmlReport.render(noSegments, Lang.KO))
        .contains("<strong>클러스터링</strong>: 고객 7043명 모두 recency_days 값이 같아");
    assertThat(HtmlReport.render(full, Lang.EN)).doesNotContain("id=\"skipped\"");
    assertThatThrownBy(
            () ->
                new ReportModel(
                    full.run(), full.dataHealth(), null, List.of(), null, null, null, List.of()))
        .hasMessage("report: no segments to show and no skipped stage saying why");
  }

  @Test
  void theKoreanReportShouldUseKoreanLabelsAndNames() {
    // the markup a reader sees (the embedded data carries both languages by design)
    String html =
        HtmlReport.render(SampleReport.full(), Lang.KO).replaceAll("(?s)<script.*?</script>", "");
    assertThat(html)
        .contains(
            "<html lang=\"ko\">",
            "데이터 품질",
            "세그먼트 프로필",
            "고액 충성 구매 고객",
            "고객 유지",
            "₩48.1억") // 4,812,350,000 = 48.12 x 10^8
        .doesNotContain("Data health", "Segment profiles", "High-spending loyal buyers");
  }

  @Test
  void everyLabelShouldHaveAKoreanTranslation() {
    Pattern hangul = Pattern.compile("\\p{IsHangul}");
    for (Label label : Label.values()) {
      assertThat(hangul.matcher(label.in(Lang.KO)).find()).as(label.name()).isTrue();
      assertThat(label.in(Lang.EN)).as(label.name()).isNotEqualTo(label.in(Lang.KO));
    }
  }

  @Test
  void writeShouldCreateTheFolderAndWriteUtf8() throws IOException {
    Path file = HtmlReport.write(SampleReport.full(), Lang.KO, tmp.resolve("out/report.html"));
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo(HtmlReport.render(SampleReport.full(), Lang.KO));
  }

  @Test
  void aLanguageShouldBeChosenByItsTagAndAnUnknownOneNamed() {
    assertThat(Lang.of("KO")).isEqualTo(Lang.KO);
    assertThat(Lang.of(" en")).isEqualTo(Lang.EN);
    assertThatThrownBy(() -> Lang.of("fr"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown report language 'fr': allowed values are en, ko");
  }

  @Test
  void moneyShouldUseTheCurrencysOwnDecimals() {
    assertThat(new Fmt(Lang.EN, "KRW").money(0)).isEqualTo("₩0");
    assertThat(new Fmt(Lang.EN, "GBP").money(12.5)).isEqualTo("£12.50");
    assertThat(new Fmt(Lang.EN, "GBP").money(1234.4)).isEqualTo("£1,234");
    assertThat(new Fmt(Lang.EN, "GBP").percent(0.0004)).isEqualTo("<0.1%");
  }

  static String embedded(String html, String id) {
    Matcher m =
        Pattern.compile(
                "<script type=\"application/json\" id=\"" + id + "\">(.*?)</script>",
                Pattern.DOTALL)
            .matcher(html);
    assertThat(m.find()).as("script #" + id).isTrue();
    return m.group(1);
  }

  /** The page without the inlined ECharts code (whose strings mention img, url( and so on). */
  private static String withoutLibrary(String html) {
    assertThat(html).contains(HtmlReport.echarts());
    return html.replace(HtmlReport.echarts(), "");
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
