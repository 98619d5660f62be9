package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.report.browser.HeadlessChromium;
import io.tessera.server.TesseraServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/runs} under {@code tessera serve}: a batch run over the server's own store in
 * the background, polled to done, whose clustering then places each new event's customer.
 */
class ServeBatchRunTest {
  private static final String ADMIN = "tsk_admin001_test-admin-key-0123456789abcdef";
  private static final String WRITE = "tsk_write001_test-write-key-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private int port;

  private JsonNode send(String method, String path, String body, String auth) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", auth)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
    return JSON.readTree(r.body());
  }

  @Test
  void aRunStartedFromTheApiShouldFinishAndItsClusteringShouldPlaceTheNextEventsCustomer()
      throws Exception {
    // a store holding a generated shop of 500 customers, as a batch ingest leaves it
    Path data = dir.resolve("shop");
    SyntheticShop.write(new GeneratorOptions(500, 365, 7L, 0.0, null), data);
    Path store = dir.resolve("live.duckdb");
    int rc =
        RunCommand.execute(
            io.tessera.store.TesseraConfig.forDataDir(data),
            dir.resolve("seed-run"),
            store,
            Map.of(io.tessera.privacy.Pseudonymizer.KEY_ENV, "a-test-key-of-enough-length"),
            new PrintWriter(new StringWriter()),
            false,
            List.of("tessera", "run"),
            Map.of(),
            io.tessera.report.Lang.EN);
    assertThat(rc).isZero();

    String runId;
    LiveChurnSeen seen;
    Path runOut;
    String recommended;
    JsonNode recommendations;
    try (TesseraServer server =
        TesseraServer.start(
            TesseraServer.Options.defaults(store).withPort(0).withKeys(ADMIN, WRITE))) {
      port = server.port();
      String admin = "Bearer " + ADMIN;
      assertThat(server.engine().customerCount()).isGreaterThanOrEqualTo(400);

      JsonNode started = send("POST", "/api/v1/runs", "{}", admin);
      String id = started.get("batch_run").get("id").asText();
      runId = id;
      assertThat(started.get("batch_run").get("status").asText()).isEqualTo("running");
      JsonNode run = started.get("batch_run");
      long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (run.get("status").asText().equals("running") && System.nanoTime() < end) {
        Thread.sleep(200);
        run = send("GET", "/api/v1/runs/" + id, null, admin);
      }
      assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("done");
      assertThat(run.get("message").asText()).contains("clusters");
      assertThat(run.get("files").toString())
          .contains("models/clustering.json", "customers.csv", "report.html");
      Path out = Path.of(run.get("out").asText());
      runOut = out;
      JsonNode model = JSON.readTree(out.resolve("models/clustering.json").toFile());
      int k = model.get("k").asInt();
      assertThat(server.engine().clusteringModel().k()).isEqualTo(k);
      // in process over the store: nothing exported beside the outputs
      assertThat(out.getParent().resolve("data")).doesNotExist();

      // a new customer's first order: the event re-evaluates their nearest cluster
      String basic =
          "Basic "
              + Base64.getEncoder().encodeToString((WRITE + ":").getBytes(StandardCharsets.UTF_8));
      send(
          "POST",
          "/v1/track",
          "{\"messageId\":\"live-1\",\"userId\":\"newcomer\",\"event\":\"Order Completed\","
              + "\"timestamp\":\""
              + Instant.now()
              + "\",\"properties\":{\"order_id\":\"o-live-1\",\"revenue\":80}}",
          basic);
      JsonNode customer = send("GET", "/api/v1/customers/newcomer", null, admin);
      List<String> cluster = new java.util.ArrayList<>();
      customer.get("segments").forEach(s -> cluster.add(s.asText()));
      cluster.removeIf(s -> !s.startsWith("cluster:"));
      assertThat(cluster).as(customer.toString()).hasSize(1);
      assertThat(customer.get("cluster").get("segment_id").asText()).isEqualTo(cluster.get(0));
      assertThat(customer.get("cluster").get("name").get("en").asText()).isNotBlank();
      JsonNode history = send("GET", "/api/v1/customers/newcomer/history", null, admin);
      boolean entered = false;
      for (JsonNode c : history.get("changes")) {
        entered |=
            c.get("segment_id").asText().equals(cluster.get(0))
                && c.get("change").asText().equals("entered")
                && c.get("cause_event_id").asText().equals("live-1");
      }
      assertThat(entered).as(history.toString()).isTrue();

      scoresShouldBeServedWithTheirRun(server, id, out);
      // the newcomer is not in the run, but gets a lifetime value from the run's model, live
      JsonNode newcomer = send("GET", "/api/v1/customers/newcomer", null, admin);
      assertThat(newcomer.at("/scores/scored").asBoolean()).isFalse();
      assertThat(newcomer.at("/scores/message").asText()).contains(id);
      assertThat(newcomer.at("/live_scores/purchase_days").asInt()).isEqualTo(1);
      assertThat(newcomer.at("/live_scores/model_run_id").asText()).isEqualTo(id);
      assertThat(newcomer.at("/live_scores/p_alive").asDouble()).isEqualTo(1.0);
      assertThat(newcomer.at("/live_scores/clv_365d").asDouble()).isPositive();
      // and a live churn score from their live profile (a buyer now), by the run's saved model
      assertThat(newcomer.at("/live_scores/churn/scored").asBoolean())
          .as(newcomer.toString())
          .isTrue();
      assertThat(newcomer.at("/live_scores/churn/model_run_id").asText()).isEqualTo(id);
      assertThat(newcomer.at("/live_scores/churn/probability").asDouble()).isBetween(0.0, 1.0);

      seen = liveChurnShouldFollowTheRunAndThenTheEvents(server, id, out);

      // recommendations are served from the store: the run's recommendations.csv lists the same
      List<String[]> csv = CsvFiles.rows(out.resolve("recommendations.csv"));
      recommended = csv.get(0)[0];
      List<String> fromFile =
          csv.stream().filter(f -> f[0].equals(recommended)).map(f -> f[2]).toList();
      recommendations =
          send("GET", "/api/v1/customers/" + recommended + "/recommendations", null, admin);
      List<String> served = new java.util.ArrayList<>();
      recommendations.get("recommendations").forEach(x -> served.add(x.get("item").asText()));
      assertThat(recommendations.get("run_id").asText()).isEqualTo(id);
      assertThat(served).isNotEmpty().isSubsetOf(fromFile);
    }

    // no Tessera code reads a run's output back: with the run's folder moved away, a restarted
    // server still serves its scores, live models and recommendations (from the store)
    Path moved = runOut.resolveSibling(runOut.getFileName() + ".moved");
    Files.move(runOut, moved);

    // a restart loads the run's saved model from the store: the same live score as before
    try (TesseraServer server =
        TesseraServer.start(
            TesseraServer.Options.defaults(store).withPort(0).withKeys(ADMIN, WRITE))) {
      port = server.port();
      JsonNode again =
          send("GET", "/api/v1/customers/" + seen.customerId(), null, "Bearer " + ADMIN);
      assertThat(again.at("/live_scores/churn/model_run_id").asText()).isEqualTo(runId);
      assertThat(again.at("/live_scores/churn/probability").asDouble())
          .as(again.toString())
          .isEqualTo(seen.liveAfterEvents());
      assertThat(again.at("/scores/churn/probability").asDouble()).isEqualTo(seen.batch());
      JsonNode recommendedAgain =
          send(
              "GET",
              "/api/v1/customers/" + recommended + "/recommendations",
              null,
              "Bearer " + ADMIN);
      assertThat(recommendedAgain.get("recommendations"))
          .isEqualTo(recommendations.get("recommendations"));
      assertThat(runOut).doesNotExist();
    }
  }

  /** A customer's batch churn score and their live one after the test's events. */
  private record LiveChurnSeen(String customerId, double batch, double liveAfterEvents) {}

  /**
   * Live churn and next purchase by the run's saved models: as of the run's date they give every
   * customer the run's figures and reasons (the same code on the same profile); then orders posted
   * through the collect API move a customer's live churn score while the batch score stays.
   */
  private LiveChurnSeen liveChurnShouldFollowTheRunAndThenTheEvents(
      TesseraServer server, String runId, Path out) throws Exception {
    assertThat(out.resolve("models/churn_model.json")).isRegularFile();
    JsonNode churnJson = JSON.readTree(out.resolve("models/churn.json").toFile());
    assertThat(churnJson.get("saved_model").asText()).isEqualTo("models/churn_model.json");
    java.time.LocalDate asOf = java.time.LocalDate.parse(churnJson.get("as_of").asText());
    List<String[]> rows = CsvFiles.rows(out.resolve("customers.csv"));
    int scored = 0;
    int unscored = 0;
    int nextCompared = 0;
    for (String[] f : rows) {
      var live = server.scores().liveChurn(f[0], asOf, server.engine()).orElseThrow();
      assertThat(live.modelRunId()).isEqualTo(runId);
      if (f[10].isEmpty()) {
        // the run did not score them (no completed order by then): neither does the live model
        assertThat(live.probability()).as(f[0]).isNull();
        unscored++;
        continue;
      }
      assertThat(live.probability())
          .as(f[0])
          .isCloseTo(Double.parseDouble(f[10]), org.assertj.core.api.Assertions.within(1e-6));
      assertThat(f[15]).as(f[0]).endsWith("churn: " + String.join("; ", live.reasons()));
      scored++;
      if (!f[16].isEmpty()) {
        var next = server.scores().liveNextPurchase(f[0], asOf, server.engine()).orElseThrow();
        assertThat(next.pPurchase30d())
            .as(f[0])
            .isCloseTo(Double.parseDouble(f[16]), org.assertj.core.api.Assertions.within(1e-6));
        assertThat(next.band()).isEqualTo(f[17]);
        nextCompared++;
      }
    }
    assertThat(scored).isGreaterThan(100);
    assertThat(nextCompared).isGreaterThan(100);
    assertThat(unscored).isPositive();

    // the customer the run thought most likely to churn buys three times today
    String[] target =
        rows.stream()
            .filter(f -> !f[10].isEmpty())
            .max(java.util.Comparator.comparingDouble((String[] f) -> Double.parseDouble(f[10])))
            .orElseThrow();
    String admin = "Bearer " + ADMIN;
    JsonNode before = send("GET", "/api/v1/customers/" + target[0], null, admin);
    JsonNode liveBefore = before.at("/live_scores/churn");
    assertThat(liveBefore.get("scored").asBoolean()).as(before.toString()).isTrue();
    assertThat(liveBefore.get("model_run_id").asText()).isEqualTo(runId);
    assertThat(liveBefore.get("model").asText()).isEqualTo(churnJson.get("model").asText());
    assertThat(liveBefore.get("reasons")).hasSize(3);
    assertThat(liveBefore.get("at_risk").asBoolean())
        .isEqualTo(
            liveBefore.get("probability").asDouble() >= liveBefore.get("threshold").asDouble());
    double batch = before.at("/scores/churn/probability").asDouble();
    assertThat(batch).isEqualTo(Double.parseDouble(target[10]));
    String basic =
        "Basic "
            + Base64.getEncoder().encodeToString((WRITE + ":").getBytes(StandardCharsets.UTF_8));
    List<String> orders = new java.util.ArrayList<>();
    for (int k = 0; k < 3; k++) {
      orders.add(
          "{\"type\":\"track\",\"messageId\":\"churn-live-"
              + k
              + "\",\"userId\":\""
              + target[0]
              + "\",\"event\":\"Order Completed\",\"timestamp\":\""
              + Instant.now().minusSeconds(60L * (3 - k))
              + "\",\"properties\":{\"order_id\":\"o-churn-live-"
              + k
              + "\",\"revenue\":120}}");
    }
    send("POST", "/v1/batch", "{\"batch\":[" + String.join(",", orders) + "]}", basic);
    JsonNode after = send("GET", "/api/v1/customers/" + target[0], null, admin);
    double liveAfter = after.at("/live_scores/churn/probability").asDouble();
    assertThat(liveAfter)
        .as(after.toString())
        .isNotEqualTo(liveBefore.get("probability").asDouble());
    assertThat(after.at("/live_scores/churn/reasons")).hasSize(3);
    assertThat(after.at("/scores/churn/probability").asDouble()).isEqualTo(batch);
    assertThat(after.at("/scores/run_id").asText()).isEqualTo(runId);
    return new LiveChurnSeen(target[0], batch, liveAfter);
  }

  /**
   * The run's customers.csv scores on the customer API (with the run and its date), the same
   * figures computed live from the run's BG/NBD and Gamma-Gamma for its as-of date, and the
   * customer page of the dashboard showing them to a marketer.
   */
  private void scoresShouldBeServedWithTheirRun(TesseraServer server, String runId, Path out)
      throws Exception {
    String admin = "Bearer " + ADMIN;
    List<String[]> rows = CsvFiles.rows(out.resolve("customers.csv"));
    List<String[]> scored =
        rows.stream()
            .filter(f -> !f[10].isEmpty() && !f[13].isEmpty() && !f[16].isEmpty())
            .toList();
    assertThat(scored).hasSizeGreaterThan(100);
    String[] row = scored.stream().filter(f -> f[15].contains("churn: ")).findFirst().orElseThrow();
    String id = row[0];
    JsonNode c = send("GET", "/api/v1/customers/" + id, null, admin);
    JsonNode s = c.get("scores");
    assertThat(s.get("run_id").asText()).isEqualTo(runId);
    assertThat(s.get("scored").asBoolean()).isTrue();
    JsonNode churnJson = JSON.readTree(out.resolve("models/churn.json").toFile());
    assertThat(s.get("scored_as_of").asText()).isEqualTo(churnJson.get("as_of").asText());
    assertThat(s.at("/churn/probability").asDouble()).isEqualTo(Double.parseDouble(row[10]));
    assertThat(s.at("/churn/model").asText()).isEqualTo(churnJson.get("model").asText());
    List<String> reasons = new java.util.ArrayList<>();
    s.at("/churn/reasons").forEach(r -> reasons.add(r.asText()));
    assertThat(reasons).hasSize(3);
    assertThat(row[15]).endsWith("churn: " + String.join("; ", reasons));
    assertThat(s.at("/lifetime_value/p_alive").asDouble()).isEqualTo(Double.parseDouble(row[11]));
    assertThat(s.at("/lifetime_value/expected_purchases_90d").asDouble())
        .isEqualTo(Double.parseDouble(row[12]));
    assertThat(s.at("/lifetime_value/clv_365d").asDouble()).isEqualTo(Double.parseDouble(row[13]));
    assertThat(s.at("/next_purchase/p_purchase_30d").asDouble())
        .isEqualTo(Double.parseDouble(row[16]));
    assertThat(s.at("/next_purchase/band").asText()).isEqualTo(row[17]).isNotBlank();
    assertThat(c.get("live_scores").get("model_run_id").asText()).isEqualTo(runId);

    // live scoring is the batch's code: as of the run's date it gives the run's figures
    java.time.LocalDate asOf =
        java.time.LocalDate.parse(
            JSON.readTree(out.resolve("models/clv.json").toFile()).get("calibration_end").asText());
    for (String[] f : scored.subList(0, 100)) {
      var live = server.scores().live(f[0], asOf).orElseThrow().value();
      assertThat(live.pAlive()).as(f[0]).isCloseTo(Double.parseDouble(f[11]), withinRelative());
      assertThat(live.expectedPurchases90d())
          .as(f[0])
          .isCloseTo(Double.parseDouble(f[12]), withinRelative());
      assertThat(live.clv365d()).as(f[0]).isCloseTo(Double.parseDouble(f[13]), withinRelative());
    }

    // a marketer sees the scores on the dashboard's customer page
    String marketer =
        send("POST", "/api/v1/keys", "{\"name\":\"Mia\",\"role\":\"marketer\"}", admin)
            .get("key")
            .asText();
    JsonNode asMarketer = send("GET", "/api/v1/customers/" + id, null, "Bearer " + marketer);
    assertThat(asMarketer.get("scores")).isEqualTo(s);
    assertThat(asMarketer.has("traits")).isFalse();
    try (HeadlessChromium chromium = HeadlessChromium.startOrSkip();
        HeadlessChromium.Page page =
            chromium.open(URI.create("http://127.0.0.1:" + port + "/dashboard/index.html"))) {
      page.waitUntil("document.getElementById('login') !== null");
      page.evaluate("document.getElementById('key').value = '" + marketer + "'");
      page.evaluate("document.getElementById('login').click()");
      page.waitUntil("document.getElementById('who').textContent.includes('marketer')");
      page.evaluate("location.hash = '#customer'");
      page.evaluate("document.getElementById('customer-id').value = '" + id + "'");
      page.evaluate("document.getElementById('customer-go').click()");
      page.waitUntil(
          "document.getElementById('customer-scores').textContent.includes('Churn probability')");
      String table =
          page.evaluate("document.getElementById('customer-scores').textContent").asText();
      assertThat(table)
          .contains(
              String.format(java.util.Locale.ROOT, "%.3f", Double.parseDouble(row[10])),
              "run " + runId,
              "CLV (365 d)",
              "live, ");
      assertThat(page.evaluate("document.getElementById('customer-reasons').textContent").asText())
          .contains("churn: " + reasons.get(0), "live churn: ");
      assertThat(table).containsAnyOf("at risk (threshold", "below the threshold");
      page.screenshot(Path.of("target/dashboard-customer-scores.png"), 1200);
      assertThat(page.consoleErrors()).isEmpty();
      assertThat(page.uncaughtExceptions()).isEmpty();
    }
  }

  /** customers.csv keeps six significant digits. */
  private static org.assertj.core.data.Percentage withinRelative() {
    return org.assertj.core.data.Percentage.withPercentage(0.001);
  }
}
