package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.server.TesseraServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live engine merges profiles as identity resolution says, and an un-merge re-splits them:
 * {@code tessera serve} (real server on a random port, a real DuckDB file) on the store of a batch
 * run answers every account with the run's resolved customer and that customer's frequency and
 * monetary from customers.csv; after an un-merge, the live profiles of the split account and of the
 * rest, and their rule memberships, equal what a second batch run over the same store gives.
 */
class LiveIdentityMergeTest {
  private static final String ADMIN = "tsk_admin001_test-admin-key-0123456789abcdef";
  private static final String WRITE = "tsk_write001_test-write-key-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private int port;

  private JsonNode call(String method, String path, String body) throws Exception {
    HttpResponse<String> r = send(method, path, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + ADMIN)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void run(Path data, Path out, Path store) throws Exception {
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
  }

  /** customers.csv: customer id -> {frequency, monetary} (empty without a completed order). */
  private static Map<String, String[]> rows(Path out) throws Exception {
    List<String> lines = Files.readAllLines(out.resolve("customers.csv"));
    List<String> header = List.of(lines.get(0).split(","));
    int f = header.indexOf("frequency");
    int m = header.indexOf("monetary");
    Map<String, String[]> rows = new TreeMap<>();
    for (String l : lines.subList(1, lines.size())) {
      String[] x = l.split(",", -1);
      rows.put(x[0], new String[] {x[f], x[m]});
    }
    return rows;
  }

  private static Map<String, Set<String>> persons(Path out) throws Exception {
    Map<String, Set<String>> persons = new TreeMap<>();
    List<String> lines = Files.readAllLines(out.resolve("identities.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      if (f[1].equals("customer_id")) {
        persons.computeIfAbsent(f[0], k -> new TreeSet<>()).add(f[2]);
      }
    }
    return persons;
  }

  /** The live customer's frequency and monetary, as customers.csv writes them. */
  private String[] live(JsonNode c) {
    JsonNode p = c.get("profile");
    double f = p.get("frequency").asDouble();
    if (f < 1) {
      return new String[] {"", ""};
    }
    return new String[] {fmt(f), fmt(p.get("monetary").asDouble())};
  }

  /** Frequency equal, monetary equal to customers.csv's two decimals. */
  private static void same(String[] live, String[] batch, String what) {
    assertThat(live[0]).as(what + " frequency").isEqualTo(batch[0]);
    if (!batch[1].isEmpty()) {
      assertThat(Double.parseDouble(live[1]))
          .as(what + " monetary")
          .isCloseTo(Double.parseDouble(batch[1]), org.assertj.core.data.Offset.offset(0.005));
    }
  }

  private static String fmt(double x) {
    return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
  }

  @Test
  void liveProfilesShouldBeMergedAsTheBatchRunAndReSplitExactlyByAnUnmerge() throws Exception {
    Path data = dir.resolve("shop");
    SyntheticShop.write(
        new GeneratorOptions(300, 365, 23L, 0.0, null).withIdentities(0.4, 0.03), data);
    Path store = dir.resolve("live.duckdb");
    Path first = dir.resolve("run1");
    run(data, first, store);
    Map<String, Set<String>> persons = persons(first);
    Map<String, String[]> batch = rows(first);
    String person = null;
    String split = null;
    Map<String, String[]> liveAfter = new HashMap<>();
    Map<String, String> resolvedAfter = new HashMap<>();
    try (TesseraServer server =
        TesseraServer.start(
            TesseraServer.Options.defaults(store)
                .withPort(0)
                .withKeys(ADMIN, WRITE)
                .withRates(100_000, 100_000))) {
      port = server.port();
      int merged = 0;
      for (var e : persons.entrySet()) {
        if (!batch.containsKey(e.getKey())) {
          continue; // no consent to profiling: no live profile either
        }
        for (String account : e.getValue()) {
          JsonNode c = call("GET", "/api/v1/customers/" + account, null);
          assertThat(c.get("customer_id").asText()).as(account).isEqualTo(e.getKey());
          same(live(c), batch.get(e.getKey()), account);
        }
        if (e.getValue().size() > 1) {
          merged++;
          String second =
              e.getValue().stream().filter(a -> !a.equals(e.getKey())).findFirst().get();
          if (split == null && !batch.get(e.getKey())[0].isEmpty()) {
            person = e.getKey();
            split = second;
          }
        }
      }
      assertThat(merged).as("persons with several accounts").isGreaterThan(20);
      assertThat(person).isNotNull();
      // a rule the merged person meets by its whole frequency
      String threshold = batch.get(person)[0];
      call(
          "POST",
          "/api/v1/rules",
          "{\"id\":\"loyal\",\"name\":\"Loyal\",\"expression\":\"frequency >= "
              + threshold
              + "\"}");
      assertThat(call("GET", "/api/v1/customers/" + person, null).get("segments").toString())
          .contains("rule:loyal");

      call(
          "POST",
          "/api/v1/customers/" + person + "/unmerge",
          "{\"account\":\"" + split + "\",\"reason\":\"two people, one card\"}");
      for (String account : persons.get(person)) {
        HttpResponse<String> r = send("GET", "/api/v1/customers/" + account, null);
        if (r.statusCode() == 404) {
          // an account without records of its own has no live profile once it stands alone
          resolvedAfter.put(account, account);
          liveAfter.put(account, new String[] {"", ""});
          liveAfter.put(account + "/segments", new String[] {"false"});
          continue;
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode c = JSON.readTree(r.body());
        resolvedAfter.put(account, c.get("customer_id").asText());
        liveAfter.put(c.get("customer_id").asText(), live(c));
        liveAfter.put(
            c.get("customer_id").asText() + "/segments",
            new String[] {String.valueOf(c.get("segments").toString().contains("rule:loyal"))});
      }
      assertThat(resolvedAfter.get(split)).isEqualTo(split);
    }
    // a batch run over the same store keeps the un-merge: the live re-split equals its profiles
    Path second = dir.resolve("run2");
    run(data, second, store);
    Map<String, String[]> again = rows(second);
    Map<String, Set<String>> personsAgain = persons(second);
    Set<String> accounts = persons.get(person);
    for (String account : persons.get(person)) {
      String resolved = resolvedAfter.get(account);
      assertThat(personsAgain.get(resolved))
          .as(
              account
                  + " resolved live to "
                  + resolved
                  + "; batch: "
                  + personsAgain.entrySet().stream()
                      .filter(x -> accounts.stream().anyMatch(x.getValue()::contains))
                      .toList())
          .contains(account);
      same(
          liveAfter.get(resolved),
          again.get(resolved),
          resolved
              + " after the un-merge (live "
              + java.util.Arrays.toString(liveAfter.get(resolved))
              + ", batch "
              + java.util.Arrays.toString(again.get(resolved))
              + ", before "
              + java.util.Arrays.toString(batch.get(resolved))
              + ", batch persons "
              + personsAgain.get(resolved)
              + ", live accounts "
              + resolvedAfter
              + ")");
      double f = again.get(resolved)[0].isEmpty() ? 0 : Double.parseDouble(again.get(resolved)[0]);
      assertThat(liveAfter.get(resolved + "/segments")[0])
          .as(resolved + " in rule:loyal")
          .isEqualTo(String.valueOf(f >= Double.parseDouble(batch.get(person)[0])));
    }
  }
}
