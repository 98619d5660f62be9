package io.tessera.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's recommendations section, in both languages, and its validation. */
class RecommendSectionTest {
  @Test
  void theSectionShouldShowTheServedMethodItsFiguresAndEachSegmentsProductsInEnglishAndKorean() {
    ReportModel model = SampleReport.builder().build();
    String en = HtmlReport.render(model, Lang.EN);
    assertThat(en)
        .contains("<section id=\"recommend\"")
        .contains("href=\"#recommend\"")
        .contains("Served: Bought together (item-to-item), the best on a time split")
        .contains("Bought together (item-to-item) ✓")
        .contains("Most popular (baseline)")
        .contains("<td class=\"num\">8.6%</td>") // item_cf precision@10 0.0856
        .contains("P-SOFA-3 3.20× (41), P-LAMP-7 2.40× (28)");
    String ko = HtmlReport.render(model, Lang.KO);
    assertThat(ko)
        .contains("상품 추천")
        .contains("사용한 방법: 함께 구매한 상품 (아이템 기반).")
        .contains("정밀도@10")
        .contains("추천 캠페인 상품");
  }

  @Test
  void aSegmentTheReportDoesNotKnowShouldBeRefused() {
    ReportModel m = SampleReport.builder().build();
    ReportModel.Recommendations unknown =
        new ReportModel.Recommendations(
            "als",
            false,
            null,
            0,
            0,
            List.of(),
            List.of(
                new ReportModel.SegmentItems(
                    "cluster:99", List.of(new ReportModel.LiftedItem("p", 5, 2.0)))));
    assertThatThrownBy(
            () ->
                new ReportModel(
                    m.run(),
                    m.dataHealth(),
                    m.rfmGrid(),
                    m.segments(),
                    m.map(),
                    m.kSelection(),
                    m.predictions(),
                    m.skipped(),
                    unknown))
        .hasMessageContaining("cluster:99");
    assertThat(LocalDate.of(2026, 5, 31)).isEqualTo(m.recommendations().trainEnd());
  }
}
