package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.ingest.DataHealth;
import io.tessera.ingest.IngestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot check reads a crawler user agent from the events' properties; it skips texts that cannot
 * hold a user_agent key, so a key spelled with a JSON escape must still be found.
 */
class BotCheckTest {
  @TempDir Path tmp;

  @Test
  void crawlerUserAgentsShouldBeFlaggedHoweverTheKeyIsSpelled() throws Exception {
    Files.write(
        tmp.resolve("events.csv"),
        List.of(
            "event_id,type,occurred_at,customer_id,properties",
            "e1,page_view,2026-03-01T10:00:00Z,c1,\"{\"\"user_agent\"\":\"\"Googlebot/2.1\"\"}\"",
            "e2,page_view,2026-03-01T10:00:00Z,c2,\"{\"\"user\\u005fagent\"\":\"\"HeadlessChrome\"\"}\"",
            "e3,page_view,2026-03-01T10:00:00Z,c3,\"{\"\"user_agent\"\":\"\"Mozilla/5.0\"\"}\"",
            "e4,page_view,2026-03-01T10:00:00Z,c4,\"{\"\"path\"\":\"\"/crawler-bot\"\"}\"",
            "e5,page_view,2026-03-01T10:00:00Z,c5,"));
    IngestSettings settings =
        new IngestSettings(
            ZoneId.of("UTC"), Instant.parse("2026-11-25T00:00:00Z"), "EUR", Map.of(), null, 60);
    try (Store store = Store.inMemory()) {
      DataHealth health =
          Ingestor.ingest(TesseraConfig.defaults(tmp), store, settings, Ingestor.Progress.NONE)
              .health();
      assertThat(health.sources().get("events").flagged()).containsEntry("bot", 2L);
      assertThat(store.longs("SELECT _line FROM events WHERE is_bot ORDER BY _line"))
          .containsExactly(2L, 3L);
    }
  }
}
