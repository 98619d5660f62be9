package io.tessera.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.store.TesseraConfig;
import io.tessera.testing.SharedData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `./tessera run --config examples/telco-churn/tessera.yaml` as the README prints it (issue 16): a
 * customers file with a label column and no orders or events. Every customer has the same recency,
 * frequency and monetary value, so clustering is skipped with its reason (it used to stop the run
 * with "silhouette at k=2 must be in [-1, 1], got NaN"), and the report shows the churn model:
 * 5-fold ROC-AUC 0.848 for XGBoost in the README, at least 0.84 (issue 4's bar) here.
 */
@Tag("slow")
class TelcoExampleRunTest {
  @TempDir Path out;

  @Test
  void theTelcoExampleShouldRunAndItsReportShouldShowTheChurnModel() throws IOException {
    SharedData.require("telco-churn/Telco-Customer-Churn.csv");
    StringWriter console = new StringWriter();
    int rc =
        TestRuns.execute(
            TesseraConfig.load(SharedData.repoRoot().resolve("examples/telco-churn/tessera.yaml")),
            out,
            null,
            Map.of(),
            new PrintWriter(console),
            false,
            List.of("tessera", "run"),
            Map.of(),
            io.tessera.report.Lang.EN);
    assertThat(rc).as(console.toString()).isZero();
    JsonNode report = DataShapesRunTest.reportData(out.resolve("report.html"));
    JsonNode churn = report.path("predictions").path("churn");
    assertThat(churn.path("model").asText()).isIn("xgboost", "random_forest", "logistic");
    assertThat(churn.path("roc_auc").asDouble()).isGreaterThanOrEqualTo(0.84);
    assertThat(churn.path("roc").size()).isGreaterThan(2);
    assertThat(report.path("run").path("segmented_customers").asLong()).isEqualTo(7_043);
    assertThat(report.path("skipped").findValuesAsText("stage"))
        .containsExactly("rfm", "clv", "clustering");
    JsonNode clustering =
        new ObjectMapper().readTree(out.resolve("models/clustering.json").toFile());
    assertThat(clustering.path("status").asText()).isEqualTo("skipped");
    assertThat(clustering.path("reason").asText())
        .startsWith("all 7043 customers have the same recency_days, frequency, monetary");
    assertThat(CsvFiles.rows(out.resolve("customers.csv")))
        .hasSize(7_043)
        .allSatisfy(r -> assertThat(r[10]).as("churn_probability of " + r[0]).isNotEmpty());
  }
}
