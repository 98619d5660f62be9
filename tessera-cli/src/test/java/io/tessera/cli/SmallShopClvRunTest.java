package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.report.Lang;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, case 12 end to end: `tessera run` on small ordinary shops writes finite, non-negative
 * p_alive, expected_purchases_90d and clv_365d, and models/clv.json and the report say which method
 * produced them and what to beware of.
 */
class SmallShopClvRunTest {
  @TempDir Path tmp;

  /** Orders of a shop: each a customer and a day drawn uniformly (2025), an amount 10-100. */
  private Path shop(int customers, int orders, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder csv = new StringBuilder("order_id,customer_id,ordered_at,amount\n");
    for (int o = 0; o < orders; o++) {
      csv.append("o")
          .append(o)
          .append(",c")
          .append(random.nextInt(customers))
          .append(',')
          .append(LocalDate.of(2025, 1, 1).plusDays(random.nextInt(365)))
          .append(',')
          .append(String.format(java.util.Locale.ROOT, "%.2f", 10 + 90 * random.nextDouble()))
          .append('\n');
    }
    Path data = tmp.resolve("data" + seed);
    Files.createDirectories(data);
    Files.writeString(data.resolve("orders.csv"), csv);
    return data;
  }

  private String printed;

  private JsonNode run(Path data, Path out) throws IOException {
    DataRun run = DataRun.of(data, out, Lang.EN);
    assertThat(run.exitCode()).isZero();
    printed = run.printed();
    for (String[] row : CsvFiles.rows(out.resolve("customers.csv"))) {
      // p_alive, expected_purchases_90d, clv_365d (columns 12-14 of customers.csv)
      double pAlive = Double.parseDouble(row[11]);
      assertThat(pAlive).as(row[0]).isBetween(0.0, 1.0);
      assertThat(Double.parseDouble(row[12])).as(row[0]).isFinite().isNotNegative();
      assertThat(Double.parseDouble(row[13])).as(row[0]).isFinite().isNotNegative();
    }
    return new ObjectMapper().readTree(out.resolve("models/clv.json").toFile());
  }

  @Test
  void eightyCustomersAndSixHundredUniformOrdersShouldGetSaneFiguresAndAWarning()
      throws IOException {
    // seed 3 of the probe shape: the Gamma-Gamma fit used to fail or BG/NBD went negative
    JsonNode clv = run(shop(80, 600, 3), tmp.resolve("out"));
    assertThat(CustomerStage.COLUMNS.subList(11, 14))
        .containsExactly("p_alive", "expected_purchases_90d", "clv_365d");
    assertThat(clv.path("method").asText()).isEqualTo("bgnbd_gamma_gamma");
    // everyone buys at the same rate: the models sit at their bounds, and say so
    assertThat(clv.path("warnings").toString()).contains("at the bounds of the search");
    assertThat(clv.path("bgnbd").path("r").asDouble()).isLessThanOrEqualTo(1e6);
    assertThat(clv.path("bgnbd").path("log_likelihood").asDouble()).isNegative();
    assertThat(Files.readString(tmp.resolve("out/report.html")))
        .contains("Model warnings (models/clv.json)");
    assertThat(printed)
        .containsPattern("CLV model fitted \\(\\d warning\\(s\\) in models/clv.json\\)");
  }

  @Test
  void aShopTooSmallForTheModelsShouldFallBackToTheEmpiricalRateAndSaySo() throws IOException {
    JsonNode clv = run(shop(6, 40, 11), tmp.resolve("small"));
    assertThat(clv.path("method").asText()).isEqualTo("empirical_rate");
    assertThat(clv.has("bgnbd")).isFalse();
    assertThat(clv.path("warnings").get(0).asText())
        .contains("BG/NBD needs at least 10 customers, got 6", "empirical_rate");
    assertThat(clv.path("empirical_rate").path("rate").asDouble()).isPositive();
    assertThat(Files.readString(tmp.resolve("small/report.html")))
        .contains("BG/NBD and Gamma-Gamma do not fit these data");
    assertThat(printed).contains("CLV model not fitted, figures from the empirical rate instead");
  }
}
