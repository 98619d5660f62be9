package io.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.recommend.Reason;
import io.tessera.recommend.Recommendation;
import io.tessera.server.auth.Role;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/customers/{id}/recommendations} on a real server on a random port: the last
 * run's list, without an item the customer bought live since, re-ranked; the customer endpoints'
 * roles (a viewer is refused, no key is 401), and a customer who did not consent to profiling is
 * not found, as for {@code GET /api/v1/customers/{id}}.
 */
class RecommendationsApiTest {
  private static TesseraServer start(Path store) {
    return TesseraServer.start(
        TesseraServer.Options.defaults(store)
            .withPort(0)
            .withRates(10_000, 10_000)
            .withKeys(Client.ADMIN, Client.WRITE));
  }

  private static String order(String id, String user, String product) {
    return "{\"messageId\":\"m-"
        + id
        + "\",\"userId\":\""
        + user
        + "\",\"event\":\"Order Completed\",\"timestamp\":\""
        + Instant.now().minusSeconds(60)
        + "\",\"properties\":{\"order_id\":\""
        + id
        + "\",\"revenue\":10,\"products\":[{\"product_id\":\""
        + product
        + "\",\"quantity\":1,\"price\":10}]}}";
  }

  @Test
  void recommendationsShouldLeaveOutLiveBuysAndFollowTheCustomerEndpointsRolesAndConsent(
      @TempDir Path dir) throws Exception {
    Path store = dir.resolve("live.duckdb");
    try (TesseraServer first = start(store)) {
      Client c = new Client(first.port());
      assertThat(c.collect("track", order("o1", "alice", "p1")).status()).isEqualTo(200);
      assertThat(c.collect("track", order("o2", "bob", "p1")).status()).isEqualTo(200);
    }
    // bob withdraws consent to profiling (as a customers file saying so would)
    try (var db = DriverManager.getConnection("jdbc:duckdb:" + store)) {
      db.createStatement()
          .execute("INSERT INTO customers (customer_id, consent_profiling) VALUES ('bob', false)");
    }
    try (TesseraServer server = start(store)) {
      Client c = new Client(server.port());
      // before any run: no list, and a message saying why
      JsonNode none = c.get("/api/v1/customers/alice/recommendations", Client.ADMIN).json();
      assertThat(none.get("recommendations")).isEmpty();
      assertThat(none.get("message").asText()).contains("no batch run");

      // a finished run (as POST /api/v1/runs loads it): its scores and recommendations, from
      // the run's result; the run folder holds no file at all
      server
          .scores()
          .load(
              "run-1",
              RunResults.withRecommendations(
                  RunResults.of(
                      List.of(RunResults.row("alice", null, null, java.util.Map.of())), null, null),
                  List.of(
                      new Recommendation("alice", 1, "p2", 0.9, new Reason.BoughtWith("p1")),
                      new Recommendation(
                          "alice", 2, "p3", 0.5000004, new Reason.PopularInSegment("cluster:0")),
                      new Recommendation("alice", 3, "-p4", 0.25, new Reason.Popular()))));
      assertThat(Path.of(store + ".runs")).doesNotExist();

      JsonNode r = c.get("/api/v1/customers/alice/recommendations", Client.ADMIN).json();
      assertThat(r.get("run_id").asText()).isEqualTo("run-1");
      List<String> items = new ArrayList<>();
      r.get("recommendations").forEach(x -> items.add(x.get("item").asText()));
      assertThat(items).containsExactly("p2", "p3", "-p4");
      assertThat(r.get("recommendations").get(0).get("reason").asText())
          .isEqualTo("bought with p1");
      assertThat(r.get("recommendations").get(2).get("rank").asInt()).isEqualTo(3);
      // the score as recommendations.csv writes it (six decimal places)
      assertThat(r.get("recommendations").get(1).get("score").asDouble()).isEqualTo(0.5);
      assertThat(r.get("recommendations").get(1).get("reason").asText())
          .isEqualTo(new Reason.PopularInSegment("cluster:0").text());

      // alice buys p2 live: it goes, and the rest move up
      assertThat(c.collect("track", order("o3", "alice", "p2")).status()).isEqualTo(200);
      JsonNode after = c.get("/api/v1/customers/alice/recommendations", Client.ADMIN).json();
      assertThat(after.get("recommendations").get(0).get("item").asText()).isEqualTo("p3");
      assertThat(after.get("recommendations").get(0).get("rank").asInt()).isEqualTo(1);
      assertThat(after.get("recommendations")).hasSize(2);
      assertThat(after.get("left_out_bought").toString()).contains("p2");

      // roles: as GET /api/v1/customers/{id}
      String viewer =
          c.post(
                  "/api/v1/keys",
                  "{\"name\":\"v\",\"role\":\"" + Role.VIEWER.wireName() + "\"}",
                  Client.ADMIN)
              .json()
              .get("key")
              .asText();
      String marketer =
          c.post(
                  "/api/v1/keys",
                  "{\"name\":\"m\",\"role\":\"" + Role.MARKETER.wireName() + "\"}",
                  Client.ADMIN)
              .json()
              .get("key")
              .asText();
      assertThat(c.get("/api/v1/customers/alice/recommendations", viewer).status()).isEqualTo(403);
      assertThat(c.get("/api/v1/customers/alice/recommendations", null).status()).isEqualTo(401);
      assertThat(c.get("/api/v1/customers/alice/recommendations", marketer).status())
          .isEqualTo(200);
      // consent: bob has no profile, so no recommendations, exactly as his customer read
      assertThat(c.get("/api/v1/customers/bob", Client.ADMIN).status()).isEqualTo(404);
      assertThat(c.get("/api/v1/customers/bob/recommendations", Client.ADMIN).status())
          .isEqualTo(404);
      // the read is audited like a customer read
      assertThat(c.get("/api/v1/audit", Client.ADMIN).body()).contains("customer.recommendations");
    }
  }
}
