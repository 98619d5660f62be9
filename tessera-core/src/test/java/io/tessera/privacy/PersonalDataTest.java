package io.tessera.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, case 5: personal data is kept by allowlist, and contact details are found by key name
 * (a corpus of spellings) and by value anywhere (nested, arrays, URLs), then pseudonymised or
 * dropped.
 */
class PersonalDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "a-test-key-of-enough-length";
  private final Pseudonymizer p = new Pseudonymizer(KEY);
  private final PersonalData rule = PersonalData.of(null, null, new Pseudonymizer(KEY));

  private static ObjectNode json(String text) throws Exception {
    return (ObjectNode) JSON.readTree(text);
  }

  @Test
  void everySpellingOfAContactKeyShouldBeRecognised() {
    for (String k :
        List.of(
            "email",
            "Email",
            "EMAIL",
            "e-mail",
            "E_Mail",
            "eMail",
            "email_address",
            "emailAddress",
            "EmailAddress",
            "emails",
            "work email",
            "billing.email",
            "mail")) {
      assertThat(PersonalData.kindOfKey(k)).as(k).isEqualTo(PersonalData.Kind.EMAIL);
    }
    for (String k :
        List.of(
            "phone",
            "PHONE",
            "phone_number",
            "phoneNumber",
            "Phone-Number",
            "mobile",
            "Mobile",
            "mobile_phone",
            "mobileNumber",
            "tel",
            "telephone",
            "cell",
            "fax",
            "homePhone")) {
      assertThat(PersonalData.kindOfKey(k)).as(k).isEqualTo(PersonalData.Kind.PHONE);
    }
    for (String k :
        List.of(
            "first_name",
            "firstName",
            "FirstName",
            "FIRST_NAME",
            "last_name",
            "lastName",
            "full-name",
            "surname",
            "address",
            "Address",
            "shipping_address",
            "street",
            "zip",
            "postal_code",
            "birthday",
            "date_of_birth",
            "dob",
            "ip",
            "ipAddress")) {
      assertThat(PersonalData.kindOfKey(k)).as(k).isEqualTo(PersonalData.Kind.OTHER);
    }
    for (String k :
        List.of(
            "plan",
            "product_id",
            "campaign",
            "category",
            "price",
            "name",
            "description",
            "telemetry",
            "hotel",
            "skip",
            "session_id",
            "user_agent")) {
      assertThat(PersonalData.kindOfKey(k)).as(k).isNull();
    }
    assertThat(PersonalData.normaliseKey("First-Name")).isEqualTo("firstname");
    assertThat(PersonalData.normaliseKey("firstName")).isEqualTo("firstname");
    assertThat(PersonalData.normaliseKey("created_at")).isEqualTo("createdat");
  }

  @Test
  void contactValuesShouldBeRecognisedWhateverTheKeyAndOrdinaryValuesLeftAlone() {
    for (String v :
        List.of("alice@example.com", " Bob.Smith+tag@Mail.Example.co.kr ", "x_y@sub.domain.org")) {
      assertThat(PersonalData.kindOfValue(v)).as(v).isEqualTo(PersonalData.Kind.EMAIL);
    }
    for (String v :
        List.of(
            "+82 10-1234-5678",
            "+821012345678",
            "+1 (555) 123-4567",
            "010-1234-5678",
            "(555) 123-4567",
            "555.123.4567",
            "02 123 4567")) {
      assertThat(PersonalData.kindOfValue(v)).as(v).isEqualTo(PersonalData.Kind.PHONE);
    }
    for (String v :
        List.of(
            "C000123",
            "12345678",
            "2026-03-01",
            "2026-03-01T14:03:22Z",
            "19.99",
            "192.168.10.200",
            "P-1234",
            "o-live-1",
            "not @ an email",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")) {
      assertThat(PersonalData.kindOfValue(v)).as(v).isNull();
    }
  }

  @Test
  void traitsShouldKeepOnlyDeclaredFieldsAndNoRawContactDetailAnywhere() throws Exception {
    ObjectNode traits =
        json(
            """
            {"Email":"Alice@Example.com","EMAIL":"alice@example.com","email_address":"a2@example.com",
             "e-mail":"a3@example.com","phone_number":"+82 10-1111-2222","phoneNumber":"+821033334444",
             "mobile":"010-5555-6666","first_name":"Alice","last_name":"Kim","name":"Alice Kim",
             "company":{"name":"Acme","email":"boss@acme.example","employees":40},
             "emails":["a4@example.com","a5@example.com"],"plan":"gold","Plan_Tier":"x",
             "favorite_color":"blue","address":{"street":"1 Main St","city":"Seoul"},
             "emailVerified":true,"country":"KR","createdAt":"2026-01-02T00:00:00Z"}
            """);
    PersonalData r =
        PersonalData.of(
            List.of(
                "email",
                "EMAIL",
                "e-mail",
                "phone_number",
                "company",
                "plan",
                "country",
                "created_at",
                "email_verified",
                "emails",
                "mobile"),
            null,
            new Pseudonymizer(KEY));
    ObjectNode kept = r.traits(traits);
    String text = kept.toString();
    for (String raw :
        List.of(
            "lice@",
            "a2@",
            "a3@",
            "a4@",
            "a5@",
            "boss@",
            "1111-2222",
            "033334444",
            "5555-6666",
            "Alice",
            "Kim",
            "Main St",
            "blue")) {
      assertThat(text).as(raw).doesNotContain(raw);
    }
    // declared contact fields are kept as the pseudonym of the normalised value
    String alice = p.pseudonym("alice@example.com");
    assertThat(kept.get("Email").asText()).isEqualTo(alice);
    assertThat(kept.get("EMAIL").asText()).isEqualTo(alice);
    assertThat(kept.get("e-mail").asText()).isEqualTo(p.pseudonym("a3@example.com"));
    assertThat(kept.get("phone_number").asText()).isEqualTo(p.pseudonym("+821011112222"));
    assertThat(kept.get("mobile").asText()).isEqualTo(p.pseudonym("01055556666"));
    assertThat(kept.get("emails").get(1).asText()).isEqualTo(p.pseudonym("a5@example.com"));
    assertThat(kept.at("/company/email").asText()).isEqualTo(p.pseudonym("boss@acme.example"));
    assertThat(kept.at("/company/name").asText()).isEqualTo("Acme");
    assertThat(kept.at("/company/employees").asInt()).isEqualTo(40);
    assertThat(kept.get("emailVerified").asBoolean()).isTrue();
    // undeclared fields are gone, declared ones stay as sent
    assertThat(kept.has("email_address")).isFalse();
    assertThat(kept.has("favorite_color")).isFalse();
    assertThat(kept.has("first_name")).isFalse();
    assertThat(kept.has("address")).isFalse();
    assertThat(kept.get("plan").asText()).isEqualTo("gold");
    assertThat(kept.get("createdAt").asText()).isEqualTo("2026-01-02T00:00:00Z");
    // the input is not changed
    assertThat(traits.get("Email").asText()).isEqualTo("Alice@Example.com");
  }

  @Test
  void propertiesShouldLoseContactDetailsInUrlsTextsAndNestedProducts() throws Exception {
    ObjectNode props =
        json(
            """
            {"url":"https://shop.example/checkout?email=alice%40example.com&utm_source=news&Phone=%2B821012345678&e_mail=bob@example.com#ref=carol@example.com",
             "referrer":"https://mail.example/?to=dave%40example.com",
             "search":"contact eve@example.com or +82 10 9876 5432",
             "order_id":"o1","revenue":12.5,
             "products":[{"product_id":"p1","name":"Red shoes","contact":{"email":"x@y.example"}}],
             "note":"kept out: not declared","path":"/p/1"}
            """);
    ObjectNode kept = rule.properties(props);
    String text = kept.toString();
    for (String raw :
        List.of("alice", "bob@", "carol", "dave", "eve@", "9876 5432", "1012345678", "x@y")) {
      assertThat(text).as(raw).doesNotContain(raw);
    }
    assertThat(kept.get("url").asText())
        .startsWith("https://shop.example/checkout?email=h%3A")
        .contains("&utm_source=news&Phone=h%3A")
        .contains("#ref=h%3A");
    assertThat(kept.get("url").asText())
        .contains(
            java.net.URLEncoder.encode(
                p.pseudonym("alice@example.com"), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(kept.get("search").asText())
        .isEqualTo(
            "contact "
                + p.pseudonym("eve@example.com")
                + " or "
                + p.pseudonym(Pseudonymizer.normalisePhone("+82 10 9876 5432", null)));
    assertThat(kept.get("order_id").asText()).isEqualTo("o1");
    assertThat(kept.get("revenue").asDouble()).isEqualTo(12.5);
    assertThat(kept.at("/products/0/name").asText()).isEqualTo("Red shoes");
    assertThat(kept.at("/products/0/contact/email").asText()).isEqualTo(p.pseudonym("x@y.example"));
    assertThat(kept.get("path").asText()).isEqualTo("/p/1");
    assertThat(kept.has("note")).isFalse();
  }

  @Test
  void idsThatLookLikeContactDetailsShouldBecomeTheirPseudonym() {
    assertThat(rule.id("Alice@Example.com")).isEqualTo(p.pseudonym("alice@example.com"));
    assertThat(rule.id("+82 10-1234-5678")).isEqualTo(p.pseudonym("+821012345678"));
    assertThat(rule.id("010-1234-5678")).isEqualTo(p.pseudonym("01012345678"));
    for (String plain : List.of("C000123", "12345678", "u-42", "anon-7f3a", "2026-03-01")) {
      assertThat(rule.id(plain)).isEqualTo(plain);
    }
    // without a key such an id cannot be stored (the caller refuses it); with the rule off, kept
    PersonalData noKey = PersonalData.of(null, null, null);
    assertThat(noKey.id("alice@example.com")).isNull();
    assertThat(noKey.id("C000123")).isEqualTo("C000123");
    assertThat(PersonalData.allowlistOnly(null, null).id("alice@example.com"))
        .isEqualTo("alice@example.com");
  }

  @Test
  void withoutAKeyContactDetailsShouldBeDroppedOrRedacted() throws Exception {
    PersonalData noKey = PersonalData.of(null, null, null);
    ObjectNode kept =
        noKey.properties(
            json("{\"url\":\"/c?email=a%40b.example&x=1\",\"search\":\"mail a@b.example\"}"));
    assertThat(kept.get("url").asText()).isEqualTo("/c?email=%5Bredacted%5D&x=1");
    assertThat(kept.get("search").asText()).isEqualTo("mail [redacted]");
    ObjectNode traits = noKey.traits(json("{\"email\":\"a@b.example\",\"plan\":\"p\"}"));
    assertThat(traits.toString()).isEqualTo("{\"plan\":\"p\"}");
  }

  @Test
  void theBatchPathShouldApplyTheSameRuleToPropertiesTextAndAttributes() {
    String props =
        "{\"path\":\"/p/1?email=alice@example.com\",\"user_agent\":\"Mozilla/5.0\","
            + "\"first_name\":\"Al\",\"campaign\":\"c3\"}";
    assertThat(rule.propertiesText(props))
        .isEqualTo(
            "{\"path\":\"/p/1?email="
                + java.net.URLEncoder.encode(
                    p.pseudonym("alice@example.com"), java.nio.charset.StandardCharsets.UTF_8)
                + "\",\"user_agent\":\"Mozilla/5.0\",\"campaign\":\"c3\"}");
    assertThat(rule.propertiesText("{\"note\":\"x\"}")).isNull();
    assertThat(rule.propertiesText("not json, write to bob@example.com"))
        .isEqualTo("not json, write to " + p.pseudonym("bob@example.com"));
    Map<String, String> attributes =
        rule.attributes(
            Map.of(
                "email_address", "Bob@Example.com",
                "first_name", "Bob",
                "contract", "monthly",
                "referrer_contact", "carol@example.com",
                "score", "7"));
    assertThat(attributes)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "email_address",
                p.pseudonym("bob@example.com"),
                "contract",
                "monthly",
                "referrer_contact",
                p.pseudonym("carol@example.com"),
                "score",
                "7"));
    // "*" keeps every field, and the contact rule still applies
    PersonalData all = PersonalData.of(List.of("*"), List.of("*"), new Pseudonymizer(KEY));
    assertThat(all.propertiesText("{\"note\":\"x\",\"mail\":\"a@b.example\"}"))
        .isEqualTo("{\"note\":\"x\",\"mail\":\"" + p.pseudonym("a@b.example") + "\"}");
  }

  @Test
  void theTextPathShouldAgreeWithTheTreePathOnRandomProperties() throws Exception {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
    String[] keys = {"path", "url", "note", "Email", "category", "products", "mobile", "campaign"};
    String[] values = {
      "\"/p/1\"",
      "\"a@b.example\"",
      "\"/c?email=x%40y.example\"",
      "12",
      "true",
      "\"+82 10-1234-5678\"",
      "\"Books\"",
      "[{\"product_id\":\"p1\",\"tel\":\"010-1111-2222\"}]",
      "{\"first_name\":\"Al\",\"size\":\"M\"}",
      "null"
    };
    for (int n = 0; n < 500; n++) {
      StringBuilder text = new StringBuilder("{");
      int fields = rnd.nextInt(5);
      java.util.Set<String> used = new java.util.HashSet<>();
      for (int f = 0; f < fields; f++) {
        String k = keys[rnd.nextInt(keys.length)];
        if (!used.add(k)) {
          continue;
        }
        text.append(text.length() > 1 ? "," : "").append('"').append(k).append("\":");
        text.append(values[rnd.nextInt(values.length)]);
      }
      text.append('}');
      ObjectNode tree = rule.properties(json(text.toString()));
      String viaText = rule.propertiesText(text.toString());
      assertThat(viaText == null ? JSON.createObjectNode() : JSON.readTree(viaText))
          .as(text.toString())
          .isEqualTo(tree);
    }
  }
}
