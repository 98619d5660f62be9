package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.generate.GenerationSummary;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.privacy.Pseudonymizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real command on a generated shop and checks the run against the generator's truth: every
 * injected fault is quarantined (bots flagged) under its own reason, exactly, and no raw contact
 * detail reaches the store or the outputs.
 */
class GeneratedShopIngestTest {
  @TempDir static Path tmp;
  static Path data;
  static Path out;
  static GenerationSummary generated;
  static JsonNode health;
  static String console;

  @BeforeAll
  static void generateAndRun() throws IOException {
    data = tmp.resolve("data");
    out = tmp.resolve("out");
    generated =
        SyntheticShop.write(new GeneratorOptions(6_000, 365, 20_261_125L, 0.03, null), data);
    DataRun run = DataRun.of(data, out, io.tessera.report.Lang.EN);
    assertThat(run.exitCode()).as(run.printed()).isZero();
    console = run.printed();
    health = new ObjectMapper().readTree(out.resolve("data_health.json").toFile());
  }

  @Test
  void quarantinedAndFlaggedCountsShouldEqualTheInjectedFaultsExactly() throws IOException {
    Map<String, Map<String, Long>> truth =
        new ObjectMapper()
            .readValue(data.resolve("truth/faults.json").toFile(), new TypeReference<>() {});
    assertThat(
            truth.values().stream()
                .mapToLong(m -> m.values().stream().mapToLong(Long::longValue).sum())
                .sum())
        .as("the generator injected faults")
        .isGreaterThan(1_000);
    for (var source : truth.entrySet()) {
      JsonNode s = health.path("sources").path(source.getKey());
      Map<String, Long> quarantined = new TreeMap<>();
      s.path("quarantined_by_reason")
          .properties()
          .forEach(e -> quarantined.put(e.getKey(), e.getValue().asLong()));
      Map<String, Long> expected = new TreeMap<>(source.getValue());
      Long bots = expected.remove("bot");
      assertThat(quarantined)
          .as("quarantined rows of %s by reason", source.getKey())
          .isEqualTo(expected);
      if (bots != null) {
        assertThat(s.path("flagged").path("bot").asLong()).as("bot events flagged").isEqualTo(bots);
      }
    }
  }

  @Test
  void everySourceShouldReconcileWithTheRowsTheGeneratorWrote() {
    for (var e : generated.rowsBySource().entrySet()) {
      JsonNode s = health.path("sources").path(e.getKey());
      assertThat(s.path("rows_read").asLong())
          .as("%s rows read", e.getKey())
          .isEqualTo(e.getValue());
      assertThat(s.path("rows_accepted").asLong() + s.path("rows_quarantined").asLong())
          .as("%s: read = accepted + quarantined", e.getKey())
          .isEqualTo(s.path("rows_read").asLong());
    }
    assertThat(health.path("format_version").asInt()).isEqualTo(1);
  }

  @Test
  void quarantineFilesShouldHoldEveryQuarantinedRowWithLineAndReason() throws IOException {
    for (var e : generated.rowsBySource().keySet()) {
      List<String> lines = Files.readAllLines(out.resolve("quarantine").resolve(e + ".csv"));
      assertThat(lines.get(0)).isEqualTo("line,reason,detail,raw");
      long rows = lines.stream().skip(1).filter(l -> l.matches("^\\d+,[a-z_0-9]+,.*")).count();
      assertThat(rows)
          .as("%s quarantine rows", e)
          .isEqualTo(health.path("sources").path(e).path("rows_quarantined").asLong());
    }
  }

  @Test
  void noRawEmailOrPhoneShouldAppearInTheStoreOrTheOutputs() throws Exception {
    List<String> raw = new ArrayList<>();
    List<String> lines = Files.readAllLines(data.resolve("customers.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      if (f.length > 2) {
        if (f[1].contains("@")) {
          raw.add(f[1].toLowerCase(java.util.Locale.ROOT));
        }
        if (!f[2].isBlank()) {
          raw.add(f[2]);
          String e164 = Pseudonymizer.normalisePhone(f[2], f.length > 4 ? f[4] : null);
          if (e164 != null) {
            raw.add(e164);
          }
        }
      }
    }
    assertThat(raw).hasSizeGreaterThan(5_000);
    // Look for every raw value in every output file and in the store file: candidates start at a
    // '+' or a digit (phones) or end at an '@' (emails); compare substrings of the raw lengths.
    java.util.Set<String> rawSet = new java.util.HashSet<>(raw);
    int[] lengths = raw.stream().mapToInt(String::length).distinct().toArray();
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(out)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text =
            new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)
                .toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < text.length(); i++) {
          char c = text.charAt(i);
          if (c == '+'
              || c == '0'
              || (c >= 'a'
                  && c <= 'z'
                  && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1))))) {
            for (int len : lengths) {
              if (i + len <= text.length() && rawSet.contains(text.substring(i, i + len))) {
                found.add(f.getFileName() + ": " + text.substring(i, i + len));
              }
            }
          }
        }
      }
    }
    assertThat(found).as("raw contact details in output or store files").isEmpty();
    // The store compresses strings, so also ask it: no stored text value looks like an email.
    try (Connection c =
            DriverManager.getConnection("jdbc:duckdb:" + out.resolve("tessera.duckdb"));
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM (SELECT email_pseudonym AS v FROM customers UNION ALL SELECT"
                    + " phone_pseudonym FROM customers UNION ALL SELECT email_pseudonym FROM events"
                    + " UNION ALL SELECT raw::VARCHAR FROM quarantine) WHERE v LIKE '%@%' OR"
                    + " regexp_matches(v, '(\\+[0-9]{1,3}"
                    + " [0-9]|010-[0-9]{4}-[0-9]{4}|\\+[0-9]{10,})')")) {
      r.next();
      assertThat(r.getLong(1)).isZero();
    }
  }

  @Test
  void customersCsvShouldPlaceEveryCustomerWithConsentInExactlyOneRfmGroup() throws IOException {
    List<String> rows = Files.readAllLines(out.resolve("customers.csv"));
    assertThat(rows.get(0)).isEqualTo(String.join(",", CustomerStage.COLUMNS));
    Map<String, String> persona = new java.util.HashMap<>();
    for (String line : Files.readAllLines(data.resolve("truth/customers.csv")).subList(1, 6_001)) {
      String[] f = line.split(",");
      persona.put(f[0], f[1]);
    }
    // every customers line that says consent_profiling=false, accepted or quarantined
    java.util.Set<String> noConsentAnywhere = new java.util.HashSet<>();
    for (String line :
        Files.readAllLines(data.resolve("customers.csv"))
            .subList(1, Files.readAllLines(data.resolve("customers.csv")).size())) {
      String[] f = line.split(",", -1);
      if (f.length >= 11 && f[10].equals("false") && !f[0].isBlank()) {
        noConsentAnywhere.add(f[0]);
      }
    }
    java.util.Set<String> noConsent = new java.util.HashSet<>();
    try (Connection c =
            DriverManager.getConnection("jdbc:duckdb:" + out.resolve("tessera.duckdb"));
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery("SELECT customer_id FROM customers WHERE consent_profiling = false")) {
      while (r.next()) {
        noConsent.add(r.getString(1));
      }
    } catch (java.sql.SQLException e) {
      throw new IOException(e);
    }
    assertThat(noConsent).hasSizeGreaterThan(50);
    List<String> excluded = Files.readAllLines(out.resolve("excluded_customers.csv"));
    assertThat(noConsentAnywhere).containsAll(noConsent).hasSizeGreaterThan(noConsent.size());
    assertThat(excluded.subList(1, excluded.size()).stream().map(l -> l.split(",")[0]).toList())
        .containsExactlyInAnyOrderElementsOf(noConsentAnywhere);
    noConsent.addAll(noConsentAnywhere);
    java.util.Set<String> groups =
        java.util.Arrays.stream(io.tessera.segment.rfm.RfmGroup.values())
            .map(io.tessera.segment.rfm.RfmGroup::id)
            .collect(java.util.stream.Collectors.toSet());
    Map<String, double[]> pAlive = new TreeMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    int buyers = 0;
    for (String[] f : CsvFiles.rows(out.resolve("customers.csv"))) {
      assertThat(seen.add(f[0])).as("one row per customer: %s", f[0]).isTrue();
      assertThat(noConsent)
          .as("customers without profiling consent are left out")
          .doesNotContain(f[0]);
      assertThat(f[8]).as("every customer is in a cluster: %s", f[0]).startsWith("cluster:");
      assertThat(f[15]).as("every clustered customer has reasons").isNotBlank();
      if (f[2].isEmpty()) {
        // no completed purchase up to as_of: placed in a group by their visits (issue 16), no
        // purchase model
        assertThat(f[7])
            .as("visitor %s", f[0])
            .isIn("new", "must_catch_now", "needs_attention", "hibernating", "lost");
        assertThat(f[4]).isEmpty();
        assertThat(f[11]).isEmpty();
        continue;
      }
      buyers++;
      assertThat(groups).contains(f[7]);
      double p = Double.parseDouble(f[11]);
      assertThat(p).isBetween(0.0, 1.0);
      double[] acc = pAlive.computeIfAbsent(persona.get(f[0]), k -> new double[2]);
      acc[0] += p;
      acc[1]++;
    }
    assertThat(buyers).isGreaterThan(3_000);
    // the planted lapsing VIPs stopped buying 120-240 days before the end; VIPs buy every ~3 weeks
    double vip = pAlive.get("vip")[0] / pAlive.get("vip")[1];
    double lapsing = pAlive.get("lapsing_vip")[0] / pAlive.get("lapsing_vip")[1];
    assertThat(lapsing).isLessThan(vip - 0.3);
  }

  @Test
  void theSummaryShouldListEverySourceAndWhereTheOutputIs() {
    assertThat(console)
        .contains("customers", "orders", "events", "quarantined", out.toAbsolutePath().toString());
  }
}
