package io.tessera.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.contract.Customer;
import io.tessera.contract.Event;
import io.tessera.contract.Interaction;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.Review;
import io.tessera.contract.Source;
import io.tessera.ingest.DataHealth;
import io.tessera.ingest.IngestSettings;
import io.tessera.ingest.QuarantineReason;
import io.tessera.ingest.Rejection;
import io.tessera.ingest.RowValidator;
import io.tessera.privacy.Pseudonymizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.duckdb.DuckDBAppender;

/**
 * Ingests a run's sources into the store: every row read is either accepted into its canonical
 * table or quarantined with its line, raw values and reason, then the set-based checks run in SQL
 * (duplicate ids, bots, near-duplicate orders, sessions, unknown customers, orphan items). Bad rows
 * never stop a run; only a missing required source or an unreadable config does.
 */
public final class Ingestor {
  /** Receives the number of rows read so far per source, for a progress bar. */
  public interface Progress {
    void rows(String source, long rowsRead);

    Progress NONE = (s, n) -> {};
  }

  /**
   * What one source was read from.
   *
   * @param location the file path or "sql: <query>"
   * @param rows data rows read
   * @param sha256 the file's SHA-256, or null for a query
   */
  public record Input(String location, long rows, String sha256) {}

  /** The result of an ingestion. */
  public record Result(DataHealth health, Map<String, Input> inputs) {
    public Result {
      inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EXAMPLES = 5;

  private final TesseraConfig config;
  private final Store store;
  private final IngestSettings settings;
  private final Progress progress;
  private final Map<Source, long[]> read = new EnumMap<>(Source.class);
  private final Map<Source, Map<String, Long>> missing = new EnumMap<>(Source.class);
  private final Map<String, Input> inputs = new LinkedHashMap<>();

  /**
   * Told how a CSV file's {@link FastPath} went, per source ("proved N of M rows" or "abandoned:
   * why"); null when every row is read and validated in Java (tests compare both paths).
   */
  private final java.util.function.BiConsumer<Source, String> fastPath;

  private Ingestor(
      TesseraConfig config,
      Store store,
      IngestSettings settings,
      Progress progress,
      java.util.function.BiConsumer<Source, String> fastPath) {
    this.config = config;
    this.store = store;
    this.settings = settings;
    this.progress = progress;
    this.fastPath = fastPath;
  }

  /** Ingests every source the config names (or the contract files of its folder). */
  public static Result ingest(
      TesseraConfig config, Store store, IngestSettings settings, Progress progress) {
    return new Ingestor(config, store, settings, progress, (s, outcome) -> {}).run();
  }

  /** As above, with the CSV files' fast paths told their outcomes, or off when null. */
  static Result ingest(
      TesseraConfig config,
      Store store,
      IngestSettings settings,
      Progress progress,
      java.util.function.BiConsumer<Source, String> fastPath) {
    return new Ingestor(config, store, settings, progress, fastPath).run();
  }

  private Result run() {
    Map<Source, Object> located = locate();
    boolean csvOnly =
        located.values().stream()
            .allMatch(
                w ->
                    w instanceof Path p
                        && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"));
    try (BulkLoader loader = new BulkLoader(store, csvOnly)) {
      for (Map.Entry<Source, Object> e : located.entrySet()) {
        load(e.getKey(), e.getValue(), loader);
      }
      loader.await(); // every accepted row is in its table before the checks
      List<DataHealth.Finding> findings = new ArrayList<>();
      DataChecks checks = new DataChecks(store, read.keySet(), settings, config);
      checks.dedupe(findings);
      checks.flagChecks(findings);
      checks.consentDefault(findings);
      return new Result(health(located, findings), inputs);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the store failed: " + SqlRowSource.firstLine(e.getMessage()), e);
    }
  }

  /**
   * Each source's file or query; orders or events (or, in a config, customers) must be among them.
   */
  private Map<Source, Object> locate() {
    Map<Source, Object> found = new EnumMap<>(Source.class);
    for (Source s : Source.values()) {
      TesseraConfig.SourceSpec spec = config.sources().get(s);
      if (spec != null) {
        if (spec.file() != null && !Files.isRegularFile(spec.file())) {
          throw new ConfigException(
              "sources."
                  + s.fileStem()
                  + ".path: "
                  + spec.file()
                  + " does not exist; fix the path (relative paths resolve against "
                  + config.baseDir()
                  + ")");
        }
        found.put(s, spec.sql() != null ? spec.sql() : spec.file());
        continue;
      }
      if (!config.sources().isEmpty()) {
        continue;
      }
      List<Path> files = new ArrayList<>();
      for (String ext : List.of(".csv", ".parquet", ".jsonl", ".json")) {
        Path f = config.baseDir().resolve(s.fileStem() + ext);
        if (Files.isRegularFile(f)) {
          files.add(f);
        }
      }
      if (files.size() > 1) {
        // reading one and ignoring the other loses data silently; reading both would count an
        // export saved twice as duplicates: the user says which one is meant
        throw new ConfigException(
            config.baseDir()
                + " holds "
                + String.join(" and ", files.stream().map(f -> f.getFileName().toString()).toList())
                + ", two files for the "
                + s.fileStem()
                + " source; keep one (move the other out of the folder), or map the sources in"
                + " a tessera.yaml (sources."
                + s.fileStem()
                + ".path; a config with sources reads only the sources it names)");
      }
      if (!files.isEmpty()) {
        found.put(s, files.get(0));
      }
    }
    // A customers table alone is enough: its attribute columns can be segmented, and a label
    // column among them can train churn (e.g. a telco's customer file).
    if (!found.containsKey(Source.ORDERS)
        && !found.containsKey(Source.EVENTS)
        && !found.containsKey(Source.CUSTOMERS)) {
      throw new ConfigException(
          config.sources().isEmpty()
              ? "no customers, orders or events in "
                  + config.baseDir()
                  + ": put customers.csv, orders.csv or events.csv (or .parquet / .jsonl) there, or"
                  + " map them in a tessera.yaml under sources"
              : "the config maps none of orders, events or customers under sources; at least one"
                  + " of them is required");
    }
    return found;
  }

  private RowSource open(Source source, Object where) throws IOException {
    if (where instanceof String sql) {
      // relative file paths inside a config's SQL resolve against the config's folder
      try {
        store.execute(
            "SET file_search_path = '" + config.baseDir().toString().replace("'", "''") + "'");
      } catch (SQLException e) {
        throw new IOException("cannot set the file search path: " + e.getMessage(), e);
      }
      return new SqlRowSource(
          store.connection(),
          "SELECT * FROM (" + sql + ")",
          "sources." + source.fileStem() + ".sql");
    }
    Path file = (Path) where;
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return new CsvRowSource(file);
    }
    String reader = name.endsWith(".parquet") ? "read_parquet" : "read_json_auto";
    return new SqlRowSource(
        store.connection(),
        "SELECT * FROM "
            + reader
            + "('"
            + file.toAbsolutePath().toString().replace("'", "''")
            + "')",
        file.toString());
  }

  /** Rows handed to a worker at a time: large enough to amortise the hand-over. */
  static final int BATCH_ROWS = 4_096;

  /** One row as read: its line, fields, and the reader's problem with it (or null). */
  record Read(long line, String[] fields, RowSource.Problem problem) {}

  /** A quarantined row, its raw values already masked. */
  record Quarantined(long line, QuarantineReason reason, String detail, String raw) {}

  /** What a worker made of a batch: the accepted rows as CSV, the quarantined rows, the blanks. */
  record Done(byte[] csv, int accepted, List<Quarantined> quarantined, long[] missing) {}

  /**
   * Reads a source on this thread and validates, pseudonymises and formats its rows in batches on
   * the pool's threads (one validator each); the batches are written to the loader's chunks and the
   * quarantine in the order they were read, so the outcome is that of one thread row by row. The
   * loader copies full chunks into the table meanwhile ({@link BulkLoader}).
   */
  private void load(Source source, Object where, BulkLoader loader) throws SQLException {
    if (fastPath != null
        && FastPath.proof(source, settings) != null
        && where instanceof Path file
        && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
        && loadFast(source, file, loader)) {
      return;
    }
    long[] counter = new long[1];
    read.put(source, counter);
    Map<String, Long> missingByColumn = new TreeMap<>();
    missing.put(source, missingByColumn);
    List<String> contractColumns = FastPath.contractColumns(source);
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads, WORKER);
    Future<String> digest = where instanceof Path p ? pool.submit(() -> sha256(p)) : null;
    try (RowSource rows = open(source, where);
        BulkLoader.Table table = loader.table(source.fileStem());
        DuckDBAppender quarantine = store.connection().createAppender("quarantine")) {
      List<String> header = rows.header();
      validator(source, header, where); // a wrong header stops the run here, on this thread
      ThreadLocal<RowValidator> validators =
          ThreadLocal.withInitial(() -> new RowValidator(source, header, settings));
      int[] contractIndex = contractColumns.stream().mapToInt(c -> indexOf(header, c)).toArray();
      long[] missingCounts = new long[contractColumns.size()];
      ArrayDeque<Future<Done>> inFlight = new ArrayDeque<>();
      List<Read> batch = new ArrayList<>(BATCH_ROWS);
      while (rows.next()) {
        long n = ++counter[0];
        if ((n & 0xFFFF) == 0) {
          progress.rows(source.fileStem(), n);
        }
        batch.add(new Read(rows.line(), rows.fields(), readProblem(rows, header.size())));
        if (batch.size() == BATCH_ROWS) {
          List<Read> full = batch;
          inFlight.add(
              pool.submit(
                  () -> work(settings, source, full, header, contractIndex, validators.get())));
          batch = new ArrayList<>(BATCH_ROWS);
          while (inFlight.size() > 2 * threads) {
            drain(inFlight.poll(), table, quarantine, source, missingCounts);
          }
        }
      }
      if (!batch.isEmpty()) {
        List<Read> last = batch;
        inFlight.add(
            pool.submit(
                () -> work(settings, source, last, header, contractIndex, validators.get())));
      }
      while (!inFlight.isEmpty()) {
        drain(inFlight.poll(), table, quarantine, source, missingCounts);
      }
      progress.rows(source.fileStem(), counter[0]);
      // DuckDB's CSV reader loads the validated rows far faster than row-by-row appends
      // (measured: 100k-customer shop, 4.7M rows: appender 44 s, bulk load a few seconds)
      table.finish();
      for (int i = 0; i < contractColumns.size(); i++) {
        missingByColumn.put(contractColumns.get(i), missingCounts[i]);
      }
    } catch (IOException e) {
      throw new ConfigException(describe(where) + ": cannot be read: " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
    inputs.put(
        source.fileStem(),
        new Input(describe(where), counter[0], digest == null ? null : result(digest)));
  }

  /**
   * Loads a CSV file by its source's {@link FastPath}; false when the file must go the row-by-row
   * way instead (nothing of it is then left in the store).
   */
  private boolean loadFast(Source source, Path file, BulkLoader loader) throws SQLException {
    List<String> contractColumns = FastPath.contractColumns(source);
    ExecutorService pool = Executors.newSingleThreadExecutor(WORKER);
    Future<String> digest = pool.submit(() -> sha256(file));
    FastPath.Result result;
    try (CsvRowSource lines = new CsvRowSource(file)) {
      List<String> header = lines.header();
      RowValidator validator = validator(source, header, file);
      int[] contractIndex = contractColumns.stream().mapToInt(c -> indexOf(header, c)).toArray();
      result =
          FastPath.load(
              store,
              loader,
              settings,
              source,
              file,
              lines,
              validator,
              contractIndex,
              FastPath.proof(source, settings),
              progress,
              outcome -> fastPath.accept(source, outcome));
    } catch (IOException e) {
      throw new ConfigException(describe(file) + ": cannot be read: " + e.getMessage(), e);
    } finally {
      pool.shutdown();
    }
    if (result == null) {
      digest.cancel(true); // the row-by-row path reads the file and its digest again
      return false;
    }
    read.put(source, new long[] {result.rows()});
    Map<String, Long> missingByColumn = new TreeMap<>();
    for (int i = 0; i < contractColumns.size(); i++) {
      missingByColumn.put(contractColumns.get(i), result.missing()[i]);
    }
    missing.put(source, missingByColumn);
    inputs.put(source.fileStem(), new Input(describe(file), result.rows(), result(digest)));
    return true;
  }

  /** Daemon threads, so a failed run never waits for them. */
  private static final ThreadFactory WORKER =
      r -> {
        Thread t = new Thread(r, "tessera-ingest");
        t.setDaemon(true);
        return t;
      };

  /**
   * Validates a batch of rows: the CSV of those accepted, the quarantined ones, the blanks per
   * contract column (ingest's kernel, measured by {@code IngestKernelBench}).
   */
  static Done work(
      IngestSettings settings,
      Source source,
      List<Read> batch,
      List<String> header,
      int[] contractIndex,
      RowValidator v) {
    StringBuilder csv = new StringBuilder(batch.size() * 128);
    BulkWriter table = new BulkWriter(csv);
    List<Quarantined> quarantined = new ArrayList<>();
    long[] missingCounts = new long[contractIndex.length];
    Pseudonymizer masker = settings.pseudonymizer();
    for (Read r : batch) {
      String[] fields = r.fields();
      if (r.problem() != null) {
        quarantined.add(
            new Quarantined(
                r.line(),
                r.problem().reason(),
                r.problem().detail(),
                raw(settings, header, fields, masker)));
        continue;
      }
      for (int i = 0; i < contractIndex.length; i++) {
        int k = contractIndex[i];
        if (k < 0 || fields[k] == null || fields[k].isBlank()) {
          missingCounts[i]++;
        }
      }
      try {
        append(table, r.line(), v.validate(fields));
      } catch (Rejection e) {
        quarantined.add(
            new Quarantined(
                r.line(), e.reason(), e.getMessage(), raw(settings, header, fields, masker)));
      }
    }
    return new Done(
        csv.toString().getBytes(StandardCharsets.UTF_8), table.rows(), quarantined, missingCounts);
  }

  /** Writes a finished batch in read order. */
  private static void drain(
      Future<Done> next,
      BulkLoader.Table table,
      DuckDBAppender quarantine,
      Source source,
      long[] missingCounts)
      throws IOException, SQLException {
    Done d = result(next);
    table.write(d.csv());
    for (Quarantined q : d.quarantined()) {
      quarantine
          .beginRow()
          .append(source.fileStem())
          .append(q.line())
          .append(q.reason().wireName())
          .append(q.detail())
          .append(q.raw())
          .endRow();
    }
    for (int i = 0; i < missingCounts.length; i++) {
      missingCounts[i] += d.missing()[i];
    }
  }

  /** A worker's result; what it threw is rethrown as it was (a config error stays one). */
  private static <T> T result(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while ingesting", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("ingesting a batch failed: " + cause.getMessage(), cause);
    }
  }

  /** The validator of a source's rows, or a message naming the source when its header is wrong. */
  private RowValidator validator(Source source, List<String> header, Object where) {
    try {
      return new RowValidator(source, header, settings);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(describe(where) + ": " + e.getMessage());
    }
  }

  /**
   * Why the current row cannot go to the validator: the reader's problem (encoding, quoting,
   * length), else a field count other than the header's; null when it can.
   */
  static RowSource.Problem readProblem(RowSource rows, int headerSize) {
    RowSource.Problem problem = rows.problem();
    if (problem == null && rows.fields().length != headerSize) {
      problem =
          new RowSource.Problem(
              QuarantineReason.MALFORMED_ROW,
              "has " + rows.fields().length + " fields where the header has " + headerSize);
    }
    return problem;
  }

  static int indexOf(List<String> header, String column) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).strip().equalsIgnoreCase(column)) {
        return i;
      }
    }
    return -1;
  }

  private static String describe(Object where) {
    return where instanceof Path p
        ? p.toString()
        : "sql: " + ((String) where).strip().replaceAll("\\s+", " ");
  }

  /** A row's raw values as JSON, masked (see {@link #masked}). */
  static String raw(
      IngestSettings settings, List<String> header, String[] fields, Pseudonymizer masker) {
    ObjectNode raw = JSON.createObjectNode();
    for (int i = 0; i < fields.length; i++) {
      String name = i < header.size() ? header.get(i) : "_extra_" + (i - header.size() + 1);
      raw.put(name, masked(settings, name, fields[i], masker));
    }
    return raw.toString();
  }

  /**
   * Contact details never leave as raw text, not even from the quarantine: the email and phone
   * columns as their pseudonym (or redacted), every other value under core's personal-data rule.
   */
  private static String masked(
      IngestSettings settings, String column, String value, Pseudonymizer masker) {
    String c = column.strip().toLowerCase(Locale.ROOT);
    if (value == null || value.isBlank()) {
      return value;
    }
    if (!(c.equals("email") || c.equals("phone"))) {
      String kept = settings.personalData().value(column, value);
      return kept == null ? io.tessera.privacy.PersonalData.REDACTED : kept;
    }
    String normalised =
        c.equals("email")
            ? Pseudonymizer.normaliseEmail(value)
            : Pseudonymizer.normalisePhone(value, null);
    if (normalised == null || masker == null) {
      return "[redacted]";
    }
    return masker.pseudonym(normalised);
  }

  private static String lower(Enum<?> e) {
    return e == null ? null : e.name().toLowerCase(Locale.ROOT);
  }

  private static void append(BulkWriter w, long line, Object record) {
    w.begin(line);
    switch (record) {
      case Customer c -> {
        w.text(c.customerId().value()).text(c.emailPseudonym()).text(c.phonePseudonym());
        w.time(c.signupAt()).text(c.country()).text(c.region()).text(c.gender());
        w.number(c.birthYear()).bool(c.consent().analytics()).bool(c.consent().marketing());
        w.bool(c.consent().profiling()).text(AttributesJson.write(c.attributes()));
      }
      case Order o -> {
        w.text(o.orderId()).text(o.customerId().value()).time(o.orderedAt());
        w.number(o.amount().amount()).text(o.amount().currency()).text(o.status().wireName());
        w.text(o.channel()).text(AttributesJson.write(o.attributes()));
      }
      case OrderItem i ->
          w.text(i.orderId())
              .text(i.productId())
              .text(i.category())
              .number(i.quantity())
              .number(i.unitPrice());
      case Event e -> {
        w.text(e.eventId()).text(e.type()).time(e.occurredAt());
        w.text(e.customerId() == null ? null : e.customerId().value()).text(e.anonymousId());
        w.text(e.deviceId()).text(e.emailPseudonym()).text(e.sessionId()).text(e.properties());
        w.bool(false).text(null); // session_key: no longer filled, see Store
      }
      case Interaction i -> {
        w.text(i.interactionId()).text(i.customerId().value()).time(i.occurredAt());
        w.text(lower(i.channel())).text(lower(i.kind())).text(i.text());
      }
      case Review r -> {
        w.text(r.reviewId()).text(r.customerId().value()).time(r.createdAt());
        w.number(r.rating()).text(r.productId()).text(r.text());
      }
      default -> throw new IllegalArgumentException("not a contract record: " + record);
    }
    w.end();
  }

  // ------------------------------------------------------------------ set-based checks

  private DataHealth health(Map<Source, Object> located, List<DataHealth.Finding> findings)
      throws SQLException {
    Map<String, DataHealth.SourceHealth> sources = new LinkedHashMap<>();
    for (Source s : located.keySet()) {
      String t = s.fileStem();
      long accepted = store.count("SELECT count(*) FROM " + t);
      Map<String, Long> byReason = new TreeMap<>();
      Map<String, Long> flagged = new TreeMap<>();
      try (var st = store.connection().createStatement()) {
        try (var r =
            st.executeQuery(
                "SELECT reason, count(*) FROM quarantine WHERE source = '" + t + "' GROUP BY 1")) {
          while (r.next()) {
            byReason.put(r.getString(1), r.getLong(2));
          }
        }
        try (var r =
            st.executeQuery(
                "SELECT flag, count(*) FROM flags WHERE source = '" + t + "' GROUP BY 1")) {
          while (r.next()) {
            flagged.put(r.getString(1), r.getLong(2));
          }
        }
      }
      long quarantined = byReason.values().stream().mapToLong(Long::longValue).sum();
      sources.put(
          t,
          new DataHealth.SourceHealth(
              read.get(s)[0], accepted, quarantined, byReason, flagged, missing.get(s)));
    }
    return new DataHealth(DataHealth.FORMAT_VERSION, sources, findings);
  }

  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException | NoSuchAlgorithmException e) {
      return null;
    }
  }
}
