package io.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13, cases 1 to 4: hostile collect calls against a real server on a random port over a real
 * DuckDB file. Each is answered on its own (400 or 413 naming the field and the reason) and the
 * engine keeps serving: /health stays 200 and a valid event is still accepted afterwards.
 */
class CollectHardeningTest {
  @RegisterExtension final LiveServer live = new LiveServer();

  private static String order(String messageId, String user, String orderId, String total) {
    return "{\"messageId\":\""
        + messageId
        + "\",\"userId\":\""
        + user
        + "\",\"event\":\"Order Completed\",\"properties\":{\"order_id\":\""
        + orderId
        + "\",\"total\":"
        + total
        + "}}";
  }

  private static String trackAt(String messageId, String timestamp) {
    return "{\"messageId\":\""
        + messageId
        + "\",\"userId\":\"u\",\"event\":\"Product Viewed\",\"timestamp\":\""
        + timestamp
        + "\"}";
  }

  /** The engine still serves: health 200, and a fresh valid event is accepted and counted. */
  private void assertStillServing(String messageId) {
    Client.Response health = live.client().get("/health", null);
    assertThat(health.status()).as(health.body()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("ok");
    long before = live.server().engine().eventCount();
    Client.Response ok =
        live.client()
            .collect("track", CollectApiTest.track(messageId, "ok", null, "Signed In", now()));
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.json().get("accepted").asInt()).isEqualTo(1);
    assertThat(live.server().engine().eventCount()).isEqualTo(before + 1);
  }

  private static Instant now() {
    return Instant.now();
  }

  private static void assertRefused(Client.Response r, String reason, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("code").asText()).isEqualTo("invalid_message");
    assertThat(r.json().get("reason").asText()).as(r.body()).isEqualTo(reason);
    assertThat(r.json().get("field").asText()).as(r.body()).isEqualTo(field);
    assertThat(r.json().get("message").asText()).startsWith(field + " ");
  }

  // ---- case 1

  @Test
  void case1_aHugeTotalOrAFarFutureTimestampShouldBeRefusedAndNotStopTheEngine() {
    assertRefused(
        live.client().collect("track", order("m1", "u", "o1", "1e15")),
        "invalid_value",
        "message.properties.total");
    assertRefused(
        live.client().collect("track", trackAt("m2", "+1000000-01-01T00:00:00Z")),
        "timestamp_in_future",
        "message.timestamp");
    // just inside the bound is a valid order; just outside is refused
    assertThat(live.client().collect("track", order("m3", "u", "o3", "90000000000")).status())
        .isEqualTo(200);
    assertRefused(
        live.client().collect("track", order("m4", "u", "o4", "90000000001")),
        "invalid_value",
        "message.properties.total");
    assertStillServing("after-1");
  }

  // ---- case 2

  @Test
  void case2_aChunkedBodyShouldBeHeldToTheSameLimitAsOneWithALength() {
    String padding = "a".repeat(40_000);
    String big = "{\"userId\":\"u\",\"event\":\"e\",\"properties\":{\"x\":\"" + padding + "\"}}";
    HttpResponse<String> r = chunked("/v1/track", big.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(r.body()).contains("too_large");

    byte[] huge = new byte[20 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    huge[0] = '{';
    try {
      HttpResponse<String> h = chunked("/v1/batch", huge);
      assertThat(h.statusCode()).as(h.body()).isEqualTo(413);
    } catch (java.io.UncheckedIOException e) {
      // the server answers 413 once 500 KB are read and closes the connection; a client still
      // sending the other 19.5 MB may see the close before the answer. Either way it was refused:
      // nothing was stored (checked below) and the engine serves on.
      assertThat(e.getCause()).isInstanceOf(IOException.class);
    }

    // a small chunked message is fine
    HttpResponse<String> small =
        chunked(
            "/v1/track",
            CollectApiTest.track("c1", "u", null, "Product Viewed", now())
                .getBytes(StandardCharsets.UTF_8));
    assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
    assertThat(live.server().engine().eventCount()).isEqualTo(1);
    assertStillServing("after-2");
  }

  private HttpResponse<String> chunked(String path, byte[] body) {
    String basic =
        Base64.getEncoder().encodeToString((Client.WRITE + ":").getBytes(StandardCharsets.UTF_8));
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + live.server().port() + path))
            .version(HttpClient.Version.HTTP_1_1)
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/json")
            // no length known up front: the client sends Transfer-Encoding: chunked
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---- case 3

  @Test
  void case3_jsonNestedTenThousandDeepShouldAnswer400() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    Client.Response r =
        live.client()
            .collect(
                "track", "{\"userId\":\"u\",\"event\":\"e\",\"properties\":{\"x\":" + deep + "}}");
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("code").asText()).isEqualTo("invalid_json");
    assertThat(r.json().get("message").asText()).contains("nested").contains("deep");
    assertStillServing("after-3");
  }

  // ---- case 4

  @Test
  void case4_aNegativeTotalShouldBeRefusedAsInBatch() {
    assertRefused(
        live.client().collect("track", order("n1", "u", "o1", "-50")),
        "negative_amount",
        "message.properties.total");
    assertStillServing("after-4a");
  }

  @Test
  void case4_timestampsInYearOneOr9999ShouldBeRefusedAsInBatch() {
    assertRefused(
        live.client().collect("track", trackAt("t1", "0001-01-01T00:00:00Z")),
        "timestamp_before_1990",
        "message.timestamp");
    assertRefused(
        live.client().collect("track", trackAt("t2", "9999-12-31T00:00:00Z")),
        "timestamp_in_future",
        "message.timestamp");
    // the clock-skew allowance: up to a day ahead is accepted, as in batch
    assertThat(
            live.client()
                .collect("track", trackAt("t3", now().plusSeconds(3600).toString()))
                .status())
        .isEqualTo(200);
    assertStillServing("after-4b");
  }

  @Test
  void case4_theSameOrderIdUnderSeveralMessageIdsShouldCountOnce() {
    assertThat(live.client().collect("track", order("d1", "dup", "o-7", "30")).status())
        .isEqualTo(200);
    assertRefused(
        live.client().collect("track", order("d2", "dup", "o-7", "30")),
        "duplicate_id",
        "message.properties.order_id");
    Client.Response inBatch =
        live.client()
            .collect(
                "batch",
                "{\"batch\":["
                    + order("d3", "dup", "o-7", "30")
                        .replace("{\"messageId\"", "{\"type\":\"track\",\"messageId\"")
                    + "]}");
    assertRefused(inBatch, "duplicate_id", "batch[0].properties.order_id");
    // a retry of the first message is still an idempotent duplicate, not an error
    Client.Response retry = live.client().collect("track", order("d1", "dup", "o-7", "30"));
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.json().get("duplicates").asInt()).isEqualTo(1);
    var profile = live.client().get("/api/v1/customers/dup", Client.ADMIN).json().get("profile");
    assertThat(profile.get("frequency").asInt()).isEqualTo(1);
    assertThat(profile.get("monetary").asDouble()).isEqualTo(30.0);
    assertStillServing("after-4c");
  }
}
