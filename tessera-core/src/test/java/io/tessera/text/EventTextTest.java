package io.tessera.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileSettings;
import io.tessera.profile.TextSignal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class EventTextTest {
  private static final CustomerId ID = new CustomerId("C9");

  private static Event event(String properties) {
    return new Event(
        "e1",
        "review",
        Instant.parse("2026-06-01T10:00:00Z"),
        ID,
        null,
        null,
        null,
        null,
        properties);
  }

  @Test
  void shouldScoreTheTextOfALiveEventIntoTheProfile() {
    CustomerProfile p = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    live().addTo(p, event("{\"text\":\"Terrible, it arrived late and broken!\",\"rating\":1}"));
    LocalDate asOf = LocalDate.of(2026, 6, 30);
    assertThat(p.value(ProfileField.TEXTS, asOf)).isEqualTo(1);
    assertThat(p.value(ProfileField.TEXT_COMPLAINTS, asOf)).isEqualTo(1);
    assertThat(p.value(ProfileField.SENTIMENT_MEAN, asOf))
        .isEqualTo(vader().compound("Terrible, it arrived late and broken!"))
        .isLessThan(-0.5);
  }

  @Test
  void givenTheSameTextInBatch_thenTheSameSignal() {
    String text = "Great support, thank you";
    TextSignal s = live().signal(event("{\"comment\":\"" + text + "\"}"));
    TextScorer.Scored batch =
        new TextScorer(new TextTokens(), Lexicons.of(vader(), null), null).score(text);
    assertThat(s.sentiment()).isEqualTo(batch.sentiment());
    assertThat(s.complaint()).isEqualTo(batch.complaint().complaint());
  }

  @Test
  void shouldIgnoreEventsWithoutTextOrWithBadJson() {
    EventText live = EventText.lexiconOnly(Lexicons.NONE);
    assertThat(live.signal(event("{\"path\":\"/home\"}"))).isNull();
    assertThat(live.signal(event(null))).isNull();
    assertThat(live.signal(event("{\"text\": broken"))).isNull();
    assertThat(live.signal(event("{\"text\":\"  \"}"))).isNull();
  }

  /** The copy of VADER in the jar (the default of every run), so the test runs on any machine. */
  private static Vader vader() {
    return Vader.bundledCopy();
  }

  /** The live engine's scorer with VADER (skipped without it). */
  private static EventText live() {
    return EventText.lexiconOnly(Lexicons.of(vader(), null));
  }
}
