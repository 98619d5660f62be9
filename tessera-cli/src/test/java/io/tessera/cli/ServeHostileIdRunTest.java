package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.server.TesseraServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, case 6: a userId holding CR/LF and quotes reaches the store through the collect API;
 * the server's export and the batch run over the API must keep it as one value, so the run succeeds
 * (and the next one too) and the customer's scores come back under the same id.
 */
class ServeHostileIdRunTest {
  private static final String ADMIN = "tsk_admin001_test-admin-key-0123456789abcdef";
  private static final String WRITE = "tsk_write001_test-write-key-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();
  // one id with line breaks only (nothing a naive writer would quote), one with quotes too
  private static final List<String> HOSTILE =
      List.of("line\r\nbreak\rid\n2", "evil\r\n\"quoted\", id");

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

  private JsonNode runToTheEnd(String admin) throws Exception {
    JsonNode run = send("POST", "/api/v1/runs", "{}", admin).get("batch_run");
    String id = run.get("id").asText();
    long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (run.get("status").asText().equals("running") && System.nanoTime() < end) {
      Thread.sleep(200);
      run = send("GET", "/api/v1/runs/" + id, null, admin);
    }
    return run;
  }

  @Test
  void aUserIdWithLineBreaksAndQuotesShouldRoundTripThroughTheExportAndTwoRuns() throws Exception {
    Path data = dir.resolve("shop");
    SyntheticShop.write(new GeneratorOptions(200, 365, 11L, 0.0, null), data);
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
      port = server.port();
      String admin = "Bearer " + ADMIN;
      String basic =
          "Basic "
              + Base64.getEncoder().encodeToString((WRITE + ":").getBytes(StandardCharsets.UTF_8));
      for (int k = 0; k < 4; k++) {
        ObjectNode order = JSON.createObjectNode();
        order.put("messageId", "hostile-" + k);
        order.put("userId", HOSTILE.get(k % 2));
        order.put("event", "Order Completed");
        order.put("timestamp", Instant.now().minus(Duration.ofDays(30L * (k + 1))).toString());
        order.putObject("properties").put("order_id", "o-hostile-" + k).put("revenue", 90 + k);
        send("POST", "/v1/track", order.toString(), basic);
      }

      JsonNode first = runToTheEnd(admin);
      assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("done");
      Path out = Path.of(first.get("out").asText());
      List<String[]> scored = CsvFiles.rows(out.resolve("customers.csv"));
      for (String id : HOSTILE) {
        // the run read the store's rows as they are: the customer is scored once, under the same
        // id, with both orders (two purchase days)
        assertThat(scored.stream().filter(f -> f[0].equals(id)).count()).isEqualTo(1);
        assertThat(scored.stream().filter(f -> f[0].equals(id)).findFirst().orElseThrow()[2])
            .isEqualTo("2");
        String path = "/api/v1/customers/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        JsonNode customer = send("GET", path.replace("+", "%20"), null, admin);
        assertThat(customer.at("/scores/scored").asBoolean()).as(customer.toString()).isTrue();
        assertThat(customer.at("/scores/run_id").asText()).isEqualTo(first.get("id").asText());
      }

      // a later run over the same store works too
      JsonNode second = runToTheEnd(admin);
      assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("done");
    }
  }
}
