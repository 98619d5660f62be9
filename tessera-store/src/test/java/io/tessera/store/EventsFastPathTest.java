package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.ingest.IngestSettings;
import io.tessera.privacy.Pseudonymizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The events file's fast path ({@link EventsFastPath}) must leave the store exactly as reading and
 * validating every row in Java does: the same rows and values in the same order in every table
 * (events, quarantine with its lines, reasons, details and masked raw values, flags), the same
 * data-health counts and the same inputs. Each file is ingested both ways and compared; the lines
 * added to a generated shop's events are those the fast path must not prove (each goes to Java) or
 * must prove with Java's values, and the files it must give back whole.
 */
class EventsFastPathTest {
  @TempDir Path tmp;

  private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");

  private static IngestSettings settings(boolean key) {
    return new IngestSettings(
        ZoneId.of("Asia/Seoul"),
        NOW,
        "EUR",
        Map.of(),
        key ? new Pseudonymizer("events-fast-path-test-key-0123") : null,
        60);
  }

  /** Lines after the generated header's columns (event_id,...,properties), each a case. */
  private static final List<String> HOSTILE =
      List.of(
          "X1,Page_View,2026-01-02T03:04:05Z,C1,,,,,",
          "X2,page_view,2026-01-02T03:04:05.123Z,C1,,,,,",
          "X3,page_view,2026-01-02T03:04:05+09:00,C1,,,,,",
          "X4,page_view,2026-01-02 03:04:05,C1,,,,,",
          "X5,page_view,2026-01-02,C1,,,,,",
          "X6,page_view,2026-01-02T03:04:05Z,,,,Some.One@Example.COM,,",
          "X7,page_view,2026-01-02T03:04:05Z,,,,not-an-email,,",
          "X8,page_view,2026-01-02T03:04:05Z,someone@example.com,,,,,",
          "X9,page_view,2026-01-02T03:04:05Z,+82 10-1234-5678,,,,,",
          "X10,page_view,2026-01-02T03:04:05Z,010-1234-5678,,,,,",
          "X11,page_view,2026-01-02T03:04:05Z,\" C1 \",,,,,",
          "X12, page_view ,2026-01-02T03:04:05Z,C1,,,,,",
          "X13,page_view,2026-01-02T03:04:05Z,C1,,,,,\"{\"\"email\"\":\"\"a@b.com\"\",\"\"category\"\":\"\"x\"\"}\"",
          "X14,page_view,2026-01-02T03:04:05Z,C1,,,,,\"{\"\"category\"\":\"\"caf\u00e9\"\"}\"",
          "X16,page_view,2026-01-02T03:04:05Z,C1,,,,,\"\"",
          "X17,page_view,2026-01-02T03:04:05Z,\\N,,,,,",
          "X18,page_view,2026-01-02T03:04:05Z,C1,,,,S1,{\"a\":1}",
          "X19,page_view,2026-01-02T03:04:05Z,C1,,,,,\"{}\"x",
          ",page_view,2026-01-02T03:04:05Z,C1,,,,,",
          "X21,page_view,1989-12-31T23:59:59Z,C1,,,,,",
          "X21b,page_view,1990-01-01T00:00:00Z,C1,,,,,",
          "X22,page_view,2099-01-01T00:00:00Z,C1,,,,,",
          "X22b,page_view,2026-12-08T06:00:00Z,C1,,,,,",
          "X22c,page_view,2026-12-08T06:00:01Z,C1,,,,,",
          "X23,page_view,2026-02-29T00:00:00Z,C1,,,,,",
          "X23b,page_view,2024-02-29T00:00:00Z,C1,,,,,",
          "X23c,page_view,2026-06-25T24:00:00Z,C1,,,,,",
          "X24,page_view,2026-01-02T03:04:05Z,,,,,,",
          "X25,page_view,2026-01-02T03:04:05Z,C1,,,,,,extra",
          "X26,page_view,2026-01-02T03:04:05Z,C1",
          "",
          "   ",
          "X29,page_view,2026-01-02T03:04:05Z,C" + "x".repeat(300) + ",,,,,",
          "X29b,page_view,2026-01-02T03:04:05Z,C" + "x".repeat(255) + ",,,,,",
          "X30,page_view,2026-01-02T03:04:05Z,C1,A1,D1,,S1,\"{\"\"user_agent\"\":\"\"Googlebot\"\"}\"",
          "X32,page\tview,2026-01-02T03:04:05Z,C1,,,,,",
          "X34,page_view,2026-01-02T03:04:05Z,\"C1\",,,,,",
          "X35,page_view,2026-01-02T03:04:05Z,C1,,,,,plain-text",
          "X36,page_view,2026-01-02T03:04:05Z,C1,,,,,\"a \"\"quoted\"\" text\"",
          "X37,page_view,2026-01-02T03:04:05Z,,A-anon,,,,\"{\"\"path\"\":\"\"/p?email=x%40y.com\"\"}\"",
          "X38,page_view,2026-01-02T03:04:05Z,,,D1,,,\"{\"\"phone\"\":\"\"+82 10 1234 5678\"\"}\"",
          "X39,page_view,2026-01-02T03:04:05Z,,,,\"a@b.com\",,",
          "X40,page_view,2026-01-02T03:04:05Z,C1,,,,\\N,",
          "X40b,page_view,2026-01-02T03:04:05Z,C1,,,,,\"\\N\"",
          "X41,page_view,2026-01-02T03:04:05Z,1C,,,,,",
          "X42,page_view,2026-01-02T03:04:05z,C1,,,,,",
          "X43,\"click\",2026-01-02T03:04:05Z,C1,,,,,",
          "X44,page_view,\"2026-01-02T03:04:05Z\",C1,,,,,",
          "X45,page_view,2026-01-02T03:04:05Z,C1,,,,,\"{\"\"Name\"\":\"\"x\"\",\"\"category\"\":\"\"y\"\"}\"",
          "X46,page_view,2026-01-02T03:04:05Z,C1,,,,,{}",
          "X47,page_view,2026-01-02T03:04:05Z,C1,,,,, {}");

  @Test
  void generatedShopWithHostileLinesShouldIngestAsRowByRow() throws Exception {
    for (boolean key : new boolean[] {true, false}) {
      Path dir = shop("shop-" + key);
      Path events = dir.resolve("events.csv");
      List<String> lines = new ArrayList<>(Files.readAllLines(events));
      String duplicate = lines.get(5).replaceFirst(",", ",dup_type_");
      int step = lines.size() / (HOSTILE.size() + 2);
      for (int i = HOSTILE.size() - 1; i >= 0; i--) {
        lines.add(1 + (i + 1) * step, HOSTILE.get(i));
      }
      lines.add(duplicate);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < lines.size(); i++) {
        out.writeBytes(lines.get(i).getBytes(StandardCharsets.UTF_8));
        out.writeBytes((i % 7 == 3 ? "\r\n" : "\n").getBytes(StandardCharsets.US_ASCII));
        if (i == lines.size() / 2) {
          // a line whose bytes are not UTF-8, and one with a lone surrogate's bytes
          out.writeBytes(
              "X50,page_view,2026-01-02T03:04:05Z,C\u00ff".getBytes(StandardCharsets.ISO_8859_1));
          out.writeBytes(",,,,,\n".getBytes(StandardCharsets.US_ASCII));
          out.writeBytes(
              new byte[] {'X', '5', '1', ',', 'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80});
          out.writeBytes(",2026-01-02T03:04:05Z,C1,,,,,\n".getBytes(StandardCharsets.US_ASCII));
        }
      }
      out.writeBytes("X99,last,2026-01-02T03:04:05Z,C1,,,,,".getBytes(StandardCharsets.US_ASCII));
      Files.write(events, out.toByteArray());
      String outcome = compare(dir, settings(key));
      assertThat(outcome).startsWith("proved ");
      long[] counts = numbers(outcome);
      // the generated rows are proven (but the shop's faults); the hostile ones mostly not
      assertThat(counts[0]).isGreaterThan(counts[1] * 9 / 10).isLessThan(counts[1] - 40);
    }
  }

  @Test
  void headerOrderCaseExtraAndMissingColumnsShouldIngestAsRowByRow() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("mapped"));
    StringBuilder csv =
        new StringBuilder("Type,note, OCCURRED_AT ,event_id,customer_id,Email,type\n");
    for (int i = 0; i < 500; i++) {
      String type = i % 11 == 0 ? "Purchase" : "page_view";
      String at = "2026-0" + (1 + i % 9) + "-1" + (i % 10) + "T0" + (i % 10) + ":00:00Z";
      if (i % 7 == 0) {
        at = at.replace("Z", ".5+09:00"); // validated in Java, stored in its own column
      }
      String email = i % 5 == 0 ? "U" + i + "@Shop.example" : i % 13 == 0 ? "bad@" : "";
      String id = i % 17 == 0 ? "" : "E" + (i % 450);
      csv.append(type)
          .append(',')
          .append(i % 3 == 0 ? "\"a, note\"" : "n" + i)
          .append(',')
          .append(at)
          .append(',')
          .append(id)
          .append(',')
          .append(i % 4 == 0 ? "" : i % 19 == 0 ? "c" + i + "@mail.example" : "C" + (i % 40))
          .append(',')
          .append(email)
          .append(",ignored\n");
    }
    Files.writeString(dir.resolve("events.csv"), csv);
    String outcome = compare(dir, settings(true));
    assertThat(outcome).startsWith("proved ");
    long[] counts = numbers(outcome);
    // the offset times and the emails as ids are validated in Java, the rest proven
    assertThat(counts[0]).isGreaterThan(counts[1] / 2).isLessThan(counts[1] - 60);
  }

  @Test
  void filesAReaderOfQuotedLineBreaksReadsDifferentlyShouldGoBackWhole() throws Exception {
    String[] cases = {
      "X1,page_view,2026-01-02T03:04:05Z,C1,,,,,\"{\"\"a\"\":\n\"\"b\"\"}\"\n",
      "X1,page_view,2026-01-02T03:04:05Z,C1,,,,,\"{\n",
      "X1,page_view,2026-01-02T03:04:05Z,C1,,,,,\rX2,page_view,2026-01-02T03:04:05Z,C1,,,,,\n"
    };
    for (int c = 0; c < cases.length; c++) {
      Path dir = shop("whole-" + c);
      Path events = dir.resolve("events.csv");
      List<String> lines = new ArrayList<>(Files.readAllLines(events));
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < lines.size(); i++) {
        text.append(lines.get(i)).append('\n');
        if (i == lines.size() - 40) {
          text.append(cases[c]);
        }
      }
      Files.writeString(events, text);
      assertThat(compare(dir, settings(true))).startsWith("abandoned: ");
    }
  }

  @Test
  void aFileMostlyNotProvenShouldGoBackWhole() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("offsets"));
    StringBuilder csv = new StringBuilder("event_id,type,occurred_at,customer_id\n");
    for (int i = 0; i < EventsFastPath.PROBE_ROWS + 10; i++) {
      csv.append('E')
          .append(i)
          .append(",page_view,2026-03-0")
          .append(1 + i % 9)
          .append(i % 3 == 0 ? "T10:00:00Z" : "T10:00:00+09:00")
          .append(",C")
          .append(i % 1000)
          .append('\n');
    }
    Files.writeString(dir.resolve("events.csv"), csv);
    assertThat(compare(dir, settings(true))).startsWith("abandoned: ");
  }

  private Path shop(String name) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    SyntheticShop.write(new GeneratorOptions(150, 200, 11, 0.03, LocalDate.of(2026, 12, 1)), dir);
    return dir;
  }

  /** Ingests the folder both ways and compares everything; returns the fast path's outcome. */
  private static String compare(Path dir, IngestSettings settings) throws Exception {
    String[] outcome = new String[1];
    try (Store fast = Store.inMemory();
        Store slow = Store.inMemory()) {
      TesseraConfig config = TesseraConfig.defaults(dir);
      Ingestor.Result f =
          Ingestor.ingest(config, fast, settings, Ingestor.Progress.NONE, x -> outcome[0] = x);
      Ingestor.Result s = Ingestor.ingest(config, slow, settings, Ingestor.Progress.NONE, null);
      assertThat(f.health()).isEqualTo(s.health());
      assertThat(f.inputs()).isEqualTo(s.inputs());
      for (String table : List.of("events", "quarantine", "flags", "customers", "orders")) {
        assertThat(rows(fast, table)).as(table).containsExactlyElementsOf(rows(slow, table));
      }
      assertThat(rows(slow, "events")).isNotEmpty();
    }
    assertThat(outcome[0]).isNotNull();
    return outcome[0];
  }

  private static List<String> rows(Store store, String table) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = store.connection().createStatement();
        ResultSet r = s.executeQuery("SELECT * FROM " + table + " ORDER BY rowid")) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(r.getString(i)).append('|');
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  private static long[] numbers(String outcome) {
    String[] w = outcome.split(" ");
    return new long[] {Long.parseLong(w[1]), Long.parseLong(w[3])};
  }
}
