package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.server.TesseraServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/runs} runs the pipeline in process over the server's own tables: it exports
 * no CSV under {@code <store>.runs/} (the run's own outputs are the only CSV files there), and it
 * takes the scores, clustering and models from the run's result. Every output file is deleted the
 * moment the pipeline has written them, before anything is loaded: the run still ends done, with
 * the live clustering replaced and every customer's scores served as customers.csv had them.
 */
class ServeRunInProcessTest {
  private static final String ADMIN = "tsk_admin001_test-admin-key-0123456789abcdef";
  private static final String WRITE = "tsk_write001_test-write-key-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aServerRunShouldExportNothingAndReadNoOutputFileBack() throws Exception {
    Path data = dir.resolve("shop");
    SyntheticShop.write(new GeneratorOptions(300, 365, 7, 0.0, null), data);
    Path store = dir.resolve("live.duckdb");
    int rc =
        RunCommand.execute(
            io.tessera.store.TesseraConfig.forDataDir(data),
            dir.resolve("seed-run"),
            store,
            Map.of(io.tessera.privacy.Pseudonymizer.KEY_ENV, "a-test-key-of-enough-length"),
            new PrintWriter(new StringWriter()),
            false,
            List.of("tessera", "run"),
            Map.of(),
            io.tessera.report.Lang.EN);
    assertThat(rc).isZero();

    Path runs = dir.resolve("live.duckdb.runs");
    List<String> csvFiles = new CopyOnWriteArrayList<>();
    List<String[]> written = new CopyOnWriteArrayList<>();
    List<String> left = new CopyOnWriteArrayList<>();
    try (TesseraServer server =
        TesseraServer.start(
            TesseraServer.Options.defaults(store).withPort(0).withKeys(ADMIN, WRITE))) {
      server
          .runs()
          .onPipelineDone(
              result -> {
                try {
                  csvFiles.addAll(csvUnder(runs));
                  written.addAll(CsvFiles.rows(result.out().resolve("customers.csv")));
                  deleteFilesUnder(result.out());
                  left.addAll(csvUnder(result.out()));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      JsonNode run = runToTheEnd(server.port());
      assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("done");
      String id = run.get("id").asText();

      // the only CSV files are the run's outputs; there is no exported data folder
      assertThat(csvFiles)
          .isNotEmpty()
          .allSatisfy(f -> assertThat(f).startsWith(id + "/out/"))
          .contains(id + "/out/customers.csv");
      assertThat(runs.resolve(id).resolve("data")).doesNotExist();
      assertThat(left).isEmpty();

      // loaded from the result although every output file was gone
      assertThat(written).hasSizeGreaterThan(200);
      assertThat(run.get("message").asText())
          .contains("the scores of " + written.size() + " customers are loaded")
          .contains("the live engine now uses this run's clustering");
      assertThat(server.engine().clusteringModel()).isNotNull();
      int compared = 0;
      for (String[] f : written) {
        var scores = server.scores().batch(f[0]).orElseThrow();
        assertThat(number(scores.churnProbability())).as(f[0]).isEqualTo(f[10]);
        assertThat(number(scores.pAlive())).as(f[0]).isEqualTo(f[11]);
        assertThat(number(scores.clv365d())).as(f[0]).isEqualTo(f[13]);
        assertThat(number(scores.pPurchase30d())).as(f[0]).isEqualTo(f[16]);
        String churnPart =
            scores.churnReasons().isEmpty()
                ? ""
                : "churn: " + String.join("; ", scores.churnReasons());
        String reasons = String.join("; ", scores.clusterReasons());
        if (!churnPart.isEmpty()) {
          reasons = reasons.isEmpty() ? churnPart : reasons + " | " + churnPart;
        }
        assertThat(reasons).as(f[0]).isEqualTo(f[15]);
        compared++;
      }
      assertThat(compared).isEqualTo(written.size());
    }
  }

  /** A stored figure as customers.csv writes it (empty when none). */
  private static String number(Double v) {
    return v == null
        ? ""
        : new java.math.BigDecimal(v)
            .round(new java.math.MathContext(6))
            .stripTrailingZeros()
            .toPlainString();
  }

  private static List<String> csvUnder(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".csv"))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .toList();
    }
  }

  private static void deleteFilesUnder(Path root) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(Files::isRegularFile).forEach(files::add);
    }
    files.sort(Comparator.reverseOrder());
    for (Path f : files) {
      Files.delete(f);
    }
  }

  private static JsonNode runToTheEnd(int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI base = URI.create("http://127.0.0.1:" + port);
    HttpResponse<String> posted =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/v1/runs"))
                .header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isLessThan(300);
    JsonNode run = JSON.readTree(posted.body()).get("batch_run");
    String id = run.get("id").asText();
    long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (run.get("status").asText().equals("running") && System.nanoTime() < end) {
      Thread.sleep(200);
      run =
          JSON.readTree(
              http.send(
                      HttpRequest.newBuilder(base.resolve("/api/v1/runs/" + id))
                          .header("Authorization", "Bearer " + ADMIN)
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
    }
    return run;
  }
}
