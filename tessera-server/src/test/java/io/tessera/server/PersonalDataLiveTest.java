package io.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, case 5, live: identify traits, track and page properties and ids that hold contact
 * details reach neither the store nor the API in clear, whatever their spelling or nesting.
 */
class PersonalDataLiveTest {
  @TempDir Path dir;

  /** Raw values of the messages below; none may be stored or served. */
  private static final List<String> RAW =
      List.of(
          "Alice.Kim@Example.com",
          "alice.kim@example.com",
          "a2@example.com",
          "a3@example.com",
          "a4@example.com",
          "a5@example.com",
          "a6@example.com",
          "boss@acme.example",
          "1111-2222",
          "33334444",
          "5555-6666",
          "1234-5678",
          "10-9999-8888",
          "Alice",
          "Kim",
          "Main St",
          "blue",
          "carol%40example.com",
          "carol@example.com",
          "dave@example.com");

  static String identify() {
    return """
    {"messageId":"pd-1","userId":"Alice.Kim@Example.com","anonymousId":"anon-pd",
     "traits":{"Email":"Alice.Kim@Example.com","EMAIL":"a2@example.com",
      "email_address":"a3@example.com","e-mail":"a4@example.com",
      "phone_number":"+82 10-1111-2222","phoneNumber":"+821033334444","mobile":"010-5555-6666",
      "first_name":"Alice","last_name":"Kim","name":"Alice Kim",
      "company":{"name":"Acme","email":"boss@acme.example"},
      "emails":["a5@example.com","a6@example.com"],
      "address":{"street":"1 Main St"},"favorite_color":"blue","plan":"gold"}}
    """;
  }

  static String track(Instant at) {
    return """
    {"messageId":"pd-2","userId":"+82 10-1234-5678","event":"Product Viewed",
     "timestamp":"%s",
     "properties":{"product_id":"p1","contact":"carol@example.com",
      "url":"https://shop.example/p1?email=carol%%40example.com&ref=news",
      "buyer":{"Mobile":"+82 10-9999-8888"}}}
    """
        .formatted(at);
  }

  static String page(Instant at) {
    return """
    {"messageId":"pd-3","userId":"Alice.Kim@Example.com","timestamp":"%s",
     "properties":{"path":"/account","url":"https://shop.example/account#to=dave@example.com",
      "referrer":"https://mail.example/?from=carol%%40example.com"}}
    """
        .formatted(at);
  }

  @Test
  void aConfiguredKeyShouldGiveTheBatchRunsPseudonyms() throws Exception {
    String key = "the-batch-runs-key-0123456789";
    try (TesseraServer server =
        TesseraServer.start(
            TesseraServer.Options.defaults(dir.resolve("keyed.duckdb"))
                .withPort(0)
                .withKeys(Client.ADMIN, Client.WRITE)
                .withEngine(
                    io.tessera.server.live.LiveEngine.Options.defaults()
                        .withPrivacy(
                            io.tessera.privacy.PersonalData.of(
                                java.util.List.of("plan", "email"),
                                null,
                                new io.tessera.privacy.Pseudonymizer(key)))))) {
      Client client = new Client(server.port());
      assertThat(client.collect("identify", identify()).status()).isEqualTo(200);
      var p = new io.tessera.privacy.Pseudonymizer(key);
      String id = p.pseudonym("alice.kim@example.com");
      assertThat(server.engine().customerIds()).containsExactly(id);
      JsonNode traits = client.get("/api/v1/customers/" + id, Client.ADMIN).json().get("traits");
      // exactly the declared traits (any spelling of email): plan as sent, emails as pseudonyms
      List<String> names = new ArrayList<>();
      traits.fieldNames().forEachRemaining(names::add);
      assertThat(names).containsExactly("Email", "EMAIL", "e-mail", "plan");
      assertThat(traits.get("Email").asText()).isEqualTo(id);
      assertThat(traits.get("EMAIL").asText()).isEqualTo(p.pseudonym("a2@example.com"));
      assertThat(traits.get("plan").asText()).isEqualTo("gold");
    }
  }

  /** Every value of every table of the store, as text. */
  static String storeText(Path file) throws Exception {
    StringBuilder all = new StringBuilder();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet r =
          s.executeQuery(
              "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      for (String t : tables) {
        try (ResultSet r = s.executeQuery("SELECT t::VARCHAR FROM \"" + t + "\" t")) {
          while (r.next()) {
            all.append(t).append(": ").append(r.getString(1)).append('\n');
          }
        }
      }
    }
    return all.toString();
  }

  @Test
  void contactDetailsShouldReachNeitherTheStoreNorTheApiInClear() throws Exception {
    Path file = dir.resolve("live.duckdb");
    Instant now = Instant.now();
    try (TesseraServer server =
        TesseraServer.start(
            TesseraServer.Options.defaults(file)
                .withPort(0)
                .withKeys(Client.ADMIN, Client.WRITE))) {
      Client client = new Client(server.port());
      assertThat(client.collect("identify", identify()).status()).isEqualTo(200);
      assertThat(client.collect("track", track(now)).status()).isEqualTo(200);
      assertThat(client.collect("page", page(now)).status()).isEqualTo(200);

      List<String> ids = List.copyOf(server.engine().customerIds());
      assertThat(ids).hasSize(2);
      // the email id became a pseudonym, the same for identify and page
      assertThat(ids).allMatch(id -> id.matches("h:[0-9a-f]{32}"), "pseudonyms");
      JsonNode served = null;
      for (String id : ids) {
        JsonNode c = client.get("/api/v1/customers/" + id, Client.ADMIN).json();
        if (!c.path("traits").isEmpty()) {
          served = c;
        }
      }
      assertThat(served).as("the identified customer").isNotNull();
      JsonNode traits = served.get("traits");
      assertThat(traits.get("plan").asText()).isEqualTo("gold");
      // the default allowlist: of the traits sent, company and plan; company's email a pseudonym
      List<String> names = new ArrayList<>();
      traits.fieldNames().forEachRemaining(names::add);
      assertThat(names).containsExactly("company", "plan");
      assertThat(traits.at("/company/email").asText()).matches("h:[0-9a-f]{32}");
      assertThat(traits.at("/company/name").asText()).isEqualTo("Acme");
      assertThat(traits.has("favorite_color")).isFalse();
      assertThat(traits.has("first_name")).isFalse();
      for (String raw : RAW) {
        assertThat(served.toString()).as(raw).doesNotContain(raw);
      }
    }
    // a restart pseudonymises with the same key, kept in the store: the same customer again
    try (TesseraServer server =
        TesseraServer.start(
            TesseraServer.Options.defaults(file)
                .withPort(0)
                .withKeys(Client.ADMIN, Client.WRITE))) {
      Client client = new Client(server.port());
      assertThat(client.collect("page", page(now).replace("pd-3", "pd-4")).status()).isEqualTo(200);
      assertThat(server.engine().customerIds()).hasSize(2);
    }
    String stored = storeText(file);
    assertThat(stored).contains("gold", "p1", "/account", "ref=news");
    for (String raw : RAW) {
      assertThat(stored).as(raw).doesNotContain(raw);
    }
  }
}
