package io.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.server.api.Endpoint;
import io.tessera.server.auth.Role;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint × every role (and no key): a role the endpoint allows is never refused with 401 or
 * 403; any other role gets 403 with a JSON error; no key gets 401. The expected roles come from an
 * explicit table here, not from the server, so a route whose roles change fails this test.
 */
class AccessMatrixTest {
  @TempDir static Path dir;
  private static TesseraServer server;
  private static Client client;
  private static final Map<Role, String> KEYS = new EnumMap<>(Role.class);

  /** The access policy, written out: endpoint → roles allowed. */
  private static final Map<String, String> POLICY =
      Map.ofEntries(
          Map.entry("GET /health", "public"),
          Map.entry("GET /openapi.json", "public"),
          Map.entry("POST /v1/track", "source admin"),
          Map.entry("POST /v1/identify", "source admin"),
          Map.entry("POST /v1/page", "source admin"),
          Map.entry("POST /v1/screen", "source admin"),
          Map.entry("POST /v1/alias", "source admin"),
          Map.entry("POST /v1/batch", "source admin"),
          Map.entry("GET /api/v1/customers/{id}", "admin analyst marketer"),
          Map.entry("GET /api/v1/customers/{id}/history", "admin analyst marketer"),
          Map.entry("GET /api/v1/customers/{id}/recommendations", "admin analyst marketer"),
          Map.entry("GET /api/v1/customers/{id}/identities", "admin analyst marketer"),
          Map.entry("POST /api/v1/customers/{id}/unmerge", "admin analyst"),
          Map.entry("GET /api/v1/segments", "admin analyst marketer viewer"),
          Map.entry("GET /api/v1/segments/{id}", "admin analyst marketer viewer"),
          Map.entry("GET /api/v1/segments/{id}/members", "admin analyst marketer"),
          Map.entry("GET /api/v1/rules", "admin analyst marketer viewer"),
          Map.entry("POST /api/v1/rules/validate", "admin analyst marketer viewer"),
          Map.entry("POST /api/v1/rules", "admin analyst marketer"),
          Map.entry("PUT /api/v1/rules/{id}", "admin analyst marketer"),
          Map.entry("DELETE /api/v1/rules/{id}", "admin analyst marketer"),
          Map.entry("GET /api/v1/changes", "admin analyst marketer"),
          Map.entry("POST /api/v1/runs", "admin analyst"),
          Map.entry("GET /api/v1/runs/{id}", "admin analyst"),
          Map.entry("GET /api/v1/runs", "admin analyst"),
          Map.entry("POST /api/v1/stream-tokens", "admin analyst marketer"),
          Map.entry("GET /api/v1/changes/stream", "admin analyst marketer"),
          Map.entry("GET /api/v1/webhooks", "admin"),
          Map.entry("POST /api/v1/webhooks", "admin"),
          Map.entry("DELETE /api/v1/webhooks/{id}", "admin"),
          Map.entry("GET /api/v1/webhooks/{id}/deliveries", "admin marketer"),
          Map.entry("GET /api/v1/keys", "admin"),
          Map.entry("POST /api/v1/keys", "admin"),
          Map.entry("DELETE /api/v1/keys/{id}", "admin"),
          Map.entry("GET /api/v1/audit", "admin"),
          Map.entry("GET /api/v1/me", "admin analyst marketer viewer"));

  @BeforeAll
  static void start() {
    server =
        TesseraServer.start(
            TesseraServer.Options.defaults(dir.resolve("live.duckdb"))
                .withPort(0)
                .withRates(10_000, 10_000)
                .withKeys(Client.ADMIN, Client.WRITE)
                // the test's webhook targets a local port: allowed by name, as an admin would
                .withWebhooks(
                    io.tessera.server.hook.Deliverer.Options.defaults()
                        .withAllowHosts(List.of("127.0.0.1"))));
    client = new Client(server.port());
    KEYS.put(Role.ADMIN, Client.ADMIN);
    KEYS.put(Role.SOURCE, Client.WRITE);
    for (Role r : List.of(Role.ANALYST, Role.MARKETER, Role.VIEWER)) {
      KEYS.put(
          r,
          client
              .post(
                  "/api/v1/keys",
                  "{\"name\":\"" + r + "\",\"role\":\"" + r.wireName() + "\"}",
                  Client.ADMIN)
              .json()
              .get("key")
              .asText());
    }
    client.collect(
        "track", CollectApiTest.track("seed", "c1", null, "Product Viewed", Instant.now()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String body(Endpoint e) {
    if (e.path().startsWith("/v1/")) {
      String type = e.path().substring(4);
      return type.equals("batch")
          ? "{\"batch\":[{\"type\":\"track\",\"userId\":\"c1\",\"event\":\"x\"}]}"
          : type.equals("alias")
              ? "{\"userId\":\"c1\",\"previousId\":\"a9\"}"
              : "{\"userId\":\"c1\",\"event\":\"x\",\"anonymousId\":\"a1\"}";
    }
    if (e.path().endsWith("/keys")) {
      return "{\"name\":\"k\",\"role\":\"viewer\"}";
    }
    if (e.path().endsWith("/webhooks")) {
      return "{\"url\":\"http://127.0.0.1:9/h\",\"triggers\":[\"segment.entered\"]}";
    }
    return "{\"id\":\"r"
        + System.nanoTime()
        + "\",\"name\":\"R\",\"expression\":\"frequency >= 1\"}";
  }

  @Test
  void everyEndpointAndRoleShouldBeAllowedOrRefusedAsThePolicySays() {
    List<String> problems = new ArrayList<>();
    List<Endpoint> endpoints = server.endpoints();
    assertThat(endpoints.stream().map(e -> e.method() + " " + e.path()))
        .containsExactlyInAnyOrderElementsOf(POLICY.keySet());
    for (Endpoint e : endpoints) {
      String name = e.method() + " " + e.path();
      String allowed = POLICY.get(name);
      String path = e.path().replace("{id}", "c1");
      for (Role role : Role.values()) {
        Client.Response r = call(e, path, KEYS.get(role));
        boolean shouldPass = allowed.equals("public") || allowed.contains(role.wireName());
        boolean refused = r.status() == 401 || r.status() == 403;
        if (shouldPass == refused) {
          problems.add(name + " as " + role.wireName() + ": " + r.status() + " " + r.body());
        }
        if (!shouldPass && (r.status() != 403 || !r.json().has("code"))) {
          problems.add(name + " as " + role.wireName() + " should be 403 JSON, got " + r.status());
        }
      }
      Client.Response anonymous = call(e, path, null);
      if (allowed.equals("public") ? anonymous.status() != 200 : anonymous.status() != 401) {
        problems.add(name + " without a key: " + anonymous.status());
      }
    }
    assertThat(problems).isEmpty();
  }

  private static Client.Response call(Endpoint e, String path, String key) {
    if (e.path().startsWith("/v1/") && key != null) {
      return client.collect(e.path().substring(4), body(e), key);
    }
    String body = e.method().equals("POST") || e.method().equals("PUT") ? body(e) : null;
    return client.send(e.method(), path, body, key);
  }
}
