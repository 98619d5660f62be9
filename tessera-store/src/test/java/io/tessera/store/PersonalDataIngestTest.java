package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.ingest.IngestSettings;
import io.tessera.privacy.PersonalData;
import io.tessera.privacy.Pseudonymizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, case 5, batch: the events file's properties, the extra columns kept as attributes and
 * ids go through the same personal-data rule as the live engine's traits and properties.
 */
class PersonalDataIngestTest {
  @TempDir Path dir;
  private static final String KEY = "a-test-key-of-enough-length";

  @Test
  void contactDetailsInPropertiesAttributesAndIdsShouldNotBeStoredInClear() throws Exception {
    Files.writeString(
        dir.resolve("customers.csv"),
        """
        customer_id,email,country,contract,Email_Address,first_name,referrer
        Alice@Example.com,alice@example.com,KR,monthly,alice.work@example.com,Alice,bob@example.com
        c2,,KR,yearly,,,
        """);
    Files.writeString(
        dir.resolve("orders.csv"),
        """
        order_id,customer_id,ordered_at,amount,note
        o1,alice@example.com,2026-03-01,10,call +82 10-1234-5678
        o2,c2,2026-03-02,20,
        """);
    Files.writeString(
        dir.resolve("events.csv"),
        """
        event_id,type,occurred_at,customer_id,anonymous_id,properties
        e1,page_view,2026-03-01,c2,+82 10-2222-3333,"{""path"":""/p?email=carol%40example.com"",""first_name"":""Carol"",""secret_note"":""x"",""user_agent"":""Mozilla/5.0""}"
        e2,page_view,2026-03-01,c2,,"{""products"":[{""product_id"":""p1"",""email"":""dave@example.com""}]}"
        """);
    Pseudonymizer p = new Pseudonymizer(KEY);
    IngestSettings settings =
        new IngestSettings(
            ZoneId.of("UTC"),
            Instant.parse("2026-11-25T00:00:00Z"),
            "USD",
            Map.of(),
            p,
            60,
            PersonalData.of(null, null, p));
    StringBuilder all = new StringBuilder();
    try (Store store = Store.inMemory()) {
      var health =
          Ingestor.ingest(TesseraConfig.defaults(dir), store, settings, Ingestor.Progress.NONE)
              .health();
      assertThat(health.sources().get("events").rowsAccepted()).isEqualTo(2);
      assertThat(health.sources().get("orders").rowsAccepted()).isEqualTo(2);
      try (Statement s = store.connection().createStatement()) {
        for (String t : List.of("customers", "orders", "events", "quarantine")) {
          try (ResultSet r = s.executeQuery("SELECT x::VARCHAR FROM " + t + " x")) {
            while (r.next()) {
              all.append(t).append(": ").append(r.getString(1)).append('\n');
            }
          }
        }
        // the email id is the same pseudonym in both files, so the order is still the customer's
        String alice = p.pseudonym("alice@example.com");
        try (ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM orders o JOIN customers c USING (customer_id) WHERE"
                    + " customer_id = '"
                    + alice
                    + "'")) {
          r.next();
          assertThat(r.getLong(1)).isEqualTo(1);
        }
        try (ResultSet r =
            s.executeQuery("SELECT attributes FROM customers WHERE customer_id = 'c2'")) {
          r.next();
          assertThat(r.getString(1)).isEqualTo("{\"contract\":\"yearly\"}");
        }
        try (ResultSet r =
            s.executeQuery("SELECT anonymous_id, properties FROM events WHERE event_id = 'e1'")) {
          r.next();
          assertThat(r.getString(1)).isEqualTo(p.pseudonym("+821022223333"));
          assertThat(r.getString(2))
              .isEqualTo(
                  "{\"path\":\"/p?email=h%3A"
                      + p.pseudonym("carol@example.com").substring(2)
                      + "\",\"user_agent\":\"Mozilla/5.0\"}");
        }
      }
    }
    String stored = all.toString();
    assertThat(stored).contains("monthly", "Mozilla/5.0", "p1");
    for (String raw :
        List.of(
            "example.com", "Alice", "Carol", "1234-5678", "2222-3333", "secret_note", "carol%40")) {
      assertThat(stored).as(raw).doesNotContain(raw);
    }
  }
}
