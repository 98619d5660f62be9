package io.tessera.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's text section (issue 11), in both languages, and its validation. */
class TextSectionTest {
  @Test
  void theSectionShouldShowMethodsSegmentsTopicsAndMaskedExamplesInEnglishAndKorean() {
    ReportModel model = SampleReport.builder().build();
    String en = HtmlReport.render(model, Lang.EN);
    assertThat(en)
        .contains("<section id=\"texts\"")
        .contains("href=\"#texts\"")
        .contains("4,210 reviews and service texts were read")
        .contains("388 are complaints")
        .contains("Trained classifier (NB-LR), cross-validated")
        .contains("<td class=\"num\">94.1%</td>") // classifier accuracy 0.9412
        .contains("<td class=\"num\">0.95</td>") // F1 0.9507
        .contains("<td class=\"num\">66.3%</td><td class=\"num\">–</td>") // lexicon, no F1
        .contains("<td class=\"num\">-0.22</td><td class=\"num\">18.7%</td><td>en-0</td>")
        .contains("delivery, late, days, arrived, courier")
        .contains("Delivery took nine days, mail me at [email]")
        .contains("Refund please, it arrived damaged. Call me at [phone]");
    String ko = HtmlReport.render(model, Lang.KO);
    assertThat(ko)
        .contains("고객이 쓴 글")
        .contains("리뷰와 상담 글 4,210건을 읽었습니다")
        .contains("학습한 분류기 (NB-LR), 교차 검증")
        .contains("품질, 재질, 마감, 만족, 제품")
        .contains("세그먼트별 감성");
  }

  @Test
  void aSegmentTheReportDoesNotKnowOrMoreComplaintsThanTextsShouldBeRefused() {
    ReportModel m = SampleReport.builder().build();
    ReportModel.Texts unknown =
        new ReportModel.Texts(
            10,
            1,
            List.of(),
            List.of(),
            List.of(),
            List.of(new ReportModel.SegmentTexts("cluster:99", 3, 0.1, 0.0, List.of())));
    assertThatThrownBy(() -> m.withTexts(unknown)).hasMessageContaining("cluster:99");
    assertThatThrownBy(
            () -> new ReportModel.Texts(10, 11, List.of(), List.of(), List.of(), List.of()))
        .hasMessageContaining("11 complaints among 10 texts");
    assertThat(m.withTexts(null).texts()).isNull();
    assertThat(HtmlReport.render(m.withTexts(null), Lang.EN)).doesNotContain("id=\"texts\"");
  }
}
