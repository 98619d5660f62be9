package io.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The collect API against a real server on a random port over a real DuckDB file. */
class CollectApiTest {
  @RegisterExtension final LiveServer live = new LiveServer();

  static String track(
      String messageId, String userId, String anonymousId, String event, Instant at) {
    return "{\"messageId\":\""
        + messageId
        + "\","
        + (userId == null ? "" : "\"userId\":\"" + userId + "\",")
        + (anonymousId == null ? "" : "\"anonymousId\":\"" + anonymousId + "\",")
        + "\"event\":\""
        + event
        + "\",\"timestamp\":\""
        + at
        + "\",\"properties\":{\"product_id\":\"p1\"}}";
  }

  @Test
  void aRetriedMessageShouldBeStoredOnceAndAcknowledgedBothTimes() {
    Instant now = Instant.now();
    String body = track("m-1", "alice", null, "Product Viewed", now);
    Client.Response first = live.client().collect("track", body);
    Client.Response retry = live.client().collect("track", body);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().get("success").asBoolean()).isTrue();
    assertThat(first.json().get("accepted").asInt()).isEqualTo(1);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.json().get("duplicates").asInt()).isEqualTo(1);
    var customer = live.client().get("/api/v1/customers/alice", Client.ADMIN).json();
    assertThat(customer.at("/profile/events_product_view").asInt()).isEqualTo(1);
    assertThat(customer.at("/profile/events_total").asInt()).isEqualTo(1);
  }

  @Test
  void segmentEventNamesShouldMapOntoTheContractTypes() {
    Instant now = Instant.now();
    List<String> batch = new ArrayList<>();
    String[] names = {
      "Product Viewed",
      "Product Added",
      "Product Added",
      "Checkout Started",
      "Products Searched",
      "Signed In",
      "Wishlist Shared"
    };
    for (int i = 0; i < names.length; i++) {
      batch.add(
          track("b-" + i, "bob", null, names[i], now)
              .replace("{\"messageId\"", "{\"type\":\"track\",\"messageId\""));
    }
    batch.add(
        "{\"type\":\"page\",\"messageId\":\"b-page\",\"userId\":\"bob\",\"timestamp\":\""
            + now
            + "\",\"properties\":{\"url\":\"/\"}}");
    Client.Response r =
        live.client().collect("batch", "{\"batch\":[" + String.join(",", batch) + "]}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("accepted").asInt()).isEqualTo(8);
    var p = live.client().get("/api/v1/customers/bob", Client.ADMIN).json().get("profile");
    assertThat(p.get("events_product_view").asInt()).isEqualTo(1);
    assertThat(p.get("events_add_to_cart").asInt()).isEqualTo(2);
    assertThat(p.get("events_checkout_started").asInt()).isEqualTo(1);
    assertThat(p.get("events_search").asInt()).isEqualTo(1);
    assertThat(p.get("events_login").asInt()).isEqualTo(1);
    assertThat(p.get("events_custom").asInt()).isEqualTo(1);
    assertThat(p.get("events_page_view").asInt()).isEqualTo(1);
  }

  @Test
  void identifyShouldBringEarlierAnonymousEventsAndPurchasesIntoTheProfile() {
    Instant now = Instant.now();
    assertThat(
            live.client()
                .collect("track", track("a-1", null, "anon-7", "Product Added", now))
                .status())
        .isEqualTo(200);
    String order =
        "{\"messageId\":\"a-2\",\"anonymousId\":\"anon-7\",\"event\":\"Order"
            + " Completed\",\"timestamp\":\""
            + now
            + "\",\"properties\":{\"order_id\":\"o-1\",\"revenue\":42.5,\"products\":[{\"product_id\":\"p1\",\"category\":\"books\",\"quantity\":2,\"price\":21.25}]}}";
    assertThat(live.client().collect("track", order).status()).isEqualTo(200);
    assertThat(live.client().get("/api/v1/customers/carol", Client.ADMIN).status()).isEqualTo(404);

    Client.Response id =
        live.client()
            .collect(
                "identify",
                "{\"messageId\":\"a-3\",\"userId\":\"carol\",\"anonymousId\":\"anon-7\",\"traits\":{\"plan\":\"gold\",\"email\":\"carol@example.com\"}}");
    assertThat(id.status()).as(id.body()).isEqualTo(200);
    var c = live.client().get("/api/v1/customers/carol", Client.ADMIN).json();
    assertThat(c.at("/profile/events_add_to_cart").asInt()).isEqualTo(1);
    assertThat(c.at("/profile/frequency").asInt()).isEqualTo(1);
    assertThat(c.at("/profile/monetary").asDouble()).isEqualTo(42.5);
    assertThat(c.at("/profile/distinct_categories").asInt()).isEqualTo(1);
    assertThat(c.at("/traits/plan").asText()).isEqualTo("gold");
    assertThat(c.at("/traits").has("email")).as("contact details are not stored").isFalse();
    assertThat(c.at("/anonymous_ids/0").asText()).isEqualTo("anon-7");

    // later anonymous events of the linked device join the customer directly
    live.client().collect("track", track("a-4", null, "anon-7", "Product Viewed", now));
    assertThat(
            live.client()
                .get("/api/v1/customers/carol", Client.ADMIN)
                .json()
                .at("/profile/events_product_view")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  void invalidMessagesShouldBeRefusedWithJsonNamingTheField() {
    Client.Response noId = live.client().collect("track", "{\"event\":\"x\"}");
    assertThat(noId.status()).isEqualTo(400);
    assertThat(noId.json().get("code").asText()).isEqualTo("invalid_message");
    assertThat(noId.json().get("message").asText()).contains("userId or an anonymousId");

    Client.Response badTime =
        live.client()
            .collect(
                "batch",
                "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"x\",\"timestamp\":\"yesterday\"}]}");
    assertThat(badTime.status()).isEqualTo(400);
    assertThat(badTime.json().get("message").asText())
        .isEqualTo("batch[0].timestamp is not an ISO-8601 timestamp or date: 'yesterday'");
    assertThat(badTime.json().get("reason").asText()).isEqualTo("bad_timestamp");
    assertThat(badTime.json().get("field").asText()).isEqualTo("batch[0].timestamp");

    Client.Response badJson = live.client().collect("track", "{not json");
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.json().get("code").asText()).isEqualTo("invalid_json");
    assertThat(badJson.body()).doesNotContain("at io.").doesNotContain("Exception");

    Client.Response currency =
        live.client()
            .collect(
                "track",
                "{\"userId\":\"u\",\"event\":\"Order"
                    + " Completed\",\"properties\":{\"revenue\":5,\"currency\":\"EUR\"}}");
    assertThat(currency.status()).isEqualTo(400);
    assertThat(currency.json().get("message").asText()).contains("base currency is USD");
  }

  @Test
  void requestsWithoutAValidWriteKeyOrTooLargeShouldBeRefused() {
    Client.Response none =
        live.client().send("POST", "/v1/track", track("x", "u", null, "e", Instant.now()), null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().get("code").asText()).isEqualTo("unauthenticated");
    Client.Response wrong =
        live.client()
            .collect(
                "track",
                track("x", "u", null, "e", Instant.now()),
                "tsk_nope_0000000000000000000000");
    assertThat(wrong.status()).isEqualTo(401);

    String big =
        "{\"userId\":\"u\",\"event\":\"e\",\"properties\":{\"x\":\"" + "a".repeat(40_000) + "\"}}";
    Client.Response tooLarge = live.client().collect("track", big);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.json().get("code").asText()).isEqualTo("too_large");
  }

  @Test
  void unknownPathsAndTheOpenApiDocumentShouldAnswerJson() {
    Client.Response missing = live.client().get("/api/v1/nothing", Client.ADMIN);
    assertThat(missing.status()).as(missing.body()).isEqualTo(404);
    assertThat(missing.json()).as(missing.body()).isNotNull();
    assertThat(missing.json().get("code").asText()).isEqualTo("not_found");
    Client.Response doc = live.client().get("/openapi.json", null);
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.json().get("openapi").asText()).isEqualTo("3.1.0");
    assertThat(doc.json().at("/paths/~1v1~1batch/post/x-roles/0").asText()).isEqualTo("source");
    assertThat(doc.json().at("/paths/~1api~1v1~1rules/post/x-roles").toString())
        .contains("marketer");
    assertThat(live.client().get("/health", null).json().get("status").asText()).isEqualTo("ok");
  }
}
