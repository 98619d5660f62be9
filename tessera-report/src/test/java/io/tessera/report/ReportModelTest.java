package io.tessera.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.ingest.DataHealth;
import io.tessera.report.ReportModel.DataHealthSummary;
import io.tessera.report.ReportModel.JourneyStage;
import io.tessera.report.ReportModel.RfmGrid;
import io.tessera.report.ReportModel.SegmentKind;
import io.tessera.report.ReportModel.SegmentRow;
import io.tessera.report.ReportModel.SourceHealth;
import io.tessera.report.ReportModel.Text;
import io.tessera.report.SegmentationParts.KScore;
import io.tessera.report.SegmentationParts.KSelection;
import io.tessera.report.SegmentationParts.MapPoint;
import io.tessera.report.SegmentationParts.SegmentMap;
import io.tessera.segment.DistinguishingFeature;
import io.tessera.segment.Segment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model refuses what a report must never show, with a message naming what is wrong. */
class ReportModelTest {

  @Test
  void aShareAboveOneShouldBeRefusedNamingTheSegment() {
    assertThatThrownBy(
            () ->
                new SegmentRow(
                    "cluster:9",
                    SegmentKind.CLUSTER,
                    Text.both("x"),
                    10,
                    1.2,
                    0.1,
                    JourneyStage.RETENTION,
                    List.of(),
                    List.of(),
                    List.of()))
        .hasMessage("report: segment cluster:9 share must be in [0, 1], got 1.2");
  }

  @Test
  void anIncompleteRfmGridShouldBeRefused() {
    RfmGrid full = SampleReport.full().rfmGrid();
    assertThatThrownBy(() -> new RfmGrid(full.cells().subList(0, 24)))
        .hasMessage("report: the RFM grid needs all 25 cells (R and F scores 1-5), got 24");
    List<ReportModel.RfmCell> twice = new java.util.ArrayList<>(full.cells().subList(0, 24));
    twice.add(full.cells().get(0));
    assertThatThrownBy(() -> new RfmGrid(twice))
        .hasMessage("report: RFM cell R=1 F=1 appears twice");
  }

  @Test
  void aMapPointOfAnUnknownSegmentShouldBeRefused() {
    ReportModel m = SampleReport.builder().mapPoints(10).build();
    assertThatThrownBy(
            () ->
                new ReportModel(
                    m.run(),
                    m.dataHealth(),
                    m.rfmGrid(),
                    m.segments(),
                    new SegmentMap("PCA", List.of(new MapPoint(0, 0, "cluster:42"))),
                    null,
                    null,
                    List.of()))
        .hasMessage(
            "report: map point refers to segment 'cluster:42', which is not among the segments");
  }

  @Test
  void aChosenKThatWasNotTriedShouldBeRefused() {
    assertThatThrownBy(() -> new KSelection(List.of(new KScore(2, 0.3, 10, 1)), 3))
        .hasMessage("report: chosen k 3 is not among the k tried");
  }

  @Test
  void rowsThatDoNotReconcileShouldBeRefused() {
    assertThatThrownBy(() -> new SourceHealth("orders", 10, 8, 1, List.of()))
        .hasMessage("report: orders rows do not reconcile: read 10 != accepted 8 + quarantined 1");
  }

  @Test
  void theDataHealthOfAnIngestionShouldKeepTheMostFrequentReasonsFirst() {
    DataHealth health =
        new DataHealth(
            DataHealth.FORMAT_VERSION,
            Map.of(
                "orders",
                new DataHealth.SourceHealth(
                    100,
                    90,
                    10,
                    Map.of("bad_timestamp", 2L, "negative_amount", 5L, "bad_number", 2L, "x", 1L),
                    Map.of(),
                    Map.of())),
            List.of());
    SourceHealth orders = DataHealthSummary.from(health, 3).sources().getFirst();
    assertThat(orders.rowsRead()).isEqualTo(100);
    assertThat(orders.rowsQuarantined()).isEqualTo(10);
    // by count, ties by name
    assertThat(orders.topReasons())
        .extracting(ReportModel.ReasonCount::reason)
        .containsExactly("negative_amount", "bad_number", "bad_timestamp");
  }

  @Test
  void aCatalogSegmentShouldMapToARowWithItsStrongestFeatures() {
    Segment segment =
        new Segment(
            "rfm:vip",
            Segment.Kind.RFM,
            new Segment.Text("VIP", "VIP"),
            120,
            0.06,
            0.31,
            "retention",
            List.of(new Segment.Text("Thank them", "감사 인사")),
            List.of(
                new DistinguishingFeature("monetary", 900, 200, 4.5, 2.1),
                new DistinguishingFeature("frequency", 8, 3, 2.7, 1.6),
                new DistinguishingFeature("recency_days", 12, 90, 0.13, -1.2)));
    SegmentRow row = SegmentRow.from(segment, List.of(), 2);
    assertThat(row.kind()).isEqualTo(SegmentKind.RFM);
    assertThat(row.journeyStage()).isEqualTo(JourneyStage.RETENTION);
    assertThat(row.topFeatures())
        .extracting(ReportModel.Feature::feature)
        .containsExactly("monetary", "frequency");
    assertThat(row.actions()).containsExactly(new Text("Thank them", "감사 인사"));
  }

  @Test
  void anUnknownJourneyStageShouldNameTheAllowedValues() {
    assertThatThrownBy(() -> JourneyStage.of("loyalty"))
        .hasMessage(
            "unknown journey stage 'loyalty': allowed values are acquisition, conversion,"
                + " retention");
  }
}
