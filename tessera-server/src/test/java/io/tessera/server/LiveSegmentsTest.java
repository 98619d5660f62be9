package io.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.tessera.server.hook.Deliverer;
import io.tessera.server.hook.Signature;
import io.tessera.server.live.LiveEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule segments, the change log and webhooks, end to end with a real receiver. */
class LiveSegmentsTest {
  @TempDir Path dir;
  private TesseraServer server;
  private Client client;
  private HttpServer receiver;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();

  record Received(String delivery, String timestamp, String signature, String body) {}

  @BeforeEach
  void start() throws IOException {
    server =
        TesseraServer.start(
            TesseraServer.Options.defaults(dir.resolve("live.duckdb"))
                .withPort(0)
                .withKeys(Client.ADMIN, Client.WRITE)
                .withEngine(
                    LiveEngine.Options.defaults()
                        .withTick(Duration.ofMillis(100))
                        .withCartAbandonAfter(Duration.ofMinutes(30)))
                .withWebhooks(
                    // the receiver is a local stub: its host is allowed, as an admin would
                    new Deliverer.Options(Duration.ofMillis(50), 5, Duration.ofSeconds(5))
                        .withAllowHosts(List.of("127.0.0.1"))));
    client = new Client(server.port());
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = failuresLeft.getAndDecrement() > 0 ? 500 : 204;
          if (status == 204) {
            received.add(
                new Received(
                    exchange.getRequestHeaders().getFirst(Signature.DELIVERY_HEADER),
                    exchange.getRequestHeaders().getFirst(Signature.TIMESTAMP_HEADER),
                    exchange.getRequestHeaders().getFirst(Signature.HEADER),
                    body));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
    server.close();
  }

  private String marketerKey() {
    JsonNode k =
        client.post("/api/v1/keys", "{\"name\":\"m\",\"role\":\"marketer\"}", Client.ADMIN).json();
    return k.get("key").asText();
  }

  private static void await(java.util.function.BooleanSupplier condition, String what) {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void aCustomerShouldEnterARuleSegmentOnTheEventThatSatisfiesItAndLeaveOnTheOneThatBreaksIt() {
    String marketer = marketerKey();
    Client.Response created =
        client.post(
            "/api/v1/rules",
            "{\"id\":\"cart_lovers\",\"name\":\"Cart lovers\",\"expression\":\"count(add_to_cart,"
                + " 7d) >= 3 and count(purchase, 7d) == 0\"}",
            marketer);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("segment_id").asText()).isEqualTo("rule:cart_lovers");

    Client.Response hook =
        client.post(
            "/api/v1/webhooks",
            "{\"url\":\"http://127.0.0.1:"
                + receiver.getAddress().getPort()
                + "/hook\",\"triggers\":[\"segment.entered\",\"segment.left\"],\"segment_id\":\"rule:cart_lovers\"}",
            Client.ADMIN);
    assertThat(hook.status()).as(hook.body()).isEqualTo(201);
    String secret = hook.json().get("secret").asText();
    String hookId = hook.json().get("id").asText();
    failuresLeft.set(2); // the first two attempts fail: the delivery is retried

    Instant now = Instant.now();
    for (int i = 1; i <= 3; i++) {
      client.collect("track", CollectApiTest.track("c-" + i, "dave", null, "Product Added", now));
    }
    JsonNode dave = client.get("/api/v1/customers/dave", marketer).json();
    assertThat(dave.get("segments").toString()).contains("rule:cart_lovers");
    assertThat(dave.has("traits")).as("marketers do not see raw attributes").isFalse();
    assertThat(dave.has("anonymous_ids")).as("nor pseudonymous identifiers").isFalse();

    String order =
        "{\"messageId\":\"c-4\",\"userId\":\"dave\",\"event\":\"Order Completed\",\"timestamp\":\""
            + now
            + "\",\"properties\":{\"order_id\":\"o-9\",\"revenue\":10}}";
    client.collect("track", order);
    JsonNode history = client.get("/api/v1/customers/dave/history", marketer).json().get("changes");
    assertThat(history).hasSize(2);
    assertThat(history.get(0).get("change").asText()).isEqualTo("entered");
    assertThat(history.get(0).get("cause_event_id").asText()).isEqualTo("c-3");
    assertThat(history.get(1).get("change").asText()).isEqualTo("left");
    assertThat(history.get(1).get("cause_event_id").asText()).isEqualTo("c-4");

    await(() -> received.size() == 2, "two deliveries");
    for (Received r : received) {
      assertThat(Signature.verify(secret, Long.parseLong(r.timestamp()), r.body(), r.signature()))
          .as("signature of " + r.body())
          .isTrue();
      assertThat(r.body()).contains("\"delivery_id\":\"" + r.delivery() + "\"");
    }
    assertThat(received.stream().map(Received::delivery).distinct()).hasSize(2);
    await(
        () ->
            client
                .get("/api/v1/webhooks/" + hookId + "/deliveries", Client.ADMIN)
                .json()
                .at("/deliveries")
                .findValues("state")
                .stream()
                .allMatch(s -> s.asText().equals("delivered")),
        "deliveries marked delivered");
    JsonNode deliveries =
        client.get("/api/v1/webhooks/" + hookId + "/deliveries", marketer).json().get("deliveries");
    int attempts = 0;
    for (JsonNode d : deliveries) {
      attempts += d.get("attempt_log").size();
    }
    assertThat(attempts).as("2 failed attempts + 2 successful ones").isEqualTo(4);

    JsonNode audit =
        client.get("/api/v1/audit?customer_id=dave", Client.ADMIN).json().get("entries");
    assertThat(audit.findValuesAsText("action")).contains("customer.read", "customer.history");
  }

  @Test
  void anInvalidRuleShouldBeRefusedWithItsPositionAndWhatWasExpected() {
    Client.Response r =
        client.post(
            "/api/v1/rules",
            "{\"id\":\"bad\",\"name\":\"Bad\",\"expression\":\"count(add_to_cart 7d) >= 3\"}",
            Client.ADMIN);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asText()).isEqualTo("invalid_rule");
    assertThat(r.json().get("position").asInt()).isEqualTo(18);
    assertThat(r.json().get("expected").asText()).contains("window");
    Client.Response v =
        client.post("/api/v1/rules/validate", "{\"expression\":\"frequency >= 2\"}", Client.ADMIN);
    assertThat(v.json().get("valid").asBoolean()).isTrue();
    assertThat(client.get("/api/v1/rules", Client.ADMIN).json().get("rules")).isEmpty();
  }

  @Test
  void aCartWithoutAPurchaseWithinThirtyMinutesShouldFireCartAbandoned() {
    client.post(
        "/api/v1/webhooks",
        "{\"url\":\"http://127.0.0.1:"
            + receiver.getAddress().getPort()
            + "/hook\",\"triggers\":[\"cart.abandoned\"]}",
        Client.ADMIN);
    Instant longAgo = Instant.now().minus(Duration.ofMinutes(31));
    client.collect("track", CollectApiTest.track("x-1", "erin", null, "Product Added", longAgo));
    // frank's cart and purchase arrive together: a purchase that arrives after the timer fired
    // cannot take back a delivery already made
    client.collect(
        "batch",
        "{\"batch\":["
            + CollectApiTest.track("x-2", "frank", null, "Product Added", longAgo)
                .replaceFirst("\\{", "{\"type\":\"track\",")
            + ",{\"type\":\"track\",\"messageId\":\"x-3\",\"userId\":\"frank\","
            + "\"event\":\"Order Completed\",\"timestamp\":\""
            + longAgo.plus(Duration.ofMinutes(10))
            + "\",\"properties\":{\"revenue\":5}}]}");
    client.collect(
        "track", CollectApiTest.track("x-4", "gina", null, "Product Added", Instant.now()));
    await(() -> received.size() >= 1, "a cart.abandoned delivery");
    // give the other carts a chance to (wrongly) fire
    await(
        () -> client.get("/api/v1/changes", Client.ADMIN).json().get("changes").size() >= 1,
        "the change");
    JsonNode changes = client.get("/api/v1/changes", Client.ADMIN).json().get("changes");
    assertThat(changes.findValuesAsText("customer_id")).containsExactly("erin");
    assertThat(changes.get(0).get("segment_id").asText()).isEqualTo("trigger:cart_abandoned");
    assertThat(changes.get(0).get("cause_event_id").asText()).isEqualTo("x-1");
    assertThat(received).hasSize(1);
    assertThat(received.get(0).body())
        .contains("\"trigger\":\"cart.abandoned\"")
        .contains("\"customer_id\":\"erin\"");
    // reading the change feed, which names customers, is audited
    assertThat(
            client
                .get("/api/v1/audit", Client.ADMIN)
                .json()
                .get("entries")
                .findValuesAsText("action"))
        .contains("changes.read");
  }

  @Test
  void apiKeysShouldBeRateLimitedWith429() {
    TesseraServer limited =
        TesseraServer.start(
            TesseraServer.Options.defaults(dir.resolve("limited.duckdb"))
                .withPort(0)
                .withKeys(Client.ADMIN, Client.WRITE)
                .withRates(2, 2));
    try {
      Client c = new Client(limited.port());
      int tooMany = 0;
      for (int i = 0; i < 10; i++) {
        Client.Response r = c.get("/api/v1/segments", Client.ADMIN);
        if (r.status() == 429) {
          tooMany++;
          assertThat(r.json().get("code").asText()).isEqualTo("rate_limited");
          assertThat(r.headers().firstValue("Retry-After")).isPresent();
        }
      }
      assertThat(tooMany).isPositive();
    } finally {
      limited.close();
    }
  }
}
