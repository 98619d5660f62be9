package io.tessera.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.privacy.Pseudonymizer;
import io.tessera.store.RunOutputs;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * models/text.json's {@code churn_with_text} (does text help churn?) trains on the 90-day time
 * split. When the churn stage trained that split with the default features and options, the text
 * stage reuses its cut-off profiles, customers, orders and CV ROC-AUC instead of folding the store
 * and training the same model again; the figures must be those of the text stage doing it all
 * itself, which it does when the churn stage's horizon is 60 days (nothing to reuse). Both runs
 * read a tessera.yaml that differs only in {@code churn.horizon_days}.
 */
class ChurnWithTextTest {
  @TempDir Path tmp;

  private JsonNode churnWithText(Path data, Path out) throws IOException {
    int rc =
        TestRuns.execute(
            TesseraConfig.forDataDir(data),
            out,
            null,
            Map.of(Pseudonymizer.KEY_ENV, "text-test-key-0123456789"),
            new PrintWriter(new StringWriter()),
            false,
            List.of("tessera", "run"),
            Map.of(),
            io.tessera.report.Lang.EN);
    assertThat(rc).isZero();
    return RunOutputs.JSON
        .readTree(out.resolve("models/text.json").toFile())
        .path("churn_with_text");
  }

  @Test
  void theReusedChurnFiguresShouldEqualTheOnesTheTextStageFitsItself() throws IOException {
    Path data = tmp.resolve("data");
    SyntheticShop.write(new GeneratorOptions(1_000, 365, 9, 0.0, null), data);
    Files.writeString(data.resolve("tessera.yaml"), "churn:\n  horizon_days: 90\n");
    JsonNode reused = churnWithText(data, tmp.resolve("reused"));
    Files.writeString(data.resolve("tessera.yaml"), "churn:\n  horizon_days: 60\n");
    JsonNode refitted = churnWithText(data, tmp.resolve("refitted"));
    assertThat(reused.path("cv_roc_auc_without").isNumber()).as(reused.toString()).isTrue();
    assertThat(reused.path("cv_roc_auc_with").asDouble()).isGreaterThan(0.5);
    assertThat(reused).isEqualTo(refitted);
    // the churn model itself did change with the horizon: the runs differ where they should
    JsonNode a = RunOutputs.JSON.readTree(tmp.resolve("reused/models/churn.json").toFile());
    JsonNode b = RunOutputs.JSON.readTree(tmp.resolve("refitted/models/churn.json").toFile());
    assertThat(a.path("label")).isNotEqualTo(b.path("label"));
  }
}
