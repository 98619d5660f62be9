package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.report.Lang;
import io.tessera.store.Store;
import io.tessera.store.StoreRecords;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tessera run} on a shop with planted identities: merged accounts count as one customer
 * (their orders in one RFM row), anonymous events are read under their customer, and the run writes
 * identities.csv and the identity section of data_health.json; with {@code identity.enabled: false}
 * the same shop keeps every account apart.
 */
class IdentityRunTest {
  @TempDir static Path tmp;
  static Path on;
  static Path off;
  static List<String[]> truth;

  @BeforeAll
  static void run() throws IOException {
    Path data = tmp.resolve("data");
    SyntheticShop.write(
        new GeneratorOptions(600, 365, 3L, 0.0, null).withIdentities(0.4, 0.02), data);
    truth =
        Files.readAllLines(data.resolve("truth/identities.csv")).stream()
            .skip(1)
            .map(l -> l.split(",", -1))
            .toList();
    on = tmp.resolve("on");
    run(data, on);
    Path disabled = tmp.resolve("data-off");
    Files.createDirectories(disabled);
    try (var files = Files.list(data)) {
      for (Path f : files.toList()) {
        if (Files.isRegularFile(f)) {
          Files.copy(f, disabled.resolve(f.getFileName()));
        }
      }
    }
    Files.writeString(
        disabled.resolve("tessera.yaml"),
        "\nidentity:\n  enabled: false\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    off = tmp.resolve("off");
    run(disabled, off);
  }

  private static void run(Path data, Path out) throws IOException {
    StringWriter console = new StringWriter();
    int rc =
        RunCommand.execute(
            TesseraConfig.forDataDir(data),
            out,
            null,
            Map.of("TESSERA_PSEUDONYM_KEY", "identity-run-test-key-long-enough"),
            new PrintWriter(console),
            false,
            List.of("tessera", "run"),
            Map.of(),
            Lang.EN);
    assertThat(rc).as(console.toString()).isZero();
  }

  private static Map<String, String[]> customers(Path out) throws IOException {
    Map<String, String[]> rows = new HashMap<>();
    List<String> lines = Files.readAllLines(out.resolve("customers.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      rows.put(f[0], f);
    }
    return rows;
  }

  @Test
  void secondAccountsShouldBeMergedIntoTheirPersonWithTheirOrdersInOneRow() throws IOException {
    Map<String, String[]> with = customers(on);
    Map<String, String[]> without = customers(off);
    int checked = 0;
    for (String[] t : truth) {
      if (!t[3].startsWith("second_account")) {
        continue;
      }
      String person = t[0];
      String second = t[2];
      assertThat(with).as("merged account " + second).doesNotContainKey(second);
      assertThat(without).containsKey(second);
      // frequency (purchase days) of the person = own + second account's, as the days differ
      double merged = Double.parseDouble(with.get(person)[2]);
      double own =
          without.get(person)[2].isEmpty() ? 0 : Double.parseDouble(without.get(person)[2]);
      double other = Double.parseDouble(without.get(second)[2]);
      assertThat(merged).as(person + " + " + second).isEqualTo(own + other);
      checked++;
    }
    assertThat(checked).isGreaterThan(30);
    List<String> ids = Files.readAllLines(on.resolve("identities.csv"));
    assertThat(ids.get(0)).isEqualTo("resolved_id,kind,value,rule,confidence");
    assertThat(ids)
        .anyMatch(l -> l.matches("C\\d+,customer_id,K\\d+,same_email,1\\.000000"))
        .anyMatch(l -> l.matches("C\\d+,customer_id,K\\d+,probabilistic,(0\\.99\\d+|1\\.000000)"))
        .anyMatch(l -> l.matches("C\\d+,anonymous_id,N\\w+,login,1\\.000000"))
        .anyMatch(l -> l.matches("C\\d+,email,h:[0-9a-f]{32},account,1\\.000000"))
        .noneMatch(l -> l.contains("@"));
  }

  @Test
  void anonymousEventsShouldBeReadUnderTheirCustomer() {
    try (Store store = Store.open(on.resolve("tessera.duckdb"))) {
      long withCustomer =
          store.count("SELECT count(*) FROM events WHERE NOT is_bot AND customer_id IS NOT NULL");
      long read;
      try (var events = new StoreRecords(store, Set.of()).events()) {
        read = events.count();
      }
      long linked =
          store.count(
              "SELECT count(*) FROM resolved_events WHERE NOT is_bot AND customer_id IS NOT NULL");
      assertThat(read).isEqualTo(linked).isGreaterThan(withCustomer);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void dataHealthShouldCarryTheIdentitySectionAndChecks() throws IOException {
    JsonNode h = new ObjectMapper().readTree(on.resolve("data_health.json").toFile());
    JsonNode id = h.get("identity");
    assertThat(id.get("records_linked_by_rule").get("login").asLong()).isPositive();
    assertThat(id.get("account_links_by_rule").get("probabilistic").asLong()).isPositive();
    assertThat(id.get("min_confidence").asDouble()).isEqualTo(0.99);
    assertThat(id.get("model").get("blocked_pairs").asLong()).isPositive();
    assertThat(id.get("shared_count").asLong()).isPositive();
    assertThat(h.get("checks").findValuesAsText("check"))
        .contains("identity_links", "identity_shared_identifiers", "identity_blocked_merges");
    JsonNode offHealth = new ObjectMapper().readTree(off.resolve("data_health.json").toFile());
    assertThat(offHealth.has("identity")).isFalse();
    assertThat(off.resolve("identities.csv")).doesNotExist();
  }

  @Test
  void theThresholdCurveShouldBeMeasuredAgainstTheTruthAndShownInTheReport() throws IOException {
    JsonNode c =
        new ObjectMapper()
            .readTree(on.resolve("data_health.json").toFile())
            .path("identity")
            .path("threshold_curve");
    assertThat(c.path("truth").asText()).isEqualTo("truth/identities.csv");
    assertThat(c.path("points")).hasSize(8);
    long previous = Long.MAX_VALUE;
    JsonNode atDefault = null;
    for (JsonNode p : c.path("points")) {
      assertThat(p.path("pairs").asLong()).isLessThanOrEqualTo(previous);
      previous = p.path("pairs").asLong();
      assertThat(p.path("precision").asDouble()).isBetween(0.0, 1.0);
      if (p.path("threshold").asDouble() == 0.99) {
        atDefault = p;
      }
    }
    assertThat(atDefault).isNotNull();
    assertThat(atDefault.path("precision").asDouble()).isGreaterThanOrEqualTo(0.99);
    assertThat(atDefault.path("recall").asDouble()).isGreaterThanOrEqualTo(0.95);
    long weighed = 0;
    for (JsonNode b : c.path("match_weights")) {
      weighed += b.path("pairs").asLong();
    }
    JsonNode id =
        new ObjectMapper().readTree(on.resolve("data_health.json").toFile()).path("identity");
    assertThat(weighed).isEqualTo(id.path("model").path("blocked_pairs").asLong());
    String html = Files.readString(on.resolve("report.html"));
    assertThat(html)
        .contains("<section id=\"identity\"")
        .contains("against the planted truth")
        .contains(
            String.format(java.util.Locale.ROOT, "%.4f", atDefault.path("recall").asDouble()));
    assertThat(Files.readString(off.resolve("report.html")))
        .doesNotContain("<section id=\"identity\"");
  }
}
