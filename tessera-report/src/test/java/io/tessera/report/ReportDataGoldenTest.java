package io.tessera.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The report's data is what a reader's charts are drawn from and what other tools may read out of
 * the file: for a fixed model it is a golden file (rewrite with -Dtessera.golden=update after an
 * intended change, and commit it with the change).
 */
class ReportDataGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/report-data.json");

  @Test
  void theDataOfTheSampleReportShouldMatchItsGoldenFile() throws IOException {
    ReportModel model = SampleReport.builder().mapPoints(40).build();
    String json = ReportJson.toPrettyJson(model);
    if ("update".equals(System.getProperty("tessera.golden"))) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, json, StandardCharsets.UTF_8);
    }
    assertThat(json).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    assertThat(json)
        .startsWith("{\n  \"format_version\" : 1,")
        .contains(
            "\"as_of\" : \"2026-06-30\"",
            "\"generated_at\" : \"2026-07-01T02:15:00Z\"",
            "\"revenue_share\" : 0.41",
            "\"journey_stage\" : \"retention\"",
            "\"kind\" : \"cluster\"",
            "\"calinski_harabasz\"",
            "\"p_alive\"");
  }

  @Test
  void theReportShouldEmbedExactlyThatData() throws IOException {
    ReportModel model = SampleReport.builder().mapPoints(40).build();
    ObjectMapper json = new ObjectMapper();
    for (Lang lang : Lang.values()) {
      String html = HtmlReport.render(model, lang);
      assertThat(json.readTree(HtmlReportTest.embedded(html, "tessera-data")))
          .isEqualTo(json.readTree(Files.readString(GOLDEN, StandardCharsets.UTF_8)));
    }
  }
}
