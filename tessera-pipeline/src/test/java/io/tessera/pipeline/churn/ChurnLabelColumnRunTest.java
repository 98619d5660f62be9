package io.tessera.pipeline.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.pipeline.ingest.IngestStage;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import io.tessera.testing.SharedData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `examples/telco-churn/tessera.yaml`: churn learnt from a customers-file label column. Issue 4's
 * bar is a 5-fold cross-validated ROC-AUC of at least 0.84 for the best model. The data set's
 * README lists IBM's own notebook figure, areaUnderROC 0.7097 for a Spark random forest on hard 0/1
 * predictions of one 80/20 split, which is a weaker setup; 7,043 rows and 1,869 churners are from
 * the README.
 */
@Tag("slow")
class ChurnLabelColumnRunTest {
  @TempDir Path out;

  @Test
  void theExampleShouldReachTheAucBarAndWriteThePublicKeys() throws IOException {
    SharedData.require("telco-churn/Telco-Customer-Churn.csv");
    TesseraConfig config =
        TesseraConfig.load(SharedData.repoRoot().resolve("examples/telco-churn/tessera.yaml"));
    IngestStage.run(
        config,
        out,
        out.resolve("tessera.duckdb"),
        Map.of(),
        io.tessera.store.Ingestor.Progress.NONE,
        new PrintWriter(new StringWriter()));
    ChurnStage.Outcome outcome;
    try (Store store = Store.open(out.resolve("tessera.duckdb"))) {
      outcome =
          ChurnStage.run(
              config,
              ChurnSettings.parse(config.raw()),
              io.tessera.predict.clv.TransactionSummary.TimeUnit.DAYS,
              store,
              out,
              io.tessera.pipeline.AsOf.decide(config, store),
              Set.of(),
              null);
    }
    JsonNode churn = new ObjectMapper().readTree(out.resolve("models/churn.json").toFile());
    assertThat(churn.path("format_version").asInt()).isEqualTo(1);
    assertThat(churn.path("status").asText()).isEqualTo("fitted");
    JsonNode cv = churn.path("cv");
    assertThat(cv.path("folds").asInt()).isEqualTo(5);
    assertThat(cv.path("roc_auc").asDouble()).isGreaterThanOrEqualTo(0.84);
    for (String key : List.of("pr_auc", "precision", "recall", "f1", "brier")) {
      assertThat(cv.path(key).asDouble()).as(key).isBetween(0.0, 1.0);
    }
    assertThat(cv.path("rows").asInt()).isEqualTo(7_043);
    assertThat(cv.path("positives").asInt()).isEqualTo(1_869);
    assertThat(churn.path("model").asText()).isIn("xgboost", "random_forest", "logistic");
    assertThat(churn.path("models_compared")).hasSize(3);
    double best = 0;
    for (JsonNode m : churn.path("models_compared")) {
      best = Math.max(best, m.path("roc_auc").asDouble());
    }
    assertThat(cv.path("roc_auc").asDouble()).isEqualTo(best);
    assertThat(churn.path("threshold_rule").asText()).isEqualTo("max_f1");
    assertThat(churn.path("threshold").asDouble()).isBetween(0.05, 0.95);
    JsonNode cal = churn.path("calibration");
    assertThat(cal.path("brier_after").asDouble()).isLessThan(cal.path("brier_before").asDouble());
    long binned = 0;
    for (JsonNode b : cal.path("bins")) {
      binned += b.path("count").asLong();
    }
    assertThat(binned).isEqualTo(7_043);
    assertThat(churn.path("roc").size()).isBetween(10, 101);
    // ingest lower-cases column names; the config's "Churn" finds "churn"
    assertThat(churn.path("label").path("column").asText()).isEqualTo("churn");
    assertThat(churn.path("features").toString())
        .contains("contract", "tenure")
        .doesNotContain("\"churn\"");
    assertThat(churn.path("next_purchase").path("status").asText()).startsWith("skipped");
    assertThat(churn.path("provenance").path("input_fingerprint").asText()).startsWith("sha256:");

    // every customer is scored, with three signed reasons in readable terms
    assertThat(outcome.churnProbability()).hasSize(7_043);
    assertThat(outcome.reasons().get("7590-VHVEG")).hasSize(3);
    assertThat(String.join(" ", outcome.reasons().get("7590-VHVEG")))
        .containsAnyOf("contract=Month-to-month", "tenure=1");
    assertThat(outcome.reasons().get("7590-VHVEG").getFirst())
        .matches(".+=.+ \\([+-]\\d+\\.\\d{3}\\)");
    // the mean calibrated probability is the churn rate (1,869 / 7,043 = 0.2654)
    double mean =
        outcome.churnProbability().values().stream()
            .mapToDouble(Double::doubleValue)
            .average()
            .orElseThrow();
    assertThat(mean).isCloseTo(0.2654, within(0.01));
  }
}
