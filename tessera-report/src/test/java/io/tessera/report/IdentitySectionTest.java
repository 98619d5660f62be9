package io.tessera.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's identity section, with and without truth, in both languages, and its validation. */
class IdentitySectionTest {
  static ReportModel.Identity identity(boolean truth) {
    return new ReportModel.Identity(
        5_120,
        4_871,
        233,
        Map.of("same_email", 180L, "probabilistic", 69L),
        Map.of("login", 10_412L, "same_event", 377L),
        1_204,
        3,
        12,
        7,
        41,
        2,
        0.99,
        truth,
        List.of(
            new ReportModel.CurvePoint(
                0.5, 75, truth ? 0.9981 : null, truth ? 1.0 : null, truth ? 2L : null),
            new ReportModel.CurvePoint(
                0.99, 69, truth ? 1.0 : null, truth ? 0.9977 : null, truth ? 0L : null)),
        List.of(
            new ReportModel.WeightBin(-30, -25, 400),
            new ReportModel.WeightBin(-25, 25, 11),
            new ReportModel.WeightBin(25, 30, 69)));
  }

  @Test
  void theSectionShouldShowLinksBlocksAndThePrecisionRecallCurveInEnglishAndKorean() {
    ReportModel model = SampleReport.builder().build().withIdentity(identity(true));
    String en = HtmlReport.render(model, Lang.EN);
    assertThat(en)
        .contains("<section id=\"identity\"")
        .contains("href=\"#identity\"")
        .contains("5,120 accounts resolved into 4,871 customers; 233 customers hold more")
        .contains("10,789 anonymous events were linked to a customer, 1,204 left unlinked")
        .contains("<tr><td>probabilistic</td><td class=\"num\">69</td><td class=\"num\"></td>")
        .contains("Blocked: 3 merges with conflicting verified identifiers")
        .contains("against the planted truth")
        .contains("Traps wrongly joined</th>")
        .contains("<td class=\"num\">0.99 ✓</td><td class=\"num\">69</td>")
        .contains("<td class=\"num\">0.9977</td>") // recall at the default
        .contains("<td class=\"num\">0.9981</td>") // precision at 0.5
        .contains("[−∞, -25)")
        .contains("[25, ∞)");
    String ko = HtmlReport.render(model, Lang.KO);
    assertThat(ko)
        .contains("고객 식별 통합")
        .contains("계정 5,120개를 고객 4,871명으로 통합했습니다")
        .contains("정밀도")
        .contains("재현율")
        .contains("잘못 연결된 함정");
  }

  @Test
  void withoutTruthTheCurveShouldShowPairCountsOnly() {
    String en =
        HtmlReport.render(SampleReport.builder().build().withIdentity(identity(false)), Lang.EN);
    assertThat(en)
        .contains("Without truth to measure against")
        .contains("<td class=\"num\">0.5</td><td class=\"num\">75</td></tr>")
        .doesNotContain("Traps wrongly joined</th>");
    assertThat(HtmlReport.render(SampleReport.builder().build(), Lang.EN))
        .doesNotContain("<section id=\"identity\"");
  }

  @Test
  void inconsistentFiguresShouldBeRefused() {
    assertThatThrownBy(
            () ->
                new ReportModel.Identity(
                    10, 11, 0, Map.of(), Map.of(), 0, 0, 0, 0, 0, 0, 0.99, false, List.of(),
                    List.of()))
        .hasMessageContaining("11 resolved customers from only 10 accounts");
    assertThatThrownBy(
            () ->
                new ReportModel.Identity(
                    10,
                    9,
                    1,
                    Map.of(),
                    Map.of(),
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0.99,
                    true,
                    List.of(new ReportModel.CurvePoint(0.5, 1, null, null, null)),
                    List.of()))
        .hasMessageContaining("lacks precision and recall");
    assertThatThrownBy(() -> new ReportModel.CurvePoint(0.5, 1, 1.2, 1.0, 0L))
        .hasMessageContaining("precision at threshold 0.5");
  }
}
