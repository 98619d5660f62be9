package io.tessera.segment.rfm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.config.ConfigException;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** models/rfm.json as a typed model: it scores and places alike before and after a round trip. */
class RfmReportTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);

  static RfmReport fitted(long seed) {
    Random random = new Random(seed);
    int n = 300;
    double[] r = new double[n];
    double[] f = new double[n];
    double[] m = new double[n];
    double[] last = new double[n + 50];
    for (int i = 0; i < n; i++) {
      r[i] = random.nextInt(365);
      f[i] = 1 + random.nextInt(12);
      m[i] = Math.round(10_000 * random.nextDouble()) / 100.0;
      last[i] = r[i];
    }
    for (int i = n; i < last.length; i++) {
      last[i] = i % 7 == 0 ? Double.NaN : random.nextInt(400);
    }
    long start = System.nanoTime();
    RfmModel buyers = RfmModel.fit(r, f, m);
    VisitorPlacement visitors = VisitorPlacement.fit(last);
    Map<RfmGroup, Integer> sizes = new EnumMap<>(RfmGroup.class);
    Map<RfmGroup, Integer> fromVisits = new EnumMap<>(RfmGroup.class);
    for (int i = 0; i < n; i++) {
      sizes.merge(buyers.score(r[i], f[i], m[i]).group(), 1, Integer::sum);
    }
    for (int i = n; i < last.length; i++) {
      RfmGroup g = visitors.place(last[i], last[i] + 30);
      sizes.merge(g, 1, Integer::sum);
      fromVisits.merge(g, 1, Integer::sum);
    }
    return new RfmReport(
        AS_OF,
        buyers,
        visitors,
        sizes,
        fromVisits,
        null,
        RfmReport.provenance(r, f, m, last, AS_OF, start));
  }

  @Test
  void givenAFittedScoring_whenReadBack_thenEveryCustomerGetsTheSameScoresAndGroup() {
    RfmReport model = fitted(11);
    RfmReport back = RfmReport.fromJson(model.toJson(), "models/rfm.json");

    assertThat(back).isEqualTo(model);
    assertThat(back.toJson()).isEqualTo(model.toJson());
    Random random = new Random(5);
    for (int i = 0; i < 200; i++) {
      double r = random.nextInt(400);
      double f = 1 + random.nextInt(15);
      double m = 200 * random.nextDouble();
      assertThat(back.score(r, f, m)).isEqualTo(model.score(r, f, m));
      assertThat(back.place(r, r + i)).isEqualTo(model.place(r, r + i));
    }
    assertThat(back.place(Double.NaN, Double.NaN)).isEqualTo(RfmGroup.HIBERNATING);
  }

  @Test
  void shouldWriteEveryGroupWithItsSizeVisitorsStageAndActions() {
    RfmReport model = fitted(11);
    var root = model.toJsonTree();
    assertThat(root.path("groups").size()).isEqualTo(RfmGroup.values().length);
    int total = 0;
    for (RfmGroup g : RfmGroup.values()) {
      total += root.path("groups").path(g.id()).path("size").asInt();
      assertThat(root.path("groups").path(g.id()).path("journey_stage").asText())
          .isEqualTo(g.stage().wireName());
    }
    assertThat(total).isEqualTo(350);
    assertThat(root.path("provenance").path("input_fingerprint").asText()).startsWith("sha256:");
    assertThat(root.path("provenance").path("options").path("as_of").asText())
        .isEqualTo("2026-06-30");
  }

  @Test
  void shouldWriteEveryKeyOfTodaysFilePlusItsProvenance() throws java.io.IOException {
    var today = io.tessera.model.TodayShapeTest.todayTree("rfm");
    var now = io.tessera.model.ModelJson.MAPPER.readTree(fitted(11).toJson());
    assertThat(io.tessera.model.TodayShapeTest.keyPaths(now, ""))
        .containsAll(io.tessera.model.TodayShapeTest.keyPaths(today, ""))
        .contains(".provenance.input_fingerprint", ".provenance.fitted_at");
  }

  @Test
  void shouldReadTheSkippedFile() {
    RfmReport skipped = RfmReport.skipped("no orders or events");
    assertThat(skipped.toJson())
        .isEqualToIgnoringWhitespace(
            "{\"format_version\":1,\"status\":\"skipped\",\"reason\":\"no orders or events\"}");
    assertThat(RfmReport.fromJson(skipped.toJson(), "rfm.json")).isEqualTo(skipped);
  }

  @Test
  void givenAFutureFormatVersionOrBadEdges_whenRead_thenTheMessageNamesFileAndKey() {
    String json = fitted(11).toJson();
    assertThatThrownBy(
            () ->
                RfmReport.fromJson(
                    json.replace("\"format_version\" : 1", "\"format_version\" : 2"),
                    "out/models/rfm.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("out/models/rfm.json: format_version: is 2");
    var tree = fitted(11).toJsonTree();
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.path("quintile_edges"))
        .putArray("frequency")
        .add(3)
        .add(1)
        .add(2)
        .add(4);
    assertThatThrownBy(() -> RfmReport.fromJson(tree.toString(), "rfm.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("rfm.json: quintile_edges: RFM quintile edges must be ascending");
  }
}
