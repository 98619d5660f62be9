package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.ingest.DataHealth;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading CSV files that are broken in ways a parser cannot simply skip (issue 13, cases 9, 10 and
 * 13): a bad record is quarantined and reading resumes at the next line it can read, every line of
 * the file is counted, and bytes that are not UTF-8 quarantine their row instead of being replaced.
 */
class CsvInputTest {
  @TempDir Path tmp;

  private static final String HEADER = "order_id,customer_id,ordered_at,amount,currency,status\n";

  private static String order(int i) {
    return "o" + i + ",c" + (i % 37) + ",2024-03-01T10:00:00Z," + (10 + i % 7) + ",EUR,completed\n";
  }

  record Ingested(DataHealth.SourceHealth health, List<Long> quarantinedLines, List<String> ids) {}

  private Ingested ingest(Path dir, String source) throws SQLException {
    try (Store store = Store.inMemory()) {
      DataHealth health =
          Ingestor.ingest(
                  TesseraConfig.defaults(dir),
                  store,
                  IngestPropertyTest.settings(),
                  Ingestor.Progress.NONE)
              .health();
      List<Long> lines =
          store.longs("SELECT line FROM quarantine WHERE source = '" + source + "' ORDER BY line");
      List<String> ids = new ArrayList<>();
      try (var s = store.connection().createStatement();
          var r =
              s.executeQuery(
                  "SELECT customer_id FROM "
                      + source
                      + " UNION SELECT customer_id FROM orders ORDER BY 1")) {
        while (r.next()) {
          ids.add(r.getString(1));
        }
      }
      return new Ingested(health.sources().get(source), lines, ids);
    }
  }

  private static long quarantined(DataHealth.SourceHealth h, String reason) {
    return h.quarantinedByReason().getOrDefault(reason, 0L);
  }

  @Test
  void anUnterminatedQuoteShouldQuarantineItsLineAndReadingShouldResumeAtTheNextLine()
      throws IOException, SQLException {
    // case 9: 599 rows under the header; line 10 opens a quote that never closes
    StringBuilder csv = new StringBuilder(HEADER);
    for (int i = 2; i <= 600; i++) {
      csv.append(i == 10 ? "o10,\"c10,2024-03-01T10:00:00Z,12,EUR,completed\n" : order(i));
    }
    Files.writeString(tmp.resolve("orders.csv"), csv);
    Ingested in = ingest(tmp, "orders");
    assertThat(in.health().rowsRead()).isEqualTo(599);
    assertThat(in.health().rowsAccepted()).isEqualTo(598);
    assertThat(quarantined(in.health(), "malformed_row")).isEqualTo(1);
    assertThat(in.quarantinedLines()).containsExactly(10L);
  }

  @Test
  void aTwentyMegabyteFieldShouldQuarantineItsLineAndKeepEveryLaterRow()
      throws IOException, SQLException {
    // case 9: a 20 MB field at line 12 used to drop every later row
    Path file = tmp.resolve("orders.csv");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write("order_id,customer_id,ordered_at,amount,currency,status,note\n".getBytes());
      for (int i = 2; i <= 40; i++) {
        String row = order(i).strip();
        out.write(row.getBytes(StandardCharsets.UTF_8));
        out.write(',');
        if (i == 12) {
          byte[] big = new byte[20 << 20];
          java.util.Arrays.fill(big, (byte) 'x');
          out.write(big);
        } else {
          out.write("ok".getBytes());
        }
        out.write('\n');
      }
    }
    Ingested in = ingest(tmp, "orders");
    assertThat(in.health().rowsRead()).isEqualTo(39);
    assertThat(in.health().rowsAccepted()).isEqualTo(38);
    assertThat(in.quarantinedLines()).containsExactly(12L);
    assertThat(quarantined(in.health(), "malformed_row")).isEqualTo(1);
  }

  @Test
  void bytesThatAreNotUtf8ShouldQuarantineTheRowAsBadEncodingInsteadOfMergingIds()
      throws IOException, SQLException {
    // case 10: c\xe9X and c\xe8X (Latin-1) were both read as c\uFFFDX, one customer
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(HEADER.getBytes(StandardCharsets.UTF_8));
    bytes.write(order(1).getBytes(StandardCharsets.UTF_8));
    bytes.write("o2,c\u00e9X,2024-03-01T10:00:00Z,10,EUR,completed\n".getBytes("ISO-8859-1"));
    bytes.write("o3,c\u00e8X,2024-03-01T10:00:00Z,11,EUR,completed\n".getBytes("ISO-8859-1"));
    bytes.write("o4,c\u00e9Y,2024-03-01T10:00:00Z,12,EUR,completed\n".getBytes("UTF-8"));
    Files.write(tmp.resolve("orders.csv"), bytes.toByteArray());
    Ingested in = ingest(tmp, "orders");
    assertThat(in.health().rowsRead()).isEqualTo(4);
    assertThat(in.health().rowsAccepted()).isEqualTo(2);
    assertThat(quarantined(in.health(), "bad_encoding")).isEqualTo(2);
    assertThat(in.quarantinedLines()).containsExactly(3L, 4L);
    assertThat(in.ids()).containsExactly("c1", "c\u00e9Y");
  }

  @Test
  void aQuotedLineBreakInAWellFormedRecordShouldStillBeOneRowStartingAtItsFirstLine()
      throws IOException, SQLException {
    Files.writeString(
        tmp.resolve("orders.csv"),
        "order_id,customer_id,ordered_at,amount,currency,status,note\n"
            + "o1,c1,2024-03-01,10,EUR,completed,\"first line\r\nsecond, with \"\"quotes\"\"\"\n"
            + "\n"
            + "o2,c2,2024-03-01,10,EUR,completed,plain\n"
            + "o3,c3,2024-03-01,10,EUR,completed,\"a\n"
            + "o4,c4,2024-03-01,10,EUR,completed,b\"\n"
            + "o5,c5,2024-03-01,10,EUR,completed,x,y\n"
            + "o6,c6,2024-03-01,10,EUR,completed,5\" monitor\n");
    try (Store store = Store.inMemory()) {
      DataHealth.SourceHealth h =
          Ingestor.ingest(
                  TesseraConfig.defaults(tmp),
                  store,
                  IngestPropertyTest.settings(),
                  Ingestor.Progress.NONE)
              .health()
              .sources()
              .get("orders");
      // o1 spans lines 2-3; line 4 is blank; o3's quoted note closes at the end of line 7 (o4's
      // line): a record of two lines with the header's field count is one row, as RFC 4180 reads
      // it; line 8 has a field too many
      assertThat(h.rowsRead()).isEqualTo(5);
      assertThat(store.longs("SELECT _line FROM orders ORDER BY _line"))
          .containsExactly(2L, 5L, 6L, 9L);
      assertThat(store.longs("SELECT line FROM quarantine")).containsExactly(8L);
      try (var s = store.connection().createStatement();
          var r =
              s.executeQuery(
                  "SELECT attributes->>'note' FROM orders WHERE order_id = 'o1' UNION ALL"
                      + " SELECT attributes->>'note' FROM orders WHERE order_id = 'o6'")) {
        r.next();
        assertThat(r.getString(1)).isEqualTo("first line\r\nsecond, with \"quotes\"");
        r.next();
        assertThat(r.getString(1)).isEqualTo("5\" monitor");
      }
    }
  }

  @Test
  void aQuoteThatClosesOnALaterLineIntoAMisshapenRecordShouldCostOnlyItsFirstLine()
      throws IOException, SQLException {
    // the open quote of line 3 would pair with the first quote of line 7, which is not followed
    // by a separator: the lines between are rows of their own, not one swallowed record
    Files.writeString(
        tmp.resolve("orders.csv"),
        HEADER
            + order(2)
            + "o3,\"c3,2024-03-01,10,EUR,completed\n"
            + order(4)
            + order(5)
            + order(6)
            + "o7,\"c7\",2024-03-01,10,EUR,completed\n"
            + order(8));
    Ingested in = ingest(tmp, "orders");
    assertThat(in.health().rowsRead()).isEqualTo(7);
    assertThat(in.health().rowsAccepted()).isEqualTo(6);
    assertThat(in.quarantinedLines()).containsExactly(3L);
  }

  @Test
  void twoFilesForOneSourceShouldBeRefusedNamingBoth() throws IOException {
    // case 13: orders.csv and orders.jsonl in one folder silently ignored the .jsonl
    Files.writeString(tmp.resolve("orders.csv"), HEADER + order(1));
    Files.writeString(
        tmp.resolve("orders.jsonl"),
        "{\"order_id\":\"o9\",\"customer_id\":\"c9\",\"ordered_at\":\"2024-03-01\",\"amount\":1}\n");
    try (Store store = Store.inMemory()) {
      assertThatThrownBy(
              () ->
                  Ingestor.ingest(
                      TesseraConfig.defaults(tmp),
                      store,
                      IngestPropertyTest.settings(),
                      Ingestor.Progress.NONE))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("orders.csv")
          .hasMessageContaining("orders.jsonl")
          .hasMessageContaining("keep one");
    }
  }

  @Test
  void aBinaryHeaderShouldBeRefusedWithoutEchoingItsBytes() throws IOException {
    // case 13: the message echoed 500 bytes of the header, terminal escape sequences included
    byte[] junk = new byte[500];
    for (int i = 0; i < junk.length; i++) {
      junk[i] = (byte) (i % 3 == 0 ? 0x1b : i % 3 == 1 ? '[' : 0x80 + i % 100);
    }
    byte[] file = new byte[junk.length + 1];
    System.arraycopy(junk, 0, file, 0, junk.length);
    file[junk.length] = '\n';
    Files.write(tmp.resolve("orders.csv"), file);
    assertBinaryHeaderRefused();
    // the same with valid UTF-8: escape sequences and other control characters, 500 bytes long
    String ansi = "\u001b[31mred\u001b[0m\u0007\u0008".repeat(40);
    Files.writeString(tmp.resolve("orders.csv"), ansi + "\n" + order(1));
    assertBinaryHeaderRefused();
  }

  private void assertBinaryHeaderRefused() {
    try (Store store = Store.inMemory()) {
      assertThatThrownBy(
              () ->
                  Ingestor.ingest(
                      TesseraConfig.defaults(tmp),
                      store,
                      IngestPropertyTest.settings(),
                      Ingestor.Progress.NONE))
          .isInstanceOf(ConfigException.class)
          .satisfies(
              e -> {
                String m = e.getMessage();
                assertThat(m).contains("orders.csv").contains("header");
                assertThat(m.chars().filter(c -> c < 0x20 || (c >= 0x7f && c < 0xa0))).isEmpty();
                assertThat(m.length()).isLessThan(400);
              });
    }
  }

  @Test
  void theConsentDefaultThatAppliedShouldBeReportedInDataHealth() throws IOException {
    // case 13: an empty consent_profiling counted as consent, and nothing said so
    Files.writeString(tmp.resolve("orders.csv"), HEADER + order(1) + order(2));
    Files.writeString(
        tmp.resolve("customers.csv"),
        "customer_id,consent_profiling\nc1,\nc2,true\nc3,\nc4,false\n");
    Map<String, DataHealth.Finding> allow = consentFinding(tmp.resolve("none.yaml"));
    assertThat(allow.get("consent_profiling_default").count()).isEqualTo(2);
    assertThat(allow.get("consent_profiling_default").action()).isEqualTo("reported");
    assertThat(allow.get("consent_profiling_default").detail()).contains("allow");
    assertThat(allow.get("consent_profiling_default").exampleLines()).containsExactly(2L, 4L);
    Files.writeString(
        tmp.resolve("tessera.yaml"),
        "currency: EUR\nprivacy: {pseudonymise: false}\nconsent: {default_profiling: deny}\n");
    Map<String, DataHealth.Finding> deny = consentFinding(tmp.resolve("tessera.yaml"));
    assertThat(deny.get("consent_profiling_default").action()).isEqualTo("excluded");
    assertThat(deny.get("consent_profiling_default").detail()).contains("deny");
  }

  @Test
  void anUnknownConsentDefaultShouldNameTheKeyAndTheAllowedValues() throws IOException {
    Path yaml = tmp.resolve("tessera.yaml");
    Files.writeString(yaml, "consent: {default_profiling: maybe}\n");
    assertThatThrownBy(() -> TesseraConfig.load(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("consent.default_profiling")
        .hasMessageContaining("allow")
        .hasMessageContaining("deny");
  }

  private Map<String, DataHealth.Finding> consentFinding(Path yaml) {
    TesseraConfig config =
        Files.isRegularFile(yaml) ? TesseraConfig.load(yaml) : TesseraConfig.defaults(tmp);
    try (Store store = Store.inMemory()) {
      DataHealth health =
          Ingestor.ingest(config, store, IngestPropertyTest.settings(), Ingestor.Progress.NONE)
              .health();
      Map<String, DataHealth.Finding> byCheck = new java.util.HashMap<>();
      health.checks().forEach(f -> byCheck.put(f.check(), f));
      return byCheck;
    }
  }

  @Test
  void aSemicolonOrTabSeparatedFileShouldBeReadByTheSeparatorItsHeaderUses()
      throws IOException, SQLException {
    // what spreadsheets save as "CSV" where the comma is the decimal mark, and a TSV export
    for (String sep : List.of(";", "\t")) {
      Path dir = Files.createDirectories(tmp.resolve(sep.equals(";") ? "semicolon" : "tab"));
      StringBuilder csv = new StringBuilder("\uFEFF" + HEADER.replace(",", sep));
      for (int i = 2; i <= 50; i++) {
        csv.append(order(i).replace(",", sep));
      }
      // a quoted field holding the separator stays one field
      csv.append("o51" + sep + "\"c5" + sep + "1\"" + sep + "2024-03-01T10:00:00Z" + sep + "9");
      csv.append(sep + "EUR" + sep + "completed\n");
      Files.writeString(dir.resolve("orders.csv"), csv);
      Ingested in = ingest(dir, "orders");
      assertThat(in.health().rowsRead()).as(sep).isEqualTo(50);
      assertThat(in.health().rowsAccepted()).as(sep).isEqualTo(50);
      assertThat(in.ids()).as(sep).contains("c5" + sep + "1", "c2", "c36");
    }
    assertThat(CsvRowSource.separator("order_id;note,with comma")).isEqualTo(',');
  }
}
