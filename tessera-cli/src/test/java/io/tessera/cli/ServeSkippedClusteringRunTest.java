package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.server.TesseraServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run started over the API whose clustering had nothing to work on (every customer alike) ends
 * done, says so, and leaves the live clustering as it was, instead of failing on a model without
 * centroids.
 */
class ServeSkippedClusteringRunTest {
  private static final String ADMIN = "tsk_admin001_test-admin-key-0123456789abcdef";
  private static final String WRITE = "tsk_write001_test-write-key-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aRunWhoseClusteringWasSkippedShouldEndDoneAndKeepTheLiveClustering() throws Exception {
    // six customers with one identical order each (the server runs from 5 buyers): nothing tells
    // them apart
    Path data = dir.resolve("shop");
    Files.createDirectories(data);
    Files.writeString(
        data.resolve("orders.csv"),
        "order_id,customer_id,ordered_at,amount\n"
            + "o1,c1,2026-01-05,20\n"
            + "o2,c2,2026-01-05,20\n"
            + "o3,c3,2026-01-05,20\n"
            + "o4,c4,2026-01-05,20\n"
            + "o5,c5,2026-01-05,20\n"
            + "o6,c6,2026-01-05,20\n");
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
    JsonNode seedModel = JSON.readTree(dir.resolve("seed-run/models/clustering.json").toFile());
    assertThat(seedModel.path("status").asText()).isEqualTo("skipped");

    try (TesseraServer server =
        TesseraServer.start(
            TesseraServer.Options.defaults(store).withPort(0).withKeys(ADMIN, WRITE))) {
      HttpClient http = HttpClient.newHttpClient();
      URI base = URI.create("http://127.0.0.1:" + server.port());
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
      assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("done");
      assertThat(run.get("message").asText())
          .contains("clustering was skipped in this run", "the live clustering is unchanged");
      assertThat(server.engine().clusteringModel()).isNull();
    }
  }
}
