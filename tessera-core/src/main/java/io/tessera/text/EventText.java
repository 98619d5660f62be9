package io.tessera.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.contract.Event;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.TextSignal;
import java.util.List;

/**
 * Scores the text that arrives with a live event (a review or a ticket sent through the collect
 * API) and folds its signal into the customer's profile at once, with the same {@link TextScorer}
 * and {@link io.tessera.profile.TextStats} the batch run uses.
 *
 * <p>The text is the first non-blank string among the event's properties {@value #KEYS_TEXT}. The
 * live engine stores only the properties {@code privacy.keep_properties} allows, so {@code text}
 * must be kept there for the engine to see it. A live text has no topic (topics are fitted by the
 * batch run).
 */
public final class EventText {
  static final String KEYS_TEXT = "text, review_text, comment, message";
  private static final List<String> KEYS = List.of("text", "review_text", "comment", "message");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TextScorer scorer;

  /** The property keys whose first non-blank string value is an event's text, in that order. */
  public static List<String> keys() {
    return KEYS;
  }

  public EventText(TextScorer scorer) {
    this.scorer = scorer;
  }

  /**
   * A scorer with a batch run's trained classifier (and {@code lexicons} for the lexicon score
   * beside it), the same scores the run gave its texts.
   */
  public static EventText of(SentimentClassifier classifier, Lexicons lexicons) {
    return new EventText(new TextScorer(classifier.tokens(), lexicons, classifier));
  }

  /** Whether this scorer uses a trained classifier. */
  public boolean hasClassifier() {
    return scorer.hasClassifier();
  }

  /** The score of one text, as {@link #signal} computes it. */
  public TextScorer.Scored score(String text) {
    return scorer.score(text);
  }

  /** A scorer with {@code lexicons} only (no classifier). */
  public static EventText lexiconOnly(Lexicons lexicons) {
    return new EventText(new TextScorer(new TextTokens(), lexicons, null));
  }

  /** The signal of {@code event}'s text, or null when it has no customer or no text. */
  public TextSignal signal(Event event) {
    String props = event.properties();
    if (event.customerId() == null || props == null || !mentionsKey(props)) {
      return null;
    }
    JsonNode node;
    try {
      node = JSON.readTree(props);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
    for (String k : KEYS) {
      JsonNode t = node.path(k);
      if (t.isTextual() && !t.asText().isBlank()) {
        TextScorer.Scored s = scorer.score(t.asText());
        return new TextSignal(
            event.customerId(), event.occurredAt(), s.sentiment(), s.complaint().complaint(), -1);
      }
    }
    return null;
  }

  /** Folds {@code event}'s text signal, if any, into {@code profile}. */
  public void addTo(CustomerProfile profile, Event event) {
    TextSignal s = signal(event);
    if (s != null) {
      profile.add(s);
    }
  }

  private static boolean mentionsKey(String props) {
    for (String k : KEYS) {
      if (props.contains("\"" + k + "\"")) {
        return true;
      }
    }
    return false;
  }
}
