package io.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.store.Store;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message that passes validation but cannot be applied is refused on its own: the engine undoes
 * the group, reloads its state from the store, refuses that request with 400 and records it in
 * live_dead_letters, and goes on serving (before, it answered 503 from then on until a restart).
 */
class PoisonMessageTest {
  @TempDir Path dir;

  private static String order(int i) {
    return order(i, "90000000000");
  }

  private static String order(int i, String total) {
    return "{\"type\":\"track\",\"messageId\":\"w"
        + i
        + "\",\"userId\":\"whale\",\"event\":\"Order Completed\",\"properties\":{\"order_id\":\"w"
        + i
        + "\",\"total\":"
        + total
        + "}}";
  }

  @Test
  void anOrderWhoseExactProfileSumWouldOverflowShouldBeRefusedAloneAndTheEngineGoesOn()
      throws Exception {
    // Each order is at the bound (9e10); profiles sum amounts exactly as long integers of 1/10,000,
    // which hold floor((2^63 - 1) / (9e10 * 1e4)) = 10,248 of them: the 10,249th cannot be added.
    int fit = (int) (Long.MAX_VALUE / (90_000_000_000L * 10_000L));
    assertThat(fit).isEqualTo(10_248);
    Path file = dir.resolve("live.duckdb");
    try (TesseraServer server =
        TesseraServer.start(
            TesseraServer.Options.defaults(file)
                .withPort(0)
                .withKeys(Client.ADMIN, Client.WRITE))) {
      Client client = new Client(server.port());
      for (int from = 0; from < fit; from += 2_000) {
        List<String> batch = new ArrayList<>();
        for (int i = from; i < Math.min(fit, from + 2_000); i++) {
          batch.add(order(i));
        }
        Client.Response r =
            client.collect("batch", "{\"batch\":[" + String.join(",", batch) + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
      }
      assertThat(
              client
                  .get("/api/v1/customers/whale", Client.ADMIN)
                  .json()
                  .at("/profile/frequency")
                  .asInt())
          .isEqualTo(fit);

      Client.Response poison = client.collect("track", order(fit));
      assertThat(poison.status()).as(poison.body()).isEqualTo(400);
      assertThat(poison.json().get("code").asText()).isEqualTo("rejected");
      assertThat(poison.json().get("message").asText()).contains("live_dead_letters");

      Client.Response health = client.get("/health", null);
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.json().get("dead_letters").asInt()).isEqualTo(1);
      assertThat(health.json().get("events").asInt()).isEqualTo(fit);
      // the next messages are served, for another customer and for the same one
      Client.Response next =
          client.collect("track", CollectApiTest.track("n1", "minnow", null, "Signed In", now()));
      assertThat(next.status()).as(next.body()).isEqualTo(200);
      // an ordinary order still fits in what is left of the sum (about 1.7e10)
      Client.Response small = client.collect("track", order(fit + 1, "12"));
      assertThat(small.status()).as(small.body()).isEqualTo(200);
      assertThat(client.get("/health", null).json().get("events").asInt()).isEqualTo(fit + 2);
    }
    try (Store store = Store.open(file);
        Statement s = store.connection().createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT message_id, type, user_id, reason FROM live_dead_letters ORDER BY"
                    + " received_at")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("w" + fit);
      assertThat(r.getString(2)).isEqualTo("track");
      assertThat(r.getString(3)).isEqualTo("whale");
      assertThat(r.getString(4)).contains("overflow");
    }
  }

  private static java.time.Instant now() {
    return java.time.Instant.now();
  }
}
