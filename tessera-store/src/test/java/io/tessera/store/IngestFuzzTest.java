package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tessera.contract.Source;
import io.tessera.ingest.DataHealth;
import io.tessera.ingest.Rejection;
import io.tessera.ingest.RowValidator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of the CSV reader and ingestion (Jazzer). Two kinds of target:
 *
 * <ul>
 *   <li>Row by row, without the store ({@link #fuzzedRowsShouldAllBeAccountedFor}): {@value #ROWS}
 *       rows built from each input go through the reader and the validator as ingestion sends them;
 *       no exception may escape, every row is accepted or quarantined, and the reader's rows cover
 *       every physical line of the file exactly once (blank lines and the header aside). It is
 *       fast, so it is the one that pushes 10^6 rows (see the README).
 *   <li>End to end, into a fresh DuckDB store (the other two): no exception but a ConfigException
 *       (a message for the user) escapes, {@code rows_read = rows_accepted + rows_quarantined}
 *       checked against the tables themselves, and rows_read is the reader's row count.
 * </ul>
 *
 * Under plain {@code mvnw verify} Jazzer replays the stored inputs in src/test/resources; with
 * {@code JAZZER_FUZZ=1} it fuzzes the one target named by {@code -Dtest}.
 */
class IngestFuzzTest {
  /** Rows per input of the structured target: 10,000 executions are 10^6 fuzzed rows. */
  static final int ROWS = 100;

  private static final AtomicLong INPUTS = new AtomicLong();
  private static final AtomicLong READ = new AtomicLong();
  private static final AtomicLong ACCEPTED = new AtomicLong();
  private static final AtomicLong QUARANTINED = new AtomicLong();
  private static final AtomicLong INGESTED = new AtomicLong();
  private static final AtomicLong REFUSED = new AtomicLong();

  @FuzzTest(maxDuration = "60s")
  void randomBytesUnderAValidHeaderShouldNeverEscapeAndEveryRowIsAccountedFor(
      FuzzedDataProvider data) throws IOException, SQLException {
    Source source = Source.values()[data.consumeInt(0, Source.values().length - 1)];
    byte[] body = data.consumeRemainingAsBytes();
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write((header(source) + "\n").getBytes(StandardCharsets.UTF_8));
    file.write(body);
    check(source, file.toByteArray());
  }

  /**
   * Rows built from the fuzzer's bytes, {@value #ROWS} per input: valid values for each column
   * mixed with quotes, quoted and bare line breaks, CRs, separators, bytes that are not UTF-8,
   * formula leaders, blank lines and long fields, so that both the accepted and the quarantined
   * paths are exercised. Read and validated row by row as ingestion does, without the store.
   */
  @FuzzTest(maxExecutions = 10_000, maxDuration = "2h")
  void fuzzedRowsShouldAllBeAccountedFor(FuzzedDataProvider data) throws IOException {
    Source source = Source.values()[data.consumeInt(0, Source.values().length - 1)];
    byte[] bytes = rows(source, data);
    Path file = Files.createTempFile("tessera-fuzz-", ".csv");
    try {
      Files.write(file, bytes);
      INPUTS.incrementAndGet();
      long[] counts = new long[3];
      everyLineCoveredOnce(file, bytes, source, counts);
      assertThat(counts[0]).isEqualTo(counts[1] + counts[2]);
      READ.addAndGet(counts[0]);
      ACCEPTED.addAndGet(counts[1]);
      QUARANTINED.addAndGet(counts[2]);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** The same rows, ingested into a store. */
  @FuzzTest(maxDuration = "60s")
  void fuzzedRowsIngestedShouldReconcile(FuzzedDataProvider data) throws IOException, SQLException {
    Source source = Source.values()[data.consumeInt(0, Source.values().length - 1)];
    check(source, rows(source, data));
  }

  /**
   * The fuzzer's choices while its bytes last, then a generator seeded from them: Jazzer's JUnit
   * mode kept inputs to a few bytes here ({@code lim: 4}), and every input should still give
   * {@value #ROWS} varied rows.
   */
  private static final class Choices {
    private final FuzzedDataProvider data;
    private final SplittableRandom rnd;

    Choices(FuzzedDataProvider data) {
      this.data = data;
      this.rnd = new SplittableRandom(data.remainingBytes() > 0 ? data.consumeInt() : 0);
    }

    int pick(int lo, int hi) {
      return data.remainingBytes() > 0 ? data.consumeInt(lo, hi) : rnd.nextInt(lo, hi + 1);
    }

    String string(int max) {
      if (data.remainingBytes() > 0) {
        return data.consumeString(max);
      }
      StringBuilder b = new StringBuilder();
      for (int i = rnd.nextInt(max + 1); i > 0; i--) {
        b.append((char) rnd.nextInt(0x20, 0x3000));
      }
      return b.toString();
    }

    byte[] bytes(int max) {
      if (data.remainingBytes() > 0) {
        return data.consumeBytes(max);
      }
      byte[] b = new byte[rnd.nextInt(max + 1)];
      rnd.nextBytes(b);
      return b;
    }
  }

  private static byte[] rows(Source source, FuzzedDataProvider fuzz) throws IOException {
    Choices data = new Choices(fuzz);
    List<String> columns = columns(source);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write((header(source) + "\n").getBytes(StandardCharsets.UTF_8));
    for (int r = 0; r < ROWS; r++) {
      int fields = columns.size() + (data.pick(0, 15) == 15 ? data.pick(-2, 2) : 0);
      for (int f = 0; f < fields; f++) {
        if (f > 0) {
          file.write(',');
        }
        String column = f < columns.size() ? columns.get(f) : "extra";
        field(file, column, r, data);
      }
      switch (data.pick(0, 20)) {
        case 18 -> file.write("\r\n".getBytes(StandardCharsets.UTF_8));
        case 19 -> file.write('\r');
        case 20 -> file.write("\n\n".getBytes(StandardCharsets.UTF_8));
        default -> file.write('\n');
      }
    }
    return file.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, String column, int row, Choices d)
      throws IOException {
    // one field in 30 is hostile, so about three rows in four are clean and both paths are busy;
    // the fuzzer's zero bytes give valid values
    int kind = d.pick(0, 29) < 29 ? 0 : d.pick(1, 12);
    switch (kind) {
      case 1 -> out.write('"'); // a quote that may never close
      case 2 ->
          out.write(("\"" + valid(column, row) + "\nmore\"").getBytes(StandardCharsets.UTF_8));
      case 3 -> out.write(("\"" + valid(column, row) + "\"x").getBytes(StandardCharsets.UTF_8));
      case 4 -> out.write(new byte[] {'c', (byte) 0xE9, 'X'}); // Latin-1, not UTF-8
      case 5 -> out.write(new byte[] {(byte) 0xC3}); // a cut UTF-8 sequence
      case 6 -> out.write(("=HYPERLINK(\"x\")").getBytes(StandardCharsets.UTF_8));
      case 7 -> out.write(d.string(40).getBytes(StandardCharsets.UTF_8));
      case 8 -> out.write(d.bytes(12));
      case 9 -> out.write("a\rb".getBytes(StandardCharsets.UTF_8));
      case 10 -> out.write("x".repeat(d.pick(0, 5_000)).getBytes(StandardCharsets.UTF_8));
      case 11 -> out.write("\"a\"\"b\"".getBytes(StandardCharsets.UTF_8));
      case 12 -> out.write(("\uFEFF" + valid(column, row)).getBytes(StandardCharsets.UTF_8));
      default -> out.write(valid(column, row).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A value the contract accepts for the column (ids unique per row, so few duplicates). */
  private static String valid(String column, int row) {
    if (column.endsWith("_id")) {
      return column.charAt(0) + Integer.toString(row);
    }
    if (column.endsWith("_at")) {
      return "2024-0" + (1 + row % 9) + "-1" + row % 10 + "T10:00:00Z";
    }
    return switch (column) {
      case "amount", "unit_price" -> Integer.toString(row % 50) + ".5";
      case "quantity", "rating" -> Integer.toString(1 + row % 5);
      case "birth_year" -> Integer.toString(1950 + row % 50);
      case "status" -> "completed";
      case "currency" -> "EUR";
      case "type" -> "page_view";
      case "channel" -> "email";
      case "kind" -> "inquiry";
      case "email" -> "a" + row + "@example.com";
      case "properties" -> "{}";
      default -> column.startsWith("consent_") ? "true" : "text " + row;
    };
  }

  private static List<String> columns(Source source) {
    List<String> columns = new ArrayList<>(source.requiredColumns());
    columns.addAll(source.optionalColumns());
    return columns;
  }

  private static String header(Source source) {
    return String.join(",", columns(source));
  }

  private static void check(Source source, byte[] bytes) throws IOException, SQLException {
    Path dir = Files.createTempDirectory("tessera-fuzz");
    try {
      Path file = dir.resolve(source.fileStem() + ".csv");
      Files.write(file, bytes);
      if (source != Source.ORDERS && source != Source.EVENTS) {
        Files.writeString(dir.resolve("orders.csv"), "order_id,customer_id,ordered_at,amount\n");
      }
      INGESTED.incrementAndGet();
      long rows = everyLineCoveredOnce(file, bytes, source, new long[3]);
      try (Store store = Store.inMemory()) {
        DataHealth health;
        try {
          health =
              Ingestor.ingest(
                      TesseraConfig.defaults(dir),
                      store,
                      IngestPropertyTest.settings(),
                      Ingestor.Progress.NONE)
                  .health();
        } catch (ConfigException e) {
          assertThat(e.getMessage()).isNotBlank();
          REFUSED.incrementAndGet();
          return;
        }
        DataHealth.SourceHealth s = health.sources().get(source.fileStem());
        long inTable = store.count("SELECT count(*) FROM " + source.fileStem());
        long inQuarantine =
            store.count(
                "SELECT count(*) FROM quarantine WHERE source = '" + source.fileStem() + "'");
        assertThat(s.rowsAccepted()).isEqualTo(inTable);
        assertThat(s.rowsQuarantined()).isEqualTo(inQuarantine);
        assertThat(s.rowsRead()).isEqualTo(inTable + inQuarantine).isEqualTo(rows);
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Reads the file with the CSV reader, checks that its rows, the blank lines and the header cover
   * each physical line (split at LF, CRLF or CR, counted here independently) exactly once, and
   * sends each row to the validator as ingestion does; counts rows read, accepted and quarantined
   * into {@code counts} and returns the rows read, or -1 when the reader refuses the file.
   */
  private static long everyLineCoveredOnce(Path file, byte[] bytes, Source source, long[] counts)
      throws IOException {
    List<Boolean> blank = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n' || bytes[i] == '\r') {
        if (i == bytes.length && start == i) {
          break;
        }
        blank.add(i == start);
        if (i < bytes.length && bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    int lines = blank.size();
    BitSet covered = new BitSet(lines + 1);
    CsvRowSource reader;
    try {
      reader = new CsvRowSource(file);
    } catch (ConfigException e) {
      assertThat(e.getMessage()).isNotBlank();
      return -1;
    }
    try (reader) {
      RowValidator validator =
          new RowValidator(source, reader.header(), IngestPropertyTest.settings());
      int headerLine = 0;
      while (headerLine < lines && blank.get(headerLine)) {
        headerLine++;
      }
      covered.set(1, Math.min(headerLine + 1, lines) + 1);
      while (reader.next()) {
        counts[0]++;
        assertThat(reader.lastLine()).isGreaterThanOrEqualTo(reader.line());
        for (long l = reader.line(); l <= reader.lastLine(); l++) {
          assertThat(covered.get((int) l)).as("line %d read twice", l).isFalse();
          covered.set((int) l);
        }
        if (Ingestor.readProblem(reader, reader.header().size()) != null) {
          counts[2]++;
          continue;
        }
        try {
          assertThat(validator.validate(reader.fields())).isNotNull();
          counts[1]++;
        } catch (Rejection r) {
          assertThat(r.reason()).isNotNull();
          counts[2]++;
        }
      }
    }
    for (int l = 1; l <= lines; l++) {
      assertThat(covered.get(l) || blank.get(l - 1)).as("line %d of %d lost", l, lines).isTrue();
    }
    return counts[0];
  }

  /** The figures of a fuzzing run, for the README: inputs, rows read, accepted, quarantined. */
  @AfterAll
  static void report() throws IOException {
    String figures =
        String.format(
            "row by row: %d inputs, rows read %d = accepted %d + quarantined %d; into the store:"
                + " %d inputs (%d refused with a message)%n",
            INPUTS.get(),
            READ.get(),
            ACCEPTED.get(),
            QUARANTINED.get(),
            INGESTED.get(),
            REFUSED.get());
    Path target = Path.of("target");
    if (Files.isDirectory(target)) {
      Files.writeString(target.resolve("fuzz-figures.txt"), figures);
    }
    System.out.print("IngestFuzzTest: " + figures);
  }
}
