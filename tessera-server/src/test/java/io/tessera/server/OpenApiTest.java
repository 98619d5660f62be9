package io.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served {@code /openapi.json}: every endpoint of the table is in it, every schema reference
 * resolves, and the customer scores, runs and change stream are documented field by field.
 */
class OpenApiTest {
  @TempDir Path dir;

  private static void refs(JsonNode n, List<String> out) {
    if (n.isObject()) {
      n.properties()
          .forEach(
              e -> {
                if (e.getKey().equals("$ref")) {
                  out.add(e.getValue().asText());
                } else {
                  refs(e.getValue(), out);
                }
              });
    } else if (n.isArray()) {
      n.forEach(x -> refs(x, out));
    }
  }

  @Test
  void theDocumentShouldCoverEveryEndpointAndResolveEverySchema() {
    try (TesseraServer server =
        TesseraServer.start(
            TesseraServer.Options.defaults(dir.resolve("live.duckdb"))
                .withPort(0)
                .withKeys(Client.ADMIN, Client.WRITE))) {
      JsonNode doc = new Client(server.port()).get("/openapi.json", null).json();
      for (var e : server.endpoints()) {
        JsonNode path = doc.at("/paths").get(e.path());
        assertThat(path).as(e.path()).isNotNull();
        assertThat(path.has(e.method().toLowerCase(java.util.Locale.ROOT))).as(e.path()).isTrue();
      }
      List<String> refs = new ArrayList<>();
      refs(doc, refs);
      assertThat(refs).isNotEmpty();
      for (String ref : refs) {
        assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
      }
      JsonNode customer = doc.at("/components/schemas/Customer/properties");
      assertThat(customer.has("scores") && customer.has("live_scores")).isTrue();
      assertThat(doc.at("/components/schemas/BatchScores/properties").toString())
          .contains("churn", "lifetime_value", "next_purchase", "run_id", "scored_as_of");
      assertThat(doc.at("/components/schemas/Run/properties/status/description").asText())
          .contains("interrupted");
      JsonNode stream = doc.at("/paths/~1api~1v1~1changes~1stream/get");
      assertThat(stream.at("/responses/200/content").has("text/event-stream")).isTrue();
      assertThat(stream.get("security").toString()).contains("streamToken", "apiKey");
      assertThat(stream.get("parameters").toString()).contains("Last-Event-ID", "after");
      assertThat(doc.at("/paths/~1api~1v1~1runs/get/x-roles").toString())
          .isEqualTo("[\"admin\",\"analyst\"]");
    }
  }
}
