package io.tessera.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.privacy.Pseudonymizer;
import io.tessera.report.Lang;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with {@code --as-of} 120 days before the data ends treats the rest as the future: the churn
 * model is checked on the real outcome, BG/NBD's weekly tracking is compared with the actual repeat
 * purchases, and the report shows both.
 */
class BacktestRunTest {
  @TempDir static Path tmp;
  static Path out;
  static JsonNode churn;
  static final LocalDate END = LocalDate.of(2026, 6, 30);
  static final LocalDate AS_OF = END.minusDays(120);

  @BeforeAll
  static void runWithAnEarlierAsOf() throws IOException {
    Path data = tmp.resolve("data");
    out = tmp.resolve("out");
    SyntheticShop.write(new GeneratorOptions(3_000, 365, 31_337L, 0.01, END), data);
    int rc =
        TestRuns.execute(
            TesseraConfig.forDataDir(data).withAsOf(AS_OF),
            out,
            null,
            Map.of(Pseudonymizer.KEY_ENV, "a-test-key-of-enough-length"),
            new PrintWriter(new StringWriter()),
            false,
            List.of("tessera", "run", "--as-of", AS_OF.toString()),
            Map.of(),
            Lang.EN);
    assertThat(rc).isZero();
    churn = new ObjectMapper().readTree(out.resolve("models/churn.json").toFile());
  }

  @Test
  void theTrackingPlotShouldCompareExpectedWithActualRepeatPurchasesPerWeek() {
    JsonNode bt = churn.get("backtest");
    assertThat(bt.get("status").asText()).isEqualTo("done");
    assertThat(bt.get("holdout_start").asText()).isEqualTo(AS_OF.plusDays(1).toString());
    JsonNode weeks = bt.get("weeks");
    assertThat(weeks.size()).isGreaterThanOrEqualTo(17); // 120 days of holdout
    // the tracking curve (unconditional, eq. 9) over the weeks that start after as_of
    long trackedActual = 0;
    double trackedExpected = 0;
    for (JsonNode w : weeks) {
      if (w.get("holdout").asBoolean()) {
        trackedActual += w.get("actual").asLong();
        trackedExpected += w.get("expected").asDouble();
      }
    }
    long actual = bt.get("holdout_actual_repeat_purchases").asLong();
    assertThat(trackedActual).isPositive().isLessThanOrEqualTo(actual);
    // models worth showing: each forecast within a factor of two of what happened
    assertThat(trackedExpected / trackedActual).isBetween(0.5, 2.0);
    double conditional = bt.get("holdout_expected_repeat_purchases").asDouble();
    assertThat(conditional / actual).isBetween(0.5, 2.0);
    assertThat(bt.get("mae_per_customer").asDouble()).isPositive();
  }

  @Test
  void theChurnModelShouldBeCheckedOnTheRealOutcome() {
    JsonNode real = churn.get("backtest").get("churn");
    assertThat(real.get("status").asText()).isEqualTo("done");
    assertThat(real.get("roc_auc").asDouble()).isGreaterThanOrEqualTo(0.75);
    assertThat(real.get("rows").asInt()).isGreaterThan(1_000);
  }

  @Test
  void theReportShouldShowTheBacktestAndTheChurnValidation() throws IOException {
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).contains("\"backtest\"", "\"churn\"", "\"roc\"");
  }
}
