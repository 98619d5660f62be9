package io.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.tessera.server.hook.Deliverer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, case 7, over the API: webhook URLs that reach internal addresses are refused at
 * registration (400 with the reason), at each delivery attempt, and through redirects, unless an
 * admin allowed the host in the config.
 */
class WebhookTargetApiTest {
  @TempDir Path dir;
  private HttpServer receiver;
  private final AtomicInteger hits = new AtomicInteger();
  private final AtomicInteger redirectedHits = new AtomicInteger();

  @BeforeEach
  void receiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        x -> {
          hits.incrementAndGet();
          x.getRequestBody().readAllBytes();
          x.sendResponseHeaders(204, -1);
          x.close();
        });
    receiver.createContext(
        "/moved",
        x -> {
          x.getRequestBody().readAllBytes();
          // to the same receiver under a name that is not allowed
          x.getResponseHeaders()
              .add("Location", "http://localhost:" + receiver.getAddress().getPort() + "/inner");
          x.sendResponseHeaders(307, -1);
          x.close();
        });
    receiver.createContext(
        "/inner",
        x -> {
          redirectedHits.incrementAndGet();
          x.sendResponseHeaders(204, -1);
          x.close();
        });
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
  }

  private TesseraServer start(List<String> allowHosts) {
    return TesseraServer.start(
        TesseraServer.Options.defaults(dir.resolve("live.duckdb"))
            .withPort(0)
            .withKeys(Client.ADMIN, Client.WRITE)
            .withWebhooks(
                new Deliverer.Options(Duration.ofMillis(50), 2, Duration.ofSeconds(5))
                    .withAllowHosts(allowHosts)));
  }

  private static String hook(String url) {
    return "{\"url\":\"" + url + "\",\"triggers\":[\"segment.entered\"]}";
  }

  @Test
  void internalTargetsShouldBeRefusedAtRegistrationWithTheReason() {
    try (TesseraServer server = start(List.of())) {
      Client client = new Client(server.port());
      for (String url :
          List.of(
              "http://169.254.169.254/latest/meta-data/",
              "http://10.0.0.5/h",
              "http://172.16.3.4/h",
              "http://192.168.1.1/h",
              "http://[fd00::1]/h",
              "http://[::1]/h",
              "http://localhost:" + receiver.getAddress().getPort() + "/hook",
              "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
              "http://0.0.0.0/h",
              "http://[::ffff:127.0.0.1]/h",
              "http://2130706433/h",
              "http://0x7f000001/h",
              "http://0177.0.0.1/h")) {
        Client.Response r = client.post("/api/v1/webhooks", hook(url), Client.ADMIN);
        assertThat(r.status()).as(url + ": " + r.body()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("invalid_webhook");
        assertThat(r.json().get("message").asText())
            .as(url)
            .matches(
                "url host \\S+ (is|resolves to) \\S+, a .*(loopback|private|link-local|unique-local"
                    + "|unspecified).* address; webhooks may only post to public addresses; an"
                    + " admin can allow it with webhooks.allow_hosts .*");
      }
      assertThat(client.get("/api/v1/webhooks", Client.ADMIN).json().get("webhooks")).isEmpty();
    }
  }

  @Test
  void anAllowedHostShouldBeDeliveredToAndCheckedAgainAtEachAttempt() throws Exception {
    int port = receiver.getAddress().getPort();
    String hookId;
    try (TesseraServer server = start(List.of("127.0.0.1"))) {
      Client client = new Client(server.port());
      assertThat(
              client
                  .post(
                      "/api/v1/rules",
                      "{\"id\":\"viewers\",\"name\":\"Viewers\",\"expression\":\"count(product_view,"
                          + " 7d) >= 1\"}",
                      Client.ADMIN)
                  .status())
          .isEqualTo(201);
      Client.Response ok =
          client.post("/api/v1/webhooks", hook("http://127.0.0.1:" + port + "/hook"), Client.ADMIN);
      assertThat(ok.status()).as(ok.body()).isEqualTo(201);
      hookId = ok.json().get("id").asText();
      // a redirect is not followed, even to a host that resolves to the same address
      Client.Response moved =
          client.post(
              "/api/v1/webhooks", hook("http://127.0.0.1:" + port + "/moved"), Client.ADMIN);
      assertThat(moved.status()).isEqualTo(201);
      String movedId = moved.json().get("id").asText();
      client.collect(
          "track", CollectApiTest.track("w-1", "erin", null, "Product Viewed", Instant.now()));
      await(() -> hits.get() == 1, "the delivery to the allowed host");
      await(
          () -> attemptErrors(client, movedId).size() == 2,
          "both attempts of the redirected delivery");
      assertThat(attemptErrors(client, movedId))
          .containsOnly("receiver answered 307 (redirects are not followed)");
      assertThat(redirectedHits.get()).isZero();
    }
    // the host leaves the allowlist: the next delivery is refused before any connection
    try (TesseraServer server = start(List.of())) {
      Client client = new Client(server.port());
      client.collect(
          "track", CollectApiTest.track("w-2", "frank", null, "Product Viewed", Instant.now()));
      await(() -> attemptErrors(client, hookId).size() == 2, "both refused attempts");
      assertThat(attemptErrors(client, hookId))
          .allMatch(
              e -> e.startsWith("refused: url host 127.0.0.1 is 127.0.0.1, a loopback address"),
              "refused as loopback");
      assertThat(hits.get()).isEqualTo(1);
    }
  }

  /** The errors of every attempt of the webhook's failed deliveries. */
  private static List<String> attemptErrors(Client client, String hookId) {
    JsonNode deliveries =
        client.get("/api/v1/webhooks/" + hookId + "/deliveries", Client.ADMIN).json();
    return deliveries.findValues("attempt_log").stream()
        .flatMap(
            log -> {
              List<String> errors = new java.util.ArrayList<>();
              log.forEach(a -> errors.add(a.path("error").asText(null)));
              return errors.stream();
            })
        .filter(java.util.Objects::nonNull)
        .toList();
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
}
