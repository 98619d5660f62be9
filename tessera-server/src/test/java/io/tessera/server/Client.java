package io.tessera.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.server.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A small HTTP client for tests against a real server on a port. */
final class Client {
  static final String ADMIN = "tsk_admin001_test-admin-key-0123456789abcdef";
  static final String WRITE = "tsk_write001_test-write-key-0123456789abcdef";

  /** A response: status and body parsed as JSON (null when empty). */
  record Response(int status, JsonNode json, String body, java.net.http.HttpHeaders headers) {}

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  Client(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  Response send(String method, String path, String body, String bearer) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    b.header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return execute(b.build());
  }

  /** A collect call authenticated as Segment SDKs do: HTTP basic with the write key as user. */
  Response collect(String type, String body) {
    return collect(type, body, WRITE);
  }

  Response collect(String type, String body, String writeKey) {
    String basic =
        Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
    HttpRequest r =
        HttpRequest.newBuilder(URI.create(base + "/v1/" + type))
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return execute(r);
  }

  Response get(String path, String key) {
    return send("GET", path, null, key);
  }

  Response post(String path, String body, String key) {
    return send("POST", path, body, key);
  }

  private Response execute(HttpRequest r) {
    try {
      HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      if (!res.body().isEmpty()) {
        try {
          json = Json.MAPPER.readTree(res.body());
        } catch (IOException e) {
          json = null;
        }
      }
      return new Response(res.statusCode(), json, res.body(), res.headers());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
