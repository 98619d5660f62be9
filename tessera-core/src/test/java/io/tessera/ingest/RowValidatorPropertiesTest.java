package io.tessera.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.contract.Event;
import io.tessera.contract.Source;
import io.tessera.privacy.PersonalData;
import io.tessera.privacy.Pseudonymizer;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A validator remembers what the personal-data rule made of each properties text it has seen: the
 * stored text must be the rule's, the first time and every time after, kept, rewritten or dropped.
 */
class RowValidatorPropertiesTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  @Test
  void aPropertiesTextSeenAgainShouldBeStoredAsTheRuleMakesIt() throws Rejection {
    Pseudonymizer masker = new Pseudonymizer("a-key-long-enough-for-the-pseudonymizer-1234");
    PersonalData rule = PersonalData.of(Set.of(), Set.of("category", "campaign"), masker);
    IngestSettings settings =
        new IngestSettings(ZoneId.of("UTC"), NOW, "USD", Map.of(), masker, 60, rule);
    RowValidator v =
        new RowValidator(
            Source.EVENTS,
            List.of("event_id", "type", "occurred_at", "customer_id", "properties"),
            settings);
    List<String> texts =
        List.of(
            "{\"category\":\"fashion\"}", // kept as it is
            "{\"category\":\"fashion\",\"note\":\"x\"}", // an undeclared key: rewritten
            "{\"note\":\"write to ann@example.com\"}", // nothing declared left: dropped (null)
            "not json at all, call +44 20 7946 0958"); // scrubbed text
    List<String> expected = new ArrayList<>();
    for (String t : texts) {
      expected.add(rule.propertiesText(t));
    }
    assertThat(expected.get(0)).isEqualTo(texts.get(0));
    assertThat(expected.get(1)).isEqualTo("{\"category\":\"fashion\"}");
    assertThat(expected.get(2)).isNull();
    assertThat(expected.get(3)).isNotEqualTo(texts.get(3)).doesNotContain("7946");
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < texts.size(); i++) {
        Event e =
            (Event)
                v.validate(
                    new String[] {
                      "e" + round + i,
                      "page_view",
                      "2026-01-01T00:00:00Z",
                      "C1",
                      // a new string each row, as the reader makes them
                      new String(texts.get(i).toCharArray())
                    });
        assertThat(e.properties()).as("round %d, text %d", round, i).isEqualTo(expected.get(i));
      }
    }
  }
}
