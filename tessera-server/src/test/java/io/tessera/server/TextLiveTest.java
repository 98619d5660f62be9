package io.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.privacy.PersonalData;
import io.tessera.server.live.LiveEngine;
import io.tessera.text.Lexicons;
import io.tessera.text.SentimentClassifier;
import io.tessera.text.TextTokens;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's text classifier in the live engine: the text of an event is scored by it at once (the
 * profile's sentiment fields move with that event), with the score the batch run would give the
 * same text, and a restart keeps the classifier and the text fields the events gave the profiles.
 */
class TextLiveTest {
  @TempDir Path dir;
  private TesseraServer server;
  private Client client;

  @BeforeEach
  void start() throws java.io.IOException {
    // a small lexicon in VADER's format, named as a user would (TESSERA_LEXICON_EN), so that the
    // texts have a lexicon score without a classifier and without ../shared
    Path vader = java.nio.file.Files.createDirectories(dir.resolve("vader"));
    java.nio.file.Files.write(
        vader.resolve("vader_lexicon.txt"),
        List.of("great\t3.1", "fast\t1.2", "broken\t-1.9", "terrible\t-2.5", "damaged\t-1.7"));
    server =
        TesseraServer.start(
            TesseraServer.Options.defaults(dir.resolve("live.duckdb"))
                .withPort(0)
                .withKeys(Client.ADMIN, Client.WRITE)
                .withEngine(
                    LiveEngine.Options.defaults()
                        .withPrivacy(PersonalData.allowlistOnly(null, List.of("text")))
                        .withLexicons(
                            Lexicons.load(
                                null, null, java.util.Map.of(Lexicons.ENV_EN, vader.toString())))));
    client = new Client(server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * A classifier trained on words no lexicon knows: "zorble" texts are negative, "quindle" ones
   * positive, so only the classifier can score them.
   */
  static SentimentClassifier classifier() {
    List<SentimentClassifier.Labelled> texts = new ArrayList<>();
    List<String> filler = List.of("the parcel", "this item", "my order", "it", "the box");
    for (int i = 0; i < 200; i++) {
      String f = filler.get(i % filler.size());
      texts.add(new SentimentClassifier.Labelled(f + " was zorble", 0));
      texts.add(new SentimentClassifier.Labelled(f + " was quindle", 1));
    }
    return SentimentClassifier.fit(texts, new TextTokens(), SentimentClassifier.Options.defaults())
        .withLabels("test labels");
  }

  private void review(String messageId, String user, String text) {
    Client.Response r =
        client.collect(
            "track",
            "{\"messageId\":\""
                + messageId
                + "\",\"userId\":\""
                + user
                + "\",\"event\":\"Review Written\",\"timestamp\":\""
                + Instant.now()
                + "\",\"properties\":{\"text\":\""
                + text
                + "\"}}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  @Test
  void givenARunsClassifier_whenAReviewArrives_thenItsScoreReachesTheProfileAtOnce()
      throws Exception {
    SentimentClassifier c = classifier();
    assertThat(server.engine().scoresTextWithClassifier()).isFalse();
    assertThat(server.engine().useTextClassifier(c.toJson().toString()).get()).isEqualTo(400);
    assertThat(server.engine().scoresTextWithClassifier()).isTrue();

    review("r-1", "ann", "my order was zorble");
    JsonNode p = client.get("/api/v1/customers/ann", Client.ADMIN).json().get("profile");
    assertThat(p.get("texts").asInt()).isEqualTo(1);
    double batch = c.score("my order was zorble");
    assertThat(batch).isLessThan(-0.5);
    assertThat(p.get("sentiment_mean").asDouble())
        .isCloseTo(batch, org.assertj.core.data.Offset.offset(1e-9));

    review("r-2", "ann", "the box was quindle");
    p = client.get("/api/v1/customers/ann", Client.ADMIN).json().get("profile");
    assertThat(p.get("texts").asInt()).isEqualTo(2);
    double mean = (batch + c.score("the box was quindle")) / 2;
    assertThat(p.get("sentiment_mean").asDouble())
        .isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-9));

    // the classifier is stored: a restart keeps it
    server.close();
    start();
    assertThat(server.engine().scoresTextWithClassifier()).isTrue();
  }

  private static final List<String> TEXT_FIELDS =
      List.of(
          "texts",
          "sentiment_mean",
          "sentiment_trend",
          "text_complaints",
          "text_complaint_share",
          "dominant_topic");

  private JsonNode textFields(String customer) {
    JsonNode p = client.get("/api/v1/customers/" + customer, Client.ADMIN).json().get("profile");
    com.fasterxml.jackson.databind.node.ObjectNode out =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    for (String f : TEXT_FIELDS) {
      assertThat(p.has(f)).as(f + " in " + p).isTrue();
      out.set(f, p.get(f));
    }
    return out;
  }

  /**
   * The live profiles are rebuilt from the store on a restart; the texts their events carried are
   * scored again (with the stored classifier when a run gave one, else the lexicons), so every text
   * field is what it was before the restart.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "classifier loaded: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
  void givenTextedEvents_whenTheServerRestarts_thenTheTextFieldsAreAsBefore(boolean classifier)
      throws Exception {
    SentimentClassifier c = classifier();
    if (classifier) {
      assertThat(server.engine().useTextClassifier(c.toJson().toString()).get()).isEqualTo(400);
    }
    review("r-1", "ann", "my order was zorble");
    review("r-2", "ann", "the box was quindle, great and fast");
    review("r-3", "bob", "the parcel was zorble, broken and damaged, I want a refund");
    review("r-4", "bob", "terrible: it arrived late and broken");
    JsonNode ann = textFields("ann");
    JsonNode bob = textFields("bob");
    assertThat(ann.get("texts").asInt()).isEqualTo(2);
    assertThat(bob.get("texts").asInt()).isEqualTo(2);
    assertThat(bob.get("text_complaints").asInt()).isEqualTo(2);
    assertThat(ann.get("sentiment_mean").isNumber()).isTrue();
    if (classifier) {
      double mean =
          (c.score("my order was zorble") + c.score("the box was quindle, great and fast")) / 2;
      assertThat(ann.get("sentiment_mean").asDouble())
          .isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-9));
    } else {
      // the lexicon's: "my order was zorble" has no rated word (0), "great and fast" is positive
      assertThat(ann.get("sentiment_mean").asDouble()).isGreaterThan(0.2);
    }

    server.close();
    start();
    assertThat(server.engine().scoresTextWithClassifier()).isEqualTo(classifier);
    assertThat(textFields("ann")).isEqualTo(ann);
    assertThat(textFields("bob")).isEqualTo(bob);
    // and a text after the restart is folded on top of the rebuilt ones
    review("r-5", "ann", "my order was zorble");
    assertThat(textFields("ann").get("texts").asInt()).isEqualTo(3);
  }

  @Test
  void shouldRefuseATextThatIsNoClassifierNamingTheKey() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> server.engine().useTextClassifier("{\"format_version\":1}"))
        .hasMessageContaining("hash_bits");
  }
}
