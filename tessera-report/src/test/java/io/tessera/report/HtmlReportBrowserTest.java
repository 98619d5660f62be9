package io.tessera.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.report.browser.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opens the written report in a real headless Chromium (no network, fresh profile) and checks what
 * a reader would see: no script errors, every chart drawn, the key figures on the page, no request
 * leaving the file. Screenshots of both languages go to target/report-screenshots/.
 */
class HtmlReportBrowserTest {
  private static final Path OUT = Path.of("target", "report-screenshots");
  private static final String DRAWN = "document.documentElement.hasAttribute('data-charts-drawn')";

  /** Ids of chart containers without a drawn SVG (an svg element holding at least one shape). */
  private static final String UNDRAWN_CHARTS =
      "[...document.querySelectorAll('[data-chart]')]"
          + ".filter(e => !e.querySelector('svg path, svg rect, svg text, canvas')).map(e => e.id)";

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
  void theEnglishReportShouldRenderEveryChartWithoutErrorsAndShowTheKeyFigures()
      throws IOException {
    Path html = HtmlReport.write(SampleReport.full(), Lang.EN, OUT.resolve("report-en.html"));
    try (HeadlessChromium.Page page = chrome.open(html.toUri())) {
      page.waitUntil(DRAWN);
      assertCleanAndOffline(page);
      // rfm, value, map, 3 k-selection curves, clv, p(alive), roc, calibration, backtest
      assertThat(page.evaluate("document.querySelectorAll('[data-chart]').length").asInt())
          .isEqualTo(11);
      assertThat(page.evaluate(UNDRAWN_CHARTS)).isEmpty();
      // the map drew one mark per point: 2,000 customers (ECharts' SVG scatter: one path each)
      assertThat(page.evaluate("document.querySelectorAll('#chart-map svg path').length").asInt())
          .isGreaterThanOrEqualTo(2_000);
      String text = page.text();
      assertThat(text)
          .contains(
              SampleReport.TITLE,
              "20,000", // segmented customers
              "20,450", // all customers
              "₩4.8B", // 4,812,350,000 KRW, compact
              // accepted rows: 1 - (62 + 1,328 + 587) / (20,512 + 148,930 + 1,204,577)
              // = 1 - 1,977 / 1,374,019 = 0.99856 -> 99.9%
              "99.9%",
              "High-spending loyal buyers", // most revenue (41%)
              "41.0% of revenue from 9.2% of customers",
              "Recommended actions",
              "Invite to the loyalty tier with early access",
              "Customer lifetime value by segment");
      Path png = page.screenshot(OUT.resolve("report-en.png"), 1280);
      assertLooksLikeAPage(png);
    }
  }

  @Test
  void theKoreanReportShouldRenderEveryChartWithoutErrorsInKorean() throws IOException {
    Path html = HtmlReport.write(SampleReport.full(), Lang.KO, OUT.resolve("report-ko.html"));
    try (HeadlessChromium.Page page = chrome.open(html.toUri())) {
      page.waitUntil(DRAWN);
      assertCleanAndOffline(page);
      assertThat(page.evaluate(UNDRAWN_CHARTS)).isEmpty();
      assertThat(page.evaluate("document.documentElement.lang").asText()).isEqualTo("ko");
      String text = page.text();
      assertThat(text)
          .contains(
              "20,000",
              "₩48.1억", // 4,812,350,000 = 48.12 x 10^8 (억), one decimal
              "99.9%",
              "고액 충성 구매 고객",
              "세그먼트 프로필",
              "추천 액션",
              "조기 구매 혜택이 있는 로열티 등급으로 초대")
          .doesNotContain("Recommended actions", "Segment profiles", "High-spending");
      // chart texts are SVG text: the RFM grid shows the Korean group names
      assertThat(page.evaluate("document.querySelector('#chart-rfm svg').textContent").asText())
          .contains("VIP", "뜸한 VIP", "신규 고객");
      assertLooksLikeAPage(page.screenshot(OUT.resolve("report-ko.png"), 1280));
    }
  }

  @Test
  void hostileNamesShouldShowAsTextAndRunNothing() throws IOException {
    String payload =
        "<img src=x onerror=\"window.__pwned=1;alert(1)\"></script><script>alert(2)</script>";
    ReportModel model = SampleReport.builder().mapPoints(300).names(s -> s + payload).build();
    Path html = HtmlReport.write(model, Lang.EN, OUT.resolve("report-hostile.html"));
    try (HeadlessChromium.Page page = chrome.open(html.toUri())) {
      page.waitUntil(DRAWN);
      assertCleanAndOffline(page);
      assertThat(page.dialogs()).isEmpty();
      assertThat(page.evaluate("typeof window.__pwned").asText()).isEqualTo("undefined");
      assertThat(page.evaluate("document.images.length").asInt()).isZero();
      // the report's own four scripts: data, view, ECharts, charts
      assertThat(page.evaluate("document.scripts.length").asInt()).isEqualTo(4);
      assertThat(page.evaluate(UNDRAWN_CHARTS)).isEmpty();
      assertThat(page.text()).contains("High-spending loyal buyers" + payload);
      // a tooltip puts the name into HTML: it must arrive escaped
      page.evaluate(
          "(() => { const c = echarts.getInstanceByDom(document.getElementById('chart-map'));"
              + " c.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0}); return true;"
              + " })()");
      assertThat(page.evaluate("document.images.length").asInt()).isZero();
      assertThat(page.evaluate("typeof window.__pwned").asText()).isEqualTo("undefined");
    }
  }

  @Test
  void aReportWithoutMapKSelectionOrPredictionsShouldDrawTheRest() throws IOException {
    ReportModel model =
        SampleReport.builder().withoutMapAndKSelection().withoutPredictions().build();
    Path html = HtmlReport.write(model, Lang.EN, OUT.resolve("report-minimal.html"));
    try (HeadlessChromium.Page page = chrome.open(html.toUri())) {
      page.waitUntil(DRAWN);
      assertCleanAndOffline(page);
      assertThat(
              page.evaluate("document.documentElement.getAttribute('data-charts-drawn')").asText())
          .isEqualTo("2"); // rfm and value
      assertThat(page.evaluate(UNDRAWN_CHARTS)).isEmpty();
      assertThat(page.text()).doesNotContain("Customer map", "Predictions", "Backtest");
    }
  }

  private static void assertCleanAndOffline(HeadlessChromium.Page page) {
    assertThat(page.uncaughtExceptions()).as("uncaught exceptions").isEmpty();
    assertThat(page.consoleErrors()).as("console errors").isEmpty();
    assertThat(page.requestedUrls())
        .as("requests: the report must load nothing but itself")
        .allMatch(u -> u.startsWith("file:") || u.startsWith("data:") || u.equals("about:blank"));
  }

  /** A page-sized PNG with real content: wide as asked, taller than a screen, many colours. */
  private static void assertLooksLikeAPage(Path png) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1280);
    assertThat(image.getHeight()).isGreaterThan(3_000);
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 7) {
      for (int x = 0; x < image.getWidth(); x += 7) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(200);
  }
}
