package io.tessera.predict.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.config.ConfigException;
import io.tessera.model.ModelJson;
import io.tessera.predict.clv.BgNbd;
import io.tessera.predict.next.PurchaseBand;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * models/churn.json as a typed report: every part the churn stage writes survives a round trip, and
 * the report holds every key today's file has.
 */
class ChurnReportTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);

  /** A churn label that depends on the first feature, so the logistic model learns it. */
  private static ChurnData data(long seed) {
    Random random = new Random(seed);
    int n = 300;
    double[][] rows = new double[n][2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i][0] = random.nextGaussian();
      rows[i][1] = random.nextGaussian();
      y[i] = rows[i][0] + 0.8 * random.nextGaussian() > 0.3 ? 1 : 0;
    }
    return ChurnData.of(rows, List.of("recency_days", "frequency"), y);
  }

  /** A report with every part a fitted time-split run writes. */
  static ChurnReport full() {
    ChurnData data = data(5);
    TrainedChurn trained =
        ChurnTrainer.train(
            data,
            new ChurnTrainer.Options(
                List.of("logistic"), 3, new ThresholdRule.MaxF1(), Calibration.ISOTONIC, 42));
    BgNbd bg = BgNbd.of(0.24, 4.4, 0.79, 2.43);
    List<ChurnReport.Band> bands = new ArrayList<>();
    for (PurchaseBand b : PurchaseBand.values()) {
      bands.add(new ChurnReport.Band(b.id(), b.english(), b.korean(), b.lower(), b.upper(), 10));
    }
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("model", "auto");
    options.put("models", List.of("logistic"));
    options.put("folds", 3);
    options.put("threshold", "max_f1");
    options.put("calibration", "isotonic");
    options.put("horizon_days", 90);
    return new ChurnReport(
        "fitted",
        AS_OF,
        new ChurnReport.TimeSplitLabel(
            ChurnReport.TimeSplitLabel.DEFINITION,
            AS_OF.minusDays(90),
            AS_OF,
            90,
            300,
            120,
            AS_OF,
            310),
        List.of("recency_days", "frequency"),
        null,
        "models/churn_model.json",
        ChurnReport.Fit.of(trained, "max_f1", "isotonic", 42),
        new ChurnReport.NextPurchase(
            30,
            new ChurnReport.Split(
                AS_OF.minusDays(30),
                AS_OF.minusDays(30),
                AS_OF,
                io.tessera.predict.next.NextPurchase.CLASSIFIER_VALIDATION),
            List.of(
                ChurnReport.Validation.of(
                    io.tessera.predict.next.NextPurchase.Validation.of(
                        "bgnbd", new double[] {0.1, 0.7, 0.4}, new int[] {0, 1, 0})),
                ChurnReport.Validation.notFitted("classifier", "one class only")),
            null,
            "bgnbd",
            ChurnReport.NextPurchase.CHOSEN_BY,
            ChurnReport.NextBgNbd.of(bg, AS_OF),
            null,
            bands,
            50),
        new ChurnReport.Backtest(
            "done",
            AS_OF.plusDays(1),
            AS_OF.plusDays(100),
            "days",
            300L,
            120L,
            117.5,
            0.61,
            List.of(new ChurnReport.Week(AS_OF.plusDays(1), true, 4, 3.9, 4, 3.9)),
            null,
            new ChurnReport.RealChurn("done", 300L, 120L, 0.8, 0.7, 0.15, 0.6, 0.7, 0.65)),
        ChurnReport.Provenance.endingNow(ChurnReport.fingerprint(data), 42, 1.25, options, 3.5));
  }

  @Test
  void givenEveryPart_whenReadBack_thenTheReportIsEqualAndWritesTheSameText() {
    ChurnReport report = full();
    ChurnReport back = ChurnReport.fromJson(report.toJson(), "models/churn.json");

    assertThat(back).isEqualTo(report);
    assertThat(back.toJson()).isEqualTo(report.toJson());
    BgNbd before = report.nextPurchase().bgnbd().model();
    BgNbd after = back.nextPurchase().bgnbd().model();
    for (double[] h : new double[][] {{0, 0, 30}, {3, 40, 200}, {12, 300, 365}}) {
      assertThat(after.pAlive(h[0], h[1], h[2])).isEqualTo(before.pAlive(h[0], h[1], h[2]));
      assertThat(after.expectedPurchases(30, h[0], h[1], h[2]))
          .isEqualTo(before.expectedPurchases(30, h[0], h[1], h[2]));
    }
  }

  @Test
  void theRocAucIntervalShouldBeHanleyAndMcNeils() {
    // A = 0.8, 50 positives, 100 negatives: Q1 = 0.8 / 1.2, Q2 = 1.28 / 1.8, variance
    // (0.16 + 49 (Q1 - 0.64) + 99 (Q2 - 0.64)) / 5000 = 0.00170133, SE 0.0412472, x 1.959964
    double[] ci = ChurnMetrics.rocAucInterval95(0.8, 50, 100);
    assertThat(ci[0]).isCloseTo(0.8 - 0.0808431, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(ci[1]).isCloseTo(0.8 + 0.0808431, org.assertj.core.data.Offset.offset(1e-6));
    double[] more = ChurnMetrics.rocAucInterval95(0.8, 500, 1000);
    assertThat(more[1] - more[0]).isLessThan((ci[1] - ci[0]) / 3);
    assertThat(ChurnMetrics.rocAucInterval95(0.99, 5, 5)[1]).isEqualTo(1.0);
  }

  @Test
  void givenLabelsThatNoFeatureExplains_thenTheCvWarnsThatTheModelCannotBeToldFromChance() {
    Random random = new Random(11);
    int n = 80;
    double[][] rows = new double[n][2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i][0] = random.nextGaussian();
      rows[i][1] = random.nextGaussian();
      y[i] = random.nextDouble() < 0.3 ? 1 : 0;
    }
    ChurnTrainer.Options options =
        new ChurnTrainer.Options(
            List.of("logistic"), 3, new ThresholdRule.MaxF1(), Calibration.ISOTONIC, 42);
    ChurnReport.Cv noise =
        ChurnReport.Fit.of(
                ChurnTrainer.train(
                    ChurnData.of(rows, List.of("recency_days", "frequency"), y), options),
                "max_f1",
                "isotonic",
                42)
            .cv();
    assertThat(noise.rocAucCi95().get(0)).isLessThanOrEqualTo(0.5);
    assertThat(noise.rocAucCi95().get(1)).isGreaterThan(noise.rocAuc());
    assertThat(noise.warning())
        .startsWith("cannot be told from chance: CV ROC-AUC ")
        .contains("95% interval", "churned of 80 customers");

    ChurnReport.Cv learnt = full().fit().cv();
    assertThat(learnt.rocAucCi95().get(0)).isGreaterThan(0.5);
    assertThat(learnt.warning()).isNull();
    assertThat(full().toJsonTree().path("cv").has("warning")).isFalse();
    assertThat(full().toJsonTree().path("cv").path("roc_auc_ci95").size()).isEqualTo(2);
  }

  @Test
  void shouldHoldEveryKeyOfTodaysFile() throws IOException {
    JsonNode today = ModelJson.MAPPER.readTree(resource("today/churn.json"));
    JsonNode now = full().toJsonTree();
    Set<String> missing = new java.util.TreeSet<>(keyPaths(today, ""));
    missing.removeAll(keyPaths(now, ""));
    // today's run chose the classifier and had no data after the as-of date; the full report
    // chose BG/NBD and backtested: those keys are each other's alternatives
    missing.remove(".next_purchase.saved_model");
    // each compared model's settings are its own (ChurnClassifier.defaults); this one compares one
    missing.removeIf(k -> k.startsWith(".models_compared[].settings."));
    assertThat(missing).isEmpty();
    assertThat(now.path("provenance").path("libraries").has("tessera")).isTrue();
    assertThat(now.path("provenance").path("fitted_at").asText()).isNotEmpty();
    assertThat(now.path("roc").get(0).has("threshold")).isTrue();
    assertThat(now.path("roc").get(0).get("threshold").isNull()).isTrue();
  }

  @Test
  void shouldWriteTheDisabledFileAsToday() {
    assertThat(ChurnReport.disabled().toJson())
        .isEqualToIgnoringWhitespace(
            "{\"format_version\":1,\"status\":\"disabled by churn.enabled: false\","
                + "\"provenance\":{}}");
    assertThat(ChurnReport.fromJson(ChurnReport.disabled().toJson(), "churn.json"))
        .isEqualTo(ChurnReport.disabled());
  }

  @Test
  void givenAFutureFormatVersionOrABadLabel_whenRead_thenTheMessageNamesFileAndKey() {
    String json = full().toJson();
    assertThatThrownBy(
            () ->
                ChurnReport.fromJson(
                    json.replace("\"format_version\" : 1", "\"format_version\" : 4"),
                    "out/models/churn.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("out/models/churn.json: format_version: is 4");
    assertThatThrownBy(
            () ->
                ChurnReport.fromJson(
                    json.replace("\"kind\" : \"time_split\"", "\"kind\" : \"sideways\""),
                    "out/models/churn.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("out/models/churn.json: label: cannot be read");
  }

  static Set<String> keyPaths(JsonNode node, String path) {
    Set<String> out = new java.util.TreeSet<>();
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                out.add(path + "." + e.getKey());
                out.addAll(keyPaths(e.getValue(), path + "." + e.getKey()));
              });
    } else if (node.isArray()) {
      node.forEach(n -> out.addAll(keyPaths(n, path + "[]")));
    }
    return out;
  }

  private static String resource(String name) throws IOException {
    try (var in = io.tessera.model.ModelJson.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
