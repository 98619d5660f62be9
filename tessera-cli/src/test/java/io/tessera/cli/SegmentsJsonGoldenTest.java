package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.privacy.Pseudonymizer;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * segments.json is public API: its shape and, on a fixed seeded shop, its content are a golden file
 * (rewrite with -Dtessera.golden=update after an intended change, and commit it); so is the column
 * list of customers.csv.
 */
class SegmentsJsonGoldenTest {
  @TempDir Path tmp;

  @Test
  void segmentsJsonOfASeededShopShouldMatchItsGoldenFile() throws IOException {
    SyntheticShop.write(new GeneratorOptions(2_000, 365, 99, 0.0, null), tmp.resolve("data"));
    int rc =
        RunCommand.execute(
            TesseraConfig.forDataDir(tmp.resolve("data")),
            tmp.resolve("out"),
            null,
            Map.of(Pseudonymizer.KEY_ENV, "golden-test-key-0123456789"),
            new PrintWriter(new StringWriter()),
            false,
            List.of("tessera", "run"),
            Map.of(),
            io.tessera.report.Lang.EN);
    assertThat(rc).isZero();
    String json = Files.readString(tmp.resolve("out/segments.json"));
    assertThat(json)
        .contains(
            "\"format_version\" : 1",
            "\"kind\" : \"rfm\"",
            "\"revenue_share\"",
            "\"distinguishing_features\"");
    CommandLineTest.assertGolden("segments-seed99.json", json);
    // customers.csv's columns are public API too (DESIGN.md "Outputs"; new ones go at the end)
    String header = Files.readAllLines(tmp.resolve("out/customers.csv")).get(0) + "\n";
    assertThat(header).startsWith("customer_id,recency_days,frequency,monetary,");
    CommandLineTest.assertGolden("customers-header.csv", header);
  }
}
