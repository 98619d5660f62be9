package io.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.server.bench.HostileMessages;
import io.tessera.server.http.Json;
import io.tessera.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: whatever a write key sends, the engine keeps serving. Seeded random and hostile
 * requests ({@link HostileMessages}) against a real server on a random port over a real DuckDB
 * file: every answer is 200, 400 or 413 with a JSON body (never 5xx, never a stack trace), /health
 * stays 200, no valid-looking message ends as a dead letter, and every acknowledged message is in
 * the store once (events + identify/alias messages = the sum of "accepted"), also after a restart.
 */
class HostileMessagesPropertyTest {
  private static final int REQUESTS = 1_500;
  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.of(13, 2026);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void theEngineShouldKeepServingWhateverItIsSent(long seed) throws Exception {
    Path file = dir.resolve("live-" + seed + ".duckdb");
    Map<Integer, Integer> statuses = new TreeMap<>();
    long accepted = 0;
    try (TesseraServer server =
            TesseraServer.start(
                TesseraServer.Options.defaults(file)
                    .withPort(0)
                    .withKeys(Client.ADMIN, Client.WRITE)
                    .withRates(1_000_000, 1_000_000));
        HttpClient http = HttpClient.newHttpClient()) {
      HostileMessages gen = new HostileMessages(seed, Instant.now());
      String basic =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((Client.WRITE + ":").getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < REQUESTS; i++) {
        HostileMessages.Request req = gen.next();
        int limit = req.path().equals("/v1/batch") ? 500 * 1024 : 32 * 1024;
        HttpResponse<String> r;
        try {
          r =
              http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port() + req.path()))
                      .header("Authorization", basic)
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(req.body()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
          // a body over the limit is answered 413 before it is read; the server may then close
          // the connection while the client is still sending, which the client sees as an error
          assertThat(req.body().length).as("connection closed: %s", e).isGreaterThan(limit);
          statuses.merge(413, 1, Integer::sum);
          continue;
        }
        String sent = new String(req.body(), StandardCharsets.UTF_8);
        String shown = sent.length() > 300 ? sent.substring(0, 300) + "..." : sent;
        statuses.merge(r.statusCode(), 1, Integer::sum);
        assertThat(r.statusCode())
            .as("%s %s -> %s", req.path(), shown, r.body())
            .isIn(200, 400, 413);
        JsonNode json = Json.MAPPER.readTree(r.body());
        assertThat(json.isObject()).as(r.body()).isTrue();
        assertThat(r.body()).as(shown).doesNotContain("Exception").doesNotContain("\tat ");
        if (r.statusCode() == 200) {
          accepted += json.get("accepted").asLong();
        } else {
          assertThat(json.get("code").asText())
              .as("%s -> %s", shown, r.body())
              .isIn("invalid_message", "invalid_json", "too_large");
        }
        if (i % 100 == 99) {
          Client.Response health = new Client(server.port()).get("/health", null);
          assertThat(health.status())
              .as("after %d requests: %s", i + 1, health.body())
              .isEqualTo(200);
        }
      }
      Client.Response health = new Client(server.port()).get("/health", null);
      assertThat(health.json().get("status").asText()).isEqualTo("ok");
      assertThat(health.json().get("dead_letters").asLong()).as(statuses.toString()).isZero();
      // the generator reaches every answer: accepted, refused and too large
      assertThat(statuses.keySet()).as(statuses.toString()).containsAll(Set.of(200, 400, 413));
      assertThat(accepted).as(statuses.toString()).isGreaterThan(REQUESTS / 20);
    }
    long stored;
    try (Store store = Store.open(file);
        Statement s = store.connection().createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM live_messages)")) {
      r.next();
      stored = r.getLong(1);
    }
    assertThat(stored).as("acknowledged messages stored once each").isEqualTo(accepted);
    // and the stored hostile history loads again
    try (TesseraServer again =
        TesseraServer.start(
            TesseraServer.Options.defaults(file)
                .withPort(0)
                .withKeys(Client.ADMIN, Client.WRITE))) {
      Client.Response health = new Client(again.port()).get("/health", null);
      assertThat(health.status()).isEqualTo(200);
    }
  }
}
