package io.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.server.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of the collect API (Jazzer), next to the readers' IngestFuzzTest: any
 * bytes as the body of any collect endpoint of a real server (random port, real DuckDB file) are
 * answered 200, 400 or 413 with a JSON body, and /health stays 200 after each. Under plain `mvnw
 * verify` Jazzer replays the stored inputs in src/test/resources (valid messages of each kind and
 * the hostile ones of issue 13); run with JAZZER_FUZZ=1 to fuzz for a bounded time (maxDuration).
 */
class CollectFuzzTest {
  private static final String[] PATHS = {
    "/v1/track", "/v1/identify", "/v1/page", "/v1/screen", "/v1/alias", "/v1/batch"
  };
  private static TesseraServer server;
  private static HttpClient http;
  private static Path dir;

  private static synchronized TesseraServer server() throws IOException {
    if (server == null) {
      dir = Files.createTempDirectory("tessera-collect-fuzz");
      server =
          TesseraServer.start(
              TesseraServer.Options.defaults(dir.resolve("live.duckdb"))
                  .withPort(0)
                  .withKeys(Client.ADMIN, Client.WRITE)
                  .withRates(1_000_000, 1_000_000));
      http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }
    return server;
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
      http.close();
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      server = null;
    }
  }

  @FuzzTest(maxDuration = "60s")
  void anyBodyToAnyCollectEndpointShouldBeAnsweredAndTheEngineKeepsServing(FuzzedDataProvider data)
      throws IOException, InterruptedException {
    String path = PATHS[data.consumeInt(0, PATHS.length - 1)];
    byte[] body = data.consumeRemainingAsBytes();
    int port = server().port();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString((Client.WRITE + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isIn(200, 400, 413);
    JsonNode json = Json.MAPPER.readTree(r.body());
    assertThat(json.isObject()).isTrue();
    if (r.statusCode() != 200) {
      assertThat(json.get("code").asText()).isIn("invalid_message", "invalid_json", "too_large");
    }
    assertThat(server.engine().healthy()).as("the engine keeps serving").isTrue();
    assertThat(server.engine().deadLetters()).as("no valid message fails to store").isZero();
  }
}
