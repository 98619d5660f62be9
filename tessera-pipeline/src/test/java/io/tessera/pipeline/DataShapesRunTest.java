package io.tessera.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.pipeline.outputs.Skipped;
import io.tessera.report.Lang;
import io.tessera.segment.rfm.RfmGroup;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 16 part 3: every data shape a user may bring runs `tessera run` end to end, with a report
 * and every output file; a stage with nothing to work on says why in manifest.json, segments.json
 * and the report, and every customer of a shop with orders or events is in exactly one RFM group.
 * The shapes are cut from one small generated shop (300 customers), run without a pseudonym key (so
 * the key file is made, part 2).
 */
@Tag("slow")
class DataShapesRunTest {
  @TempDir static Path tmp;
  static Path shop;

  /** The contract's required columns per file; the rest are optional. */
  static final Map<String, List<String>> REQUIRED =
      Map.of(
          "customers", List.of("customer_id"),
          "orders", List.of("order_id", "customer_id", "ordered_at", "amount"),
          "order_items", List.of("order_id", "product_id"),
          // an event needs one identifier besides its required columns
          "events", List.of("event_id", "type", "occurred_at", "customer_id"),
          "interactions", List.of("interaction_id", "customer_id", "occurred_at"),
          "reviews", List.of("review_id", "customer_id", "created_at"));

  static final List<String> SIX =
      List.of("customers", "orders", "order_items", "events", "interactions", "reviews");

  enum Shape {
    CUSTOMERS_ONLY,
    CUSTOMERS_WITH_LABEL,
    ORDERS_ONLY,
    EVENTS_ONLY,
    ALL_SIX_FILES,
    REQUIRED_COLUMNS_ONLY,
    OPTIONAL_COLUMNS_EMPTY
  }

  @BeforeAll
  static void generate() throws IOException {
    shop = tmp.resolve("shop");
    SyntheticShop.write(new GeneratorOptions(300, 365, 5L, 0.0, null), shop);
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void everyShapeShouldRunEndToEndWithAReportAndEveryOutputFile(Shape shape) throws IOException {
    Path data = tmp.resolve("data-" + shape);
    Path out = tmp.resolve("out-" + shape);
    boolean activity = write(shape, data);
    StringWriter console = new StringWriter();
    int rc =
        TestRuns.execute(
            TesseraConfig.forDataDir(data),
            out,
            null,
            Map.of(), // no pseudonym key anywhere: the run makes one
            new PrintWriter(console),
            false,
            List.of("tessera", "run"),
            Map.of(),
            Lang.EN);
    assertThat(rc).as(console.toString()).isZero();
    for (String file :
        List.of(
            "report.html",
            "customers.csv",
            "excluded_customers.csv",
            "segments.json",
            "data_health.json",
            "manifest.json",
            "tessera.duckdb",
            "models/rfm.json",
            "models/clv.json",
            "models/clustering.json",
            "models/churn.json")) {
      assertThat(out.resolve(file)).as(shape + ": " + file).isNotEmptyFile();
    }
    assertThat(out.resolve("quarantine")).isDirectory();
    Path key = out.resolve("tessera.duckdb.pseudonym-key");
    assertThat(key).isNotEmptyFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(console.toString()).contains("pseudonym key: none was set", key.toString());

    ObjectMapper json = new ObjectMapper();
    JsonNode manifest = json.readTree(out.resolve("manifest.json").toFile());
    JsonNode segments = json.readTree(out.resolve("segments.json").toFile());
    JsonNode report = reportData(out.resolve("report.html"));
    // the decided as-of date (the generated shop's tessera.yaml sets one), the one every stage
    // used, and where it came from (ManifestAsOfTest: dates decided from the data)
    assertThat(manifest.at("/config/as_of_source").asText()).isEqualTo("config");
    assertThat(manifest.at("/config/as_of").asText())
        .as(shape.name())
        .isEqualTo(TesseraConfig.forDataDir(data).asOf().toString())
        .isEqualTo(json.readTree(out.resolve("models/churn.json").toFile()).path("as_of").asText());
    Set<String> skipped = new HashSet<>();
    manifest.path("skipped").forEach(s -> skipped.add(s.path("stage").asText()));
    Set<String> reported = new HashSet<>();
    report.path("skipped").forEach(s -> reported.add(s.path("stage").asText()));
    assertThat(reported).isEqualTo(skipped);
    for (JsonNode s : manifest.path("skipped")) {
      assertThat(s.path("reason").asText()).isNotBlank();
      JsonNode model = json.readTree(modelFile(out, s.path("stage").asText()).toFile());
      assertThat(model.path("status").asText()).as(s.toString()).isNotEqualTo("fitted");
    }
    Set<String> segmentSkips = new HashSet<>();
    segments.path("skipped").forEach(s -> segmentSkips.add(s.path("stage").asText()));
    Set<String> expectedSegmentSkips = new HashSet<>(skipped);
    expectedSegmentSkips.retainAll(Skipped.SEGMENTING);
    assertThat(segmentSkips).isEqualTo(expectedSegmentSkips);

    List<String[]> rows = CsvFiles.rows(out.resolve("customers.csv"));
    assertThat(rows).isNotEmpty();
    switch (shape) {
      case CUSTOMERS_ONLY, CUSTOMERS_WITH_LABEL -> {
        // no behaviour: every customer looks the same, so nothing is clustered or grouped
        assertThat(skipped).contains("rfm", "clv", "clustering");
        assertThat(json.readTree(out.resolve("models/clustering.json").toFile()).path("reason"))
            .asString()
            .contains("same recency_days, frequency, monetary");
        assertThat(segments.path("segments")).isEmpty();
        assertThat(rows).allSatisfy(r -> assertThat(r[7]).isEmpty());
      }
      default -> assertThat(skipped).doesNotContain("rfm", "clustering");
    }
    if (shape == Shape.CUSTOMERS_WITH_LABEL) {
      assertThat(skipped).doesNotContain("churn");
      assertThat(report.path("predictions").path("churn").path("model").asText()).isNotBlank();
    }
    if (activity) {
      everyCustomerShouldBeInExactlyOneRfmGroup(rows, segments);
    }
  }

  /** Each customers.csv row names one of the ten groups, and the groups' sizes add up to them. */
  private static void everyCustomerShouldBeInExactlyOneRfmGroup(
      List<String[]> rows, JsonNode segments) {
    Set<String> ids = new HashSet<>();
    for (RfmGroup g : RfmGroup.values()) {
      ids.add(g.id());
    }
    Map<String, Integer> counted = new HashMap<>();
    for (String[] r : rows) {
      assertThat(r[7]).as("rfm_segment of " + r[0]).isIn(ids);
      counted.merge("rfm:" + r[7], 1, Integer::sum);
    }
    Map<String, Integer> sizes = new HashMap<>();
    for (JsonNode s : segments.path("segments")) {
      if (s.path("kind").asText().equals("rfm")) {
        sizes.put(s.path("id").asText(), s.path("size").asInt());
      }
    }
    assertThat(sizes).isEqualTo(counted);
  }

  private static Path modelFile(Path out, String stage) {
    return out.resolve("models")
        .resolve(stage.equals("clustering") ? "clustering.json" : stage + ".json");
  }

  /** The report's embedded data (the model the charts are drawn from). */
  static JsonNode reportData(Path html) throws IOException {
    Matcher m =
        Pattern.compile(
                "<script type=\"application/json\" id=\"tessera-data\">(.*?)</script>",
                Pattern.DOTALL)
            .matcher(Files.readString(html));
    assertThat(m.find()).isTrue();
    return new ObjectMapper().readTree(m.group(1));
  }

  /** Writes a shape's files; returns whether it has orders or events. */
  private static boolean write(Shape shape, Path data) throws IOException {
    Files.createDirectories(data);
    Files.copy(shop.resolve("currency_rates.csv"), data.resolve("currency_rates.csv"));
    String yaml = Files.readString(shop.resolve("tessera.yaml"));
    switch (shape) {
      case CUSTOMERS_ONLY -> copy("customers", data, Columns.ALL);
      case CUSTOMERS_WITH_LABEL -> {
        withLabel(data);
        yaml += "\nchurn:\n  label_column: churned\n  positive: \"yes\"\n";
      }
      case ORDERS_ONLY -> copy("orders", data, Columns.ALL);
      case EVENTS_ONLY -> copy("events", data, Columns.ALL);
      case ALL_SIX_FILES -> {
        for (String f : SIX) {
          copy(f, data, Columns.ALL);
        }
      }
      case REQUIRED_COLUMNS_ONLY -> {
        for (String f : SIX) {
          copy(f, data, Columns.REQUIRED);
        }
      }
      case OPTIONAL_COLUMNS_EMPTY -> {
        for (String f : SIX) {
          copy(f, data, Columns.OPTIONAL_EMPTY);
        }
      }
    }
    Files.writeString(data.resolve("tessera.yaml"), yaml);
    return shape != Shape.CUSTOMERS_ONLY && shape != Shape.CUSTOMERS_WITH_LABEL;
  }

  enum Columns {
    ALL,
    REQUIRED,
    OPTIONAL_EMPTY
  }

  private static void copy(String file, Path to, Columns columns) throws IOException {
    List<String[]> rows = read(shop.resolve(file + ".csv"));
    String[] header = rows.get(0);
    List<String> required = REQUIRED.get(file);
    List<Integer> keep = new ArrayList<>();
    for (int j = 0; j < header.length; j++) {
      if (columns != Columns.REQUIRED || required.contains(header[j])) {
        keep.add(j);
      }
    }
    try (CsvWriter w = CsvWriter.builder().build(to.resolve(file + ".csv"))) {
      for (int i = 0; i < rows.size(); i++) {
        String[] r = rows.get(i);
        String[] cells = new String[keep.size()];
        for (int k = 0; k < keep.size(); k++) {
          int j = keep.get(k);
          boolean blank =
              i > 0 && columns == Columns.OPTIONAL_EMPTY && !required.contains(header[j]);
          cells[k] = blank || j >= r.length ? "" : r[j];
        }
        w.writeRecord(cells);
      }
    }
  }

  /** The customers file with a label column: churned = no purchase in the 90 days after. */
  private static void withLabel(Path to) throws IOException {
    Map<String, String> buys = new HashMap<>();
    for (String[] t : CsvFiles.rows(shop.resolve("truth/customers.csv"))) {
      buys.put(t[0], t[2]);
    }
    List<String[]> rows = read(shop.resolve("customers.csv"));
    try (CsvWriter w = CsvWriter.builder().build(to.resolve("customers.csv"))) {
      for (int i = 0; i < rows.size(); i++) {
        String[] r = Arrays.copyOf(rows.get(i), rows.get(i).length + 1);
        r[r.length - 1] = i == 0 ? "churned" : "true".equals(buys.get(r[0])) ? "no" : "yes";
        w.writeRecord(r);
      }
    }
  }

  private static List<String[]> read(Path file) throws IOException {
    List<String[]> out = new ArrayList<>();
    try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(file)) {
      for (CsvRecord r : reader) {
        out.add(r.getFields().toArray(String[]::new));
      }
    }
    return out;
  }
}
