package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.server.TesseraServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/runs} under {@code tessera serve}: a batch run over the server's own store in
 * the background, polled to done, whose clustering then places each new event's customer.
 */
class ServeBatchRunTest {
  private static final String ADMIN = "tsk_admin001_test-admin-key-0123456789abcdef";
  private static final String WRITE = "tsk_write001_test-write-key-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private int port;

  private JsonNode send(String method, String path, String body, String auth) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", auth)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
    return JSON.readTree(r.body());
  }

  @Test
  void aRunStartedFromTheApiShouldFinishAndItsClusteringShouldPlaceTheNextEventsCustomer()
      throws Exception {
    // a store holding a generated shop of 500 customers, as a batch ingest leaves it
    Path data = dir.resolve("shop");
    SyntheticShop.write(new GeneratorOptions(500, 365, 7L, 0.0, null), data);
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

    try (TesseraServer server =
        TesseraServer.start(
            TesseraServer.Options.defaults(store).withPort(0).withKeys(ADMIN, WRITE))) {
      server.runs().register(ServeCommand.batchRunner(Map.of()));
      port = server.port();
      String admin = "Bearer " + ADMIN;
      assertThat(server.engine().customerCount()).isGreaterThanOrEqualTo(400);

      JsonNode started = send("POST", "/api/v1/runs", "{}", admin);
      String id = started.get("batch_run").get("id").asText();
      assertThat(started.get("batch_run").get("status").asText()).isEqualTo("running");
      JsonNode run = started.get("batch_run");
      long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (run.get("status").asText().equals("running") && System.nanoTime() < end) {
        Thread.sleep(200);
        run = send("GET", "/api/v1/runs/" + id, null, admin);
      }
      assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("done");
      assertThat(run.get("message").asText()).contains("clusters");
      assertThat(run.get("files").toString())
          .contains("models/clustering.json", "customers.csv", "report.html");
      Path out = Path.of(run.get("out").asText());
      JsonNode model = JSON.readTree(out.resolve("models/clustering.json").toFile());
      int k = model.get("k").asInt();
      assertThat(server.engine().clusteringModel().k()).isEqualTo(k);
      assertThat(Files.isRegularFile(out.getParent().resolve("data/orders.csv"))).isTrue();

      // a new customer's first order: the event re-evaluates their nearest cluster
      String basic =
          "Basic "
              + Base64.getEncoder().encodeToString((WRITE + ":").getBytes(StandardCharsets.UTF_8));
      send(
          "POST",
          "/v1/track",
          "{\"messageId\":\"live-1\",\"userId\":\"newcomer\",\"event\":\"Order Completed\","
              + "\"timestamp\":\""
              + Instant.now()
              + "\",\"properties\":{\"order_id\":\"o-live-1\",\"revenue\":80}}",
          basic);
      JsonNode customer = send("GET", "/api/v1/customers/newcomer", null, admin);
      List<String> cluster = new java.util.ArrayList<>();
      customer.get("segments").forEach(s -> cluster.add(s.asText()));
      cluster.removeIf(s -> !s.startsWith("cluster:"));
      assertThat(cluster).as(customer.toString()).hasSize(1);
      assertThat(customer.get("cluster").get("segment_id").asText()).isEqualTo(cluster.get(0));
      assertThat(customer.get("cluster").get("name").get("en").asText()).isNotBlank();
      JsonNode history = send("GET", "/api/v1/customers/newcomer/history", null, admin);
      boolean entered = false;
      for (JsonNode c : history.get("changes")) {
        entered |=
            c.get("segment_id").asText().equals(cluster.get(0))
                && c.get("change").asText().equals("entered")
                && c.get("cause_event_id").asText().equals("live-1");
      }
      assertThat(entered).as(history.toString()).isTrue();
    }
  }
}
