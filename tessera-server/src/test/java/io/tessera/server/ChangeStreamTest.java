package io.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.server.http.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pushed change feed: a real HTTP client reads {@code GET /api/v1/changes/stream} as
 * server-sent events while events are posted through the collect API; it is opened with a
 * short-lived stream token (as a browser's EventSource does) or the key header, and resumes after a
 * {@code Last-Event-ID}.
 */
class ChangeStreamTest {
  @TempDir Path dir;
  private TesseraServer server;
  private Client client;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Stream<String>> open = new ArrayList<>();

  /** One server-sent event. */
  record Event(String name, String id, String data) {}

  @BeforeEach
  void start() {
    server =
        TesseraServer.start(
            TesseraServer.Options.defaults(dir.resolve("live.duckdb"))
                .withPort(0)
                .withRates(1000, 1000)
                .withKeys(Client.ADMIN, Client.WRITE));
    client = new Client(server.port());
  }

  @AfterEach
  void stop() {
    open.forEach(Stream::close);
    server.close();
  }

  private String key(String role) {
    return client
        .post("/api/v1/keys", "{\"name\":\"" + role + "\",\"role\":\"" + role + "\"}", Client.ADMIN)
        .json()
        .get("key")
        .asText();
  }

  /** Opens a stream; its events arrive on the returned queue. */
  private BlockingQueue<Event> stream(String query, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/api/v1/changes/stream" + query))
            .header("Accept", "text/event-stream");
    headers.forEach(b::header);
    HttpResponse<Stream<String>> r =
        http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines()).get(30, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("text/event-stream");
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    Stream<String> lines = r.body();
    open.add(lines);
    Thread.ofVirtual()
        .start(
            () -> {
              Map<String, String> fields = new HashMap<>();
              try {
                lines.forEach(
                    line -> {
                      if (line.isEmpty()) {
                        if (fields.containsKey("data")) {
                          events.add(
                              new Event(fields.get("event"), fields.get("id"), fields.get("data")));
                        }
                        fields.clear();
                      } else if (!line.startsWith(":")) {
                        int colon = line.indexOf(':');
                        fields.merge(
                            line.substring(0, colon),
                            line.substring(colon + 1).stripLeading(),
                            (x, y) -> x + "\n" + y);
                      }
                    });
              } catch (RuntimeException closed) {
                // the test closed the stream
              }
            });
    return events;
  }

  private static List<JsonNode> take(BlockingQueue<Event> events, int n) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    while (out.size() < n) {
      Event e = events.poll(30, TimeUnit.SECONDS);
      assertThat(e).as("only " + out.size() + " of " + n + " changes arrived: " + out).isNotNull();
      assertThat(e.name()).isEqualTo("change");
      JsonNode c = Json.MAPPER.readTree(e.data());
      assertThat(e.id()).isEqualTo(c.get("seq").asText());
      out.add(c);
    }
    return out;
  }

  @Test
  void aStreamOpenedWithATokenShouldPushEachChangeAsItHappensAndResumeAfterTheLastEventId()
      throws Exception {
    assertThat(
            client
                .post(
                    "/api/v1/rules",
                    "{\"id\":\"carts\",\"name\":\"Carts\",\"expression\":\"count(add_to_cart, 7d)"
                        + " >= 1\"}",
                    Client.ADMIN)
                .status())
        .isEqualTo(201);
    String marketer = key("marketer");
    Client.Response t = client.post("/api/v1/stream-tokens", null, marketer);
    assertThat(t.status()).as(t.body()).isEqualTo(201);
    String token = t.json().get("token").asText();
    assertThat(token).doesNotContain(marketer);
    assertThat(Instant.parse(t.json().get("expires_at").asText())).isAfter(Instant.now());
    assertThat(t.json().get("stream").asText()).endsWith("?token=" + token);

    // no key header at all, as from a browser's EventSource
    BlockingQueue<Event> events = stream("?after=0&token=" + token, Map.of());
    List<String> customers = List.of("ana", "ben", "cho");
    for (int i = 0; i < customers.size(); i++) {
      client.collect(
          "track",
          CollectApiTest.track("s-" + i, customers.get(i), null, "Product Added", Instant.now()));
      // each change arrives before the next event is even sent
      JsonNode c = take(events, 1).get(0);
      assertThat(c.get("customer_id").asText()).isEqualTo(customers.get(i));
      assertThat(c.get("segment_id").asText()).isEqualTo("rule:carts");
      assertThat(c.get("change").asText()).isEqualTo("entered");
      assertThat(c.get("cause_event_id").asText()).isEqualTo("s-" + i);
    }
    assertThat(client.get("/health", null).json().get("change_streams").asInt()).isEqualTo(1);

    // the polled feed and the stream agree; a reconnect resumes after its Last-Event-ID
    JsonNode polled = client.get("/api/v1/changes?after=0", marketer).json().get("changes");
    assertThat(polled).hasSize(3);
    long first = polled.get(0).get("seq").asLong();
    BlockingQueue<Event> resumed =
        stream(
            "",
            Map.of("Authorization", "Bearer " + marketer, "Last-Event-ID", Long.toString(first)));
    List<JsonNode> caughtUp = take(resumed, 2);
    assertThat(caughtUp).containsExactly(polled.get(1), polled.get(2));
    client.collect(
        "track", CollectApiTest.track("s-9", "dan", null, "Product Added", Instant.now()));
    assertThat(take(resumed, 1).get(0).get("customer_id").asText()).isEqualTo("dan");
    assertThat(take(events, 1).get(0).get("customer_id").asText()).isEqualTo("dan");
  }

  @Test
  void aStreamShouldBeRefusedWithAnUnknownTokenARevokedKeysTokenOrNoEventStreamAccept()
      throws Exception {
    HttpRequest unknown =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:" + server.port() + "/api/v1/changes/stream?token=tst_nope"))
            .header("Accept", "text/event-stream")
            .build();
    HttpResponse<String> r = http.send(unknown, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(Json.MAPPER.readTree(r.body()).get("message").asText()).contains("stream-tokens");

    String analyst = key("analyst");
    String token = client.post("/api/v1/stream-tokens", null, analyst).json().get("token").asText();
    String id = client.get("/api/v1/me", analyst).json().get("id").asText();
    assertThat(client.send("DELETE", "/api/v1/keys/" + id, null, Client.ADMIN).status())
        .isEqualTo(204);
    HttpRequest revoked =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:" + server.port() + "/api/v1/changes/stream?token=" + token))
            .header("Accept", "text/event-stream")
            .build();
    assertThat(http.send(revoked, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(401);

    // a viewer sees segment sizes only: no token, no stream
    assertThat(client.post("/api/v1/stream-tokens", null, key("viewer")).status()).isEqualTo(403);
    // a token is not an API key
    String marketerToken =
        client.post("/api/v1/stream-tokens", null, key("marketer")).json().get("token").asText();
    assertThat(client.get("/api/v1/changes", marketerToken).status()).isEqualTo(401);
    Client.Response plain = client.get("/api/v1/changes/stream", Client.ADMIN);
    assertThat(plain.status()).isEqualTo(406);
    assertThat(plain.json().get("message").asText()).contains("text/event-stream");
  }
}
