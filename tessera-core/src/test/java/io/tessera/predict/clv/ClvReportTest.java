package io.tessera.predict.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.config.ConfigException;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** models/clv.json as a typed model: it values a customer alike before and after a round trip. */
class ClvReportTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);

  /**
   * A seeded shop of {@code n} customers over a year; each buys on a Poisson-ish schedule at their
   * own rate (gamma-distributed) and drops out after each purchase with probability 0.2, so BG/NBD
   * fits it.
   */
  static TransactionSummary shop(int n, long seed) {
    Random random = new Random(seed);
    List<String> ids = new java.util.ArrayList<>();
    List<LocalDate> days = new java.util.ArrayList<>();
    List<Double> amounts = new java.util.ArrayList<>();
    LocalDate start = AS_OF.minusDays(364);
    for (int c = 0; c < n; c++) {
      String id = String.format("c%04d", c);
      double gap = 10 + 80 * random.nextDouble();
      double spend = 20 + 60 * random.nextDouble();
      int day = random.nextInt(200);
      while (day < 365) {
        ids.add(id);
        days.add(start.plusDays(day));
        amounts.add(spend * (0.5 + random.nextDouble()));
        if (random.nextDouble() < 0.2) {
          break;
        }
        day += 1 + (int) (-gap * Math.log(1 - random.nextDouble()));
      }
    }
    return TransactionSummary.of(
        ids.toArray(String[]::new),
        days.toArray(LocalDate[]::new),
        amounts.stream().mapToDouble(Double::doubleValue).toArray(),
        AS_OF,
        null,
        TransactionSummary.TimeUnit.DAYS);
  }

  private static ClvReport fit(TransactionSummary s) {
    long start = System.nanoTime();
    return ClvReport.of(
        ClvFit.of(s.calibration(), TransactionSummary.TimeUnit.DAYS),
        s,
        TransactionSummary.TimeUnit.DAYS,
        AS_OF,
        start);
  }

  @Test
  void givenBgNbdAndGammaGamma_whenReadBack_thenEveryCustomerIsValuedToTheSameBits() {
    TransactionSummary s = shop(400, 7);
    ClvReport model = fit(s);
    assertThat(model.method()).isEqualTo(ClvFit.Method.BGNBD_GAMMA_GAMMA);
    assertThat(model.status()).isEqualTo(ClvReport.FITTED);

    ClvReport back = ClvReport.fromJson(model.toJson(), "out/models/clv.json");

    assertThat(back).isEqualTo(model);
    RepeatSummary c = s.calibration();
    for (int i = 0; i < c.size(); i += 37) {
      CustomerValue before = model.value(c, i);
      CustomerValue after = back.value(c.x(i), c.tx(i), c.age(i), c.meanSpend(i));
      assertThat(after).isEqualTo(before);
      assertThat(Double.doubleToRawLongBits(after.clv365d()))
          .isEqualTo(Double.doubleToRawLongBits(before.clv365d()));
    }
    assertThat(back.toJson()).isEqualTo(model.toJson());
  }

  @Test
  void givenTheEmpiricalRateFallback_whenReadBack_thenTheFiguresAndWarningsAreKept() {
    TransactionSummary s = shop(8, 3);
    ClvReport model = fit(s);
    assertThat(model.method()).isEqualTo(ClvFit.Method.EMPIRICAL_RATE);
    assertThat(model.warnings()).singleElement().asString().contains("at least 10 customers");

    ClvReport back = ClvReport.fromJson(model.toJson(), "models/clv.json");

    assertThat(back).isEqualTo(model);
    RepeatSummary c = s.calibration();
    for (int i = 0; i < c.size(); i++) {
      assertThat(back.value(c.x(i), c.tx(i), c.age(i), c.meanSpend(i)))
          .isEqualTo(model.value(c, i));
    }
  }

  @Test
  void shouldRecordProvenanceFromTheFittedInput() {
    ClvReport a = fit(shop(400, 7));
    ClvReport b = fit(shop(400, 7));
    ClvReport other = fit(shop(400, 8));
    assertThat(a.provenance().inputFingerprint())
        .startsWith("sha256:")
        .hasSize(7 + 64)
        .isEqualTo(b.provenance().inputFingerprint())
        .isNotEqualTo(other.provenance().inputFingerprint());
    assertThat(a.provenance().options())
        .containsEntry("time_unit", "days")
        .containsEntry("calibration_end", "2026-06-30")
        .containsEntry("clv_months", 12);
    assertThat(a.provenance().libraries()).containsKeys("tessera", "hipparchus");
  }

  @Test
  void shouldWriteEveryKeyOfTodaysFilePlusItsProvenance() throws java.io.IOException {
    var today = io.tessera.model.TodayShapeTest.todayTree("clv");
    var now = io.tessera.model.ModelJson.MAPPER.readTree(fit(shop(400, 7)).toJson());
    assertThat(io.tessera.model.TodayShapeTest.keyPaths(now, ""))
        .containsAll(io.tessera.model.TodayShapeTest.keyPaths(today, ""))
        .contains(".provenance.input_fingerprint", ".provenance.libraries.tessera");
  }

  @Test
  void shouldWriteTheFilesOfARunWithoutAFitAsToday() {
    assertThat(ClvReport.notFitted("not fitted: there are no orders").toJson())
        .isEqualToIgnoringWhitespace(
            "{\"format_version\":1,\"status\":\"not fitted: there are no"
                + " orders\",\"customers\":0}");
    assertThat(ClvReport.skipped("no orders or events").toJson())
        .isEqualToIgnoringWhitespace(
            "{\"format_version\":1,\"status\":\"skipped\",\"reason\":\"no orders or events\"}");
    ClvReport back = ClvReport.fromJson(ClvReport.skipped("why").toJson(), "clv.json");
    assertThat(back).isEqualTo(ClvReport.skipped("why"));
    assertThatThrownBy(() -> back.value(1, 1, 2, 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds no fit");
  }

  @Test
  void givenAFutureFormatVersion_whenRead_thenTheMessageNamesTheFileAndKey() {
    String json =
        fit(shop(400, 7)).toJson().replace("\"format_version\" : 1", "\"format_version\" : 7");
    assertThatThrownBy(() -> ClvReport.fromJson(json, "out/models/clv.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("out/models/clv.json: format_version: is 7, but this Tessera")
        .hasMessageContaining("reads versions 1 to 1")
        .satisfies(
            e ->
                assertThat(((ConfigException) e).key())
                    .isEqualTo("out/models/clv.json: format_version"));
  }

  @Test
  void givenAMissingParameter_whenRead_thenTheMessageNamesItsKey() {
    String json = fit(shop(400, 7)).toJson().replace("\"alpha\"", "\"alpha_\"");
    assertThatThrownBy(() -> ClvReport.fromJson(json, "clv.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("clv.json: bgnbd.alpha: is missing");
  }
}
