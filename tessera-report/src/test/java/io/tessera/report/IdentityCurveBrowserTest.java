package io.tessera.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.report.browser.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The identity section's precision/recall curve is drawn as a line chart in a real headless
 * Chromium (both series, the default threshold marked), without script errors; without truth there
 * is no chart, only the pair counts.
 */
class IdentityCurveBrowserTest {
  private static final Path OUT = Path.of("target", "report-screenshots");
  private static final String DRAWN = "document.documentElement.hasAttribute('data-charts-drawn')";
  private static HeadlessChromium chrome;

  @BeforeAll
  static void startBrowser() throws IOException, InterruptedException {
    chrome = HeadlessChromium.startOrSkip();
  }

  @AfterAll
  static void stopBrowser() {
    if (chrome != null) {
      chrome.close();
    }
  }

  @Test
  void withTruthThePrecisionRecallCurveShouldBeDrawnWithTheDefaultMarked() throws IOException {
    ReportModel model =
        SampleReport.builder().build().withIdentity(IdentitySectionTest.identity(true));
    Path html = HtmlReport.write(model, Lang.EN, OUT.resolve("report-identity-en.html"));
    try (HeadlessChromium.Page page = chrome.open(html.toUri())) {
      page.waitUntil(DRAWN);
      assertThat(page.uncaughtExceptions()).isEmpty();
      assertThat(page.consoleErrors()).isEmpty();
      String chart =
          "(() => { const c = echarts.getInstanceByDom(document.getElementById("
              + "'chart-identity-curve')); const o = c.getOption();"
              + " return { x: o.xAxis[0].data, names: o.series.map(s => s.name),"
              + " precision: o.series[0].data, recall: o.series[1].data,"
              + " marked: o.series[0].markLine.data[0].xAxis }; })()";
      var o = page.evaluate(chart);
      assertThat(o.get("x").toString()).isEqualTo("[\"0.5\",\"0.99\"]");
      assertThat(o.get("names").toString()).isEqualTo("[\"Precision\",\"Recall\"]");
      assertThat(o.get("precision").get(0).asDouble()).isEqualTo(0.9981);
      assertThat(o.get("precision").get(1).asDouble()).isEqualTo(1.0);
      assertThat(o.get("recall").get(0).asDouble()).isEqualTo(1.0);
      assertThat(o.get("recall").get(1).asDouble()).isEqualTo(0.9977);
      assertThat(o.get("marked").asText()).isEqualTo("0.99");
      assertThat(
              page.evaluate("document.querySelectorAll('#chart-identity-curve svg path').length")
                  .asInt())
          .as("lines drawn")
          .isPositive();
    }
  }

  @Test
  void withoutTruthThereShouldBeNoChart() {
    String en =
        HtmlReport.render(
            SampleReport.builder().build().withIdentity(IdentitySectionTest.identity(false)),
            Lang.EN);
    assertThat(en).doesNotContain("data-chart=\"identity-curve\"");
    String withTruth =
        HtmlReport.render(
            SampleReport.builder().build().withIdentity(IdentitySectionTest.identity(true)),
            Lang.EN);
    assertThat(withTruth).contains("data-chart=\"identity-curve\"");
  }
}
