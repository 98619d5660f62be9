package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.report.Lang;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shop with a handful of customers is a shape a user brings (a pilot, a new store): the run
 * finishes, says which stage had too little to work on, and never splits a dozen customers into
 * singleton "segments".
 */
class TinyShopRunTest {
  @TempDir Path tmp;

  private String printed;

  /** Orders of {@code customers} customers, each with 1-4 orders in 2025, amounts 5-200. */
  private Path shop(int customers, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder csv = new StringBuilder("order_id,customer_id,ordered_at,amount\n");
    int order = 0;
    for (int c = 0; c < customers; c++) {
      for (int o = random.nextInt(1, 5); o > 0; o--) {
        csv.append("o")
            .append(order++)
            .append(",c")
            .append(c)
            .append(',')
            .append(LocalDate.of(2025, 1, 1).plusDays(random.nextInt(365)))
            .append(',')
            .append(random.nextInt(5, 201))
            .append('\n');
      }
    }
    Path data = tmp.resolve("data" + customers);
    Files.createDirectories(data);
    Files.writeString(data.resolve("orders.csv"), csv);
    return data;
  }

  private JsonNode run(Path data, Path out) throws IOException {
    DataRun run = DataRun.of(data, out, Lang.EN);
    printed = run.printed();
    assertThat(run.exitCode()).as(printed).isZero();
    assertThat(out.resolve("report.html")).exists();
    assertThat(out.resolve("customers.csv")).exists();
    return new ObjectMapper().readTree(out.resolve("models/clustering.json").toFile());
  }

  @Test
  void twoCustomersShouldSkipClusteringWithTheReasonAndFinishTheRun() throws IOException {
    JsonNode clustering = run(shop(2, 1), tmp.resolve("out2"));
    assertThat(printed)
        .contains(
            "skipped clustering: only 2 customer(s) to segment after consent; clustering into 2 or"
                + " more segments needs at least 3");
    assertThat(clustering.toString()).contains("only 2 customer(s) to segment");
    assertThat(CsvFiles.rows(tmp.resolve("out2/customers.csv"))).hasSize(2);
    assertThat(printed).contains("RFM groups:");
  }

  @Test
  void twelveCustomersShouldNotBeSplitIntoClustersOfFewerThanFive() throws IOException {
    JsonNode clustering = run(shop(12, 7), tmp.resolve("out12"));
    String reason = clustering.path("k_choice").path("reason").asText();
    // with 12 customers only k = 2 can give clusters of 5 or more
    assertThat(reason).as(reason).contains("useful k 2;");
    assertThat(clustering.path("k").asInt()).isEqualTo(2);
    for (JsonNode size : clustering.path("sizes")) {
      assertThat(size.asInt()).as(clustering.path("sizes").toString()).isGreaterThanOrEqualTo(5);
    }
  }

  @Test
  void aChurnModelOnRandomOrdersShouldBeReportedAsNotBetterThanChance() throws IOException {
    // 80 customers whose orders fall on random days: nothing in a profile foretells churn
    run(shop(80, 4), tmp.resolve("out80"));
    JsonNode cv =
        new ObjectMapper().readTree(tmp.resolve("out80/models/churn.json").toFile()).path("cv");
    assertThat(cv.path("roc_auc_ci95").get(0).asDouble()).as(cv.toString()).isLessThan(0.5);
    assertThat(cv.path("warning").asText()).startsWith("cannot be told from chance");
    assertThat(printed)
        .contains("  warning: the churn model cannot be told from chance: CV ROC-AUC");
  }

  @Test
  void aFileOfDayFirstDatesShouldQuarantineEveryRowSaySoAndFinishTheRun() throws IOException {
    Path data = Files.createDirectories(tmp.resolve("dayfirst"));
    Files.writeString(
        data.resolve("orders.csv"),
        "order_id,customer_id,ordered_at,amount\no1,c1,03/02/2025,10\no2,c2,13/02/2025,20\n");
    run(data, tmp.resolve("outd"));
    assertThat(printed)
        .contains(
            "orders: none of its 2 rows was accepted; the detail column of quarantine/orders.csv"
                + " says what each line needs",
            "skipped clustering: only 0 customer(s)");
    assertThat(Files.readString(tmp.resolve("outd/quarantine/orders.csv")))
        .contains("strptime(ordered_at, '%d/%m/%Y') AS ordered_at");
  }
}
