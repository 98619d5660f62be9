package io.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server process killed hard (SIGKILL, no shutdown hook) loses nothing it acknowledged: events,
 * profiles, memberships and their history, rule segments, keys and webhooks are all there after a
 * restart.
 */
class RestartTest {
  @TempDir Path dir;

  @Test
  void aHardKilledServerShouldRestartWithEverythingItAcknowledged() throws Exception {
    Path store = dir.resolve("live.duckdb");
    Path portFile = dir.resolve("port");
    Process first = ServerProcess.launch(store, portFile);
    JsonNode before;
    String analystKey;
    try {
      Client c = new Client(ServerProcess.awaitPort(first, portFile));
      assertThat(
              c.post(
                      "/api/v1/rules",
                      "{\"id\":\"browsers\",\"name\":\"Browsers\",\"expression\":\"count(product_view,"
                          + " 7d) >= 2\"}",
                      Client.ADMIN)
                  .status())
          .isEqualTo(201);
      analystKey =
          c.post("/api/v1/keys", "{\"name\":\"a\",\"role\":\"analyst\"}", Client.ADMIN)
              .json()
              .get("key")
              .asText();
      assertThat(
              c.post(
                      "/api/v1/webhooks",
                      "{\"url\":\"http://127.0.0.1:9/x\",\"triggers\":[\"segment.entered\"]}",
                      Client.ADMIN)
                  .status())
          .isEqualTo(201);
      Instant now = Instant.now();
      List<String> batch = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String user = "u" + (i % 20);
        batch.add(
            "{\"type\":\"track\",\"messageId\":\"r-"
                + i
                + "\",\"userId\":\""
                + user
                + "\",\"event\":\""
                + (i % 3 == 0 ? "Order Completed" : "Product Viewed")
                + "\",\"timestamp\":\""
                + now.minus(Duration.ofHours(i))
                + "\",\"properties\":{\"revenue\":"
                + (i + 1)
                + "}}");
      }
      Client.Response r = c.collect("batch", "{\"batch\":[" + String.join(",", batch) + "]}");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(c.post("/api/v1/runs", "{}", analystKey).status()).isEqualTo(200);
      before = c.get("/api/v1/customers/u7", Client.ADMIN).json();
      assertThat(before.get("segments").toString()).contains("rfm:");
      assertThat(before.get("segments").toString()).contains("rule:browsers");
    } finally {
      first.destroyForcibly().waitFor();
    }

    Files.delete(portFile);
    Process second = ServerProcess.launch(store, portFile);
    try {
      Client c = new Client(ServerProcess.awaitPort(second, portFile));
      JsonNode after = c.get("/api/v1/customers/u7", analystKey).json();
      assertThat(after.get("profile")).isEqualTo(before.get("profile"));
      assertThat(after.get("segments")).isEqualTo(before.get("segments"));
      assertThat(c.get("/api/v1/customers/u7/history", Client.ADMIN).json().get("changes"))
          .isNotEmpty();
      assertThat(c.get("/api/v1/rules", analystKey).json().at("/rules/0/id").asText())
          .isEqualTo("browsers");
      assertThat(c.get("/api/v1/webhooks", Client.ADMIN).json().get("webhooks")).hasSize(1);
      JsonNode health = c.get("/health", null).json();
      assertThat(health.get("events").asLong()).isEqualTo(200);
      // the store's checkpoints (a file store has the thread): counted, none longer than all
      JsonNode checkpoints = health.get("checkpoints");
      assertThat(checkpoints.get("count").isIntegralNumber()).as(health.toString()).isTrue();
      assertThat(checkpoints.get("total_ms").asDouble())
          .isGreaterThanOrEqualTo(checkpoints.get("longest_ms").asDouble())
          .isGreaterThanOrEqualTo(0);
      // a message retried after the crash is recognised
      Client.Response retry =
          c.collect(
              "batch",
              "{\"batch\":[{\"type\":\"track\",\"messageId\":\"r-0\",\"userId\":\"u0\",\"event\":\"Product"
                  + " Viewed\"}]}");
      assertThat(retry.json().get("duplicates").asInt()).isEqualTo(1);
    } finally {
      second.destroyForcibly().waitFor();
    }
  }
}
