package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.testing.SharedData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The command line is public API: golden help texts, and clear one-line errors with exit code 2.
 */
class CommandLineTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /**
   * Compares with src/test/resources/golden/NAME; an intended change rewrites the golden file when
   * run with -Dtessera.golden=update (commit it with the change).
   */
  static void assertGolden(String name, String actual) throws IOException {
    Path golden =
        SharedData.repoRoot().resolve("tessera-cli/src/test/resources/golden").resolve(name);
    if ("update".equals(System.getProperty("tessera.golden"))) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "demo", "generate", "run", "bench", "serve"})
  void helpTextsShouldMatchTheirGoldenFiles(String command) throws IOException {
    Run r = command.isEmpty() ? run("--help") : run(command, "--help");
    assertThat(r.code()).isZero();
    assertGolden((command.isEmpty() ? "tessera" : "tessera-" + command) + "-help.txt", r.out());
  }

  @Test
  void aServeClusteringModelThatIsNotAModelShouldBeNamedWithExitCode2() throws IOException {
    Path model = tmp.resolve("clustering.json");
    Files.writeString(model, "{\"k\": 3}");
    Run r =
        run(
            "serve",
            "--port",
            "0",
            "--store",
            tmp.resolve("s.duckdb").toString(),
            "--clustering-model",
            model.toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err())
        .contains("--clustering-model", "centroids")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void anUnknownConfigKeyShouldNameTheKeyAndTheAllowedKeys() throws IOException {
    Path config = tmp.resolve("tessera.yaml");
    Files.writeString(config, "currency: EUR\nsegmentatoin: {}\n");
    Run r = run("run", "--config", config.toString(), "--out", tmp.resolve("out").toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err())
        .contains("unknown key 'segmentatoin'", "allowed keys are", "sources")
        .doesNotContain("Exception", "\tat ");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "clustering: {algorithm: spectral}|clustering.algorithm|kmeans, gmm",
        "clustering: {k: 1}|clustering.k|2",
        "clustering: {kmeans: 3}|clustering.kmeans|algorithm",
        "features: [recency_days, lifetime_spend]|unknown feature 'lifetime_spend'|monetary",
        "features: []|features: the list is empty|sessions, frequency, orders_90d, events_90d",
        "report: {map: mds}|report.map|umap, tsne or pca",
        "clv: {time_unit: months}|clv.time_unit|days or weeks"
      })
  void aBadSegmentationSettingShouldNameTheKeyAndTheAllowedValuesBeforeReadingData(
      String yaml, String key, String allowed) throws IOException {
    Path config = tmp.resolve("tessera.yaml");
    // the orders file does not exist: the settings are checked before any data is read
    Files.writeString(
        config, "currency: EUR\nsources:\n  orders: {path: nowhere.csv}\n" + yaml + "\n");
    Run r = run("run", "--config", config.toString(), "--out", tmp.resolve("out").toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains(key, allowed).doesNotContain("Exception", "\tat ", "nowhere");
    assertThat(r.err().strip().lines().count()).as("one clear line").isOne();
  }

  @Test
  void aMissingDataFolderShouldSayWhatToGive() {
    Run r =
        run(
            "run",
            "--data",
            tmp.resolve("nope").toString(),
            "--out",
            tmp.resolve("out").toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("does not exist", "orders.csv").doesNotContain("\tat ");
  }

  @Test
  void aFolderWithoutCustomersOrdersOrEventsShouldStopWithAClearMessage() throws IOException {
    Files.writeString(tmp.resolve("tessera.yaml"), "privacy:\n  pseudonymise: false\n");
    Files.writeString(
        tmp.resolve("reviews.csv"), "review_id,customer_id,created_at\nr1,c1,2024-01-01\n");
    Run r = run("run", "--data", tmp.toString(), "--out", tmp.resolve("out").toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("no customers, orders or events", "orders.csv");
  }

  @Test
  void aMissingRequiredColumnShouldNameItAndTheFile() throws IOException {
    Files.writeString(tmp.resolve("tessera.yaml"), "privacy:\n  pseudonymise: false\n");
    Files.writeString(tmp.resolve("orders.csv"), "id,customer,when,amount\no1,c1,2024-01-01,3\n");
    Run r = run("run", "--data", tmp.toString(), "--out", tmp.resolve("out").toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("orders.csv", "order_id", "customer_id", "ordered_at");
  }

  @Test
  void pseudonymisationWithoutAKeyShouldMakeOneAndSayWhereAndHowToGiveOne() throws IOException {
    Files.writeString(
        tmp.resolve("orders.csv"), "order_id,customer_id,ordered_at,amount\no1,c1,2024-01-01,3\n");
    Run r = run("run", "--data", tmp.toString(), "--out", tmp.resolve("out").toString());
    assertThat(r.code()).isZero();
    if (System.getenv("TESSERA_PSEUDONYM_KEY") == null) {
      Path key = tmp.resolve("out/tessera.duckdb.pseudonym-key").toAbsolutePath();
      assertThat(key).isNotEmptyFile();
      assertThat(r.out())
          .contains(key.toString(), "TESSERA_PSEUDONYM_KEY", "privacy.pseudonym_key");
    }
  }

  @Test
  void badOptionValuesShouldBeRejectedWithUsage() {
    Run r = run("generate", "--customers", "0", "--out", tmp.toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("customers must be at least 1");
    assertThat(List.of(run("run").code(), run("frobnicate").code())).containsOnly(Main.USAGE);
  }
}
