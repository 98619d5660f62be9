package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.contract.CustomerId;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.identity.IdentityGraph;
import io.tessera.identity.IdentityOptions;
import io.tessera.server.TesseraServer;
import io.tessera.store.IdentityTables;
import io.tessera.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live and batch resolve the same records into the same customers: {@code tessera serve} on the
 * store of a batch run answers {@code GET /api/v1/customers/{id}/identities} with the accounts of
 * the run's identities.csv, for every customer; {@code POST .../unmerge} splits an account off
 * (admin and analyst only, audited, who and why recorded) and a batch resolution of the store keeps
 * it apart.
 */
class IdentityServeTest {
  private static final String ADMIN = "tsk_admin001_test-admin-key-0123456789abcdef";
  private static final String WRITE = "tsk_write001_test-write-key-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private int port;

  private HttpResponse<String> call(String method, String path, String body, String key)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode ok(String method, String path, String body, String key) throws Exception {
    HttpResponse<String> r = call(method, path, body, key);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
    return JSON.readTree(r.body());
  }

  @Test
  void liveAndBatchShouldResolveTheSameCustomersAndAnUnmergeShouldHoldInBoth() throws Exception {
    Path data = dir.resolve("shop");
    SyntheticShop.write(
        new GeneratorOptions(300, 365, 21L, 0.0, null).withIdentities(0.4, 0.03), data);
    Path store = dir.resolve("live.duckdb");
    Path out = dir.resolve("run");
    int rc =
        RunCommand.execute(
            io.tessera.store.TesseraConfig.forDataDir(data),
            out,
            store,
            Map.of(io.tessera.privacy.Pseudonymizer.KEY_ENV, "a-test-key-of-enough-length"),
            new PrintWriter(new StringWriter()),
            false,
            List.of("tessera", "run"),
            Map.of(),
            io.tessera.report.Lang.EN);
    assertThat(rc).isZero();
    // the batch run's persons: resolved id -> accounts
    Map<String, Set<String>> batch = new TreeMap<>();
    for (String line :
        Files.readAllLines(out.resolve("identities.csv"))
            .subList(1, Files.readAllLines(out.resolve("identities.csv")).size())) {
      String[] f = line.split(",", -1);
      if (f[1].equals("customer_id")) {
        batch.computeIfAbsent(f[0], k -> new TreeSet<>()).add(f[2]);
      }
    }
    String merged = null;
    String second = null;
    try (TesseraServer server =
        TesseraServer.start(
            TesseraServer.Options.defaults(store)
                .withPort(0)
                .withKeys(ADMIN, WRITE)
                .withRates(100_000, 100_000))) {
      port = server.port();
      int compared = 0;
      for (var e : batch.entrySet()) {
        JsonNode live = ok("GET", "/api/v1/customers/" + e.getKey() + "/identities", null, ADMIN);
        List<String> accounts = new ArrayList<>();
        live.get("accounts").forEach(a -> accounts.add(a.asText()));
        assertThat(accounts).as(e.getKey()).containsExactlyElementsOf(e.getValue());
        if (accounts.size() > 1 && merged == null) {
          merged = e.getKey();
          second = accounts.get(1);
          assertThat(live.get("links").get(0).get("evidence").size()).isPositive();
        }
        compared++;
      }
      assertThat(compared).isEqualTo(batch.size()).isGreaterThan(250);
      assertThat(merged).isNotNull();

      // a merged account's own id answers with its person
      JsonNode viaSecond = ok("GET", "/api/v1/customers/" + second + "/identities", null, ADMIN);
      assertThat(viaSecond.get("customer_id").asText()).isEqualTo(merged);

      // a marketer reads the graph without identifier values, and may not un-merge
      String marketer =
          ok("POST", "/api/v1/keys", "{\"name\":\"m\",\"role\":\"marketer\"}", ADMIN)
              .get("key")
              .asText();
      JsonNode asMarketer =
          ok("GET", "/api/v1/customers/" + merged + "/identities", null, marketer);
      assertThat(asMarketer.get("identifiers").get(0).get("value").isNull()).isTrue();
      String body = "{\"account\":\"" + second + "\",\"reason\":\"two people at one address\"}";
      assertThat(
              call("POST", "/api/v1/customers/" + merged + "/unmerge", body, marketer).statusCode())
          .isEqualTo(403);
      assertThat(
              call(
                      "POST",
                      "/api/v1/customers/" + merged + "/unmerge",
                      "{\"account\":\"nobody\",\"reason\":\"x\"}",
                      ADMIN)
                  .statusCode())
          .isEqualTo(400);

      JsonNode un = ok("POST", "/api/v1/customers/" + merged + "/unmerge", body, ADMIN);
      assertThat(un.get("why").asText()).isEqualTo("two people at one address");
      assertThat(un.get("who").asText()).startsWith("admin001");
      assertThat(un.at("/account_now/customer_id").asText()).isEqualTo(second);
      JsonNode after = ok("GET", "/api/v1/customers/" + merged + "/identities", null, ADMIN);
      assertThat(after.get("accounts").toString()).doesNotContain(second);
      assertThat(after.get("unmerges").get(0).get("account").asText()).isEqualTo(second);
      JsonNode audit = ok("GET", "/api/v1/audit?customer_id=" + merged, null, ADMIN);
      assertThat(audit.toString()).contains("customer.unmerge", "customer.identities");
    }
    // a batch resolution of the same store keeps the un-merge
    try (Store s = Store.open(store)) {
      IdentityGraph g = IdentityTables.graph(s, IdentityOptions.defaults(), Set.of());
      assertThat(g.resolve(CustomerId.of(second)).value()).isEqualTo(second);
      assertThat(g.report().unmerges()).hasSize(1);
    }
  }
}
