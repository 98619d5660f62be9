package io.tessera.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.tessera.privacy.Pseudonymizer;
import io.tessera.store.TesseraConfig;
import io.tessera.testing.SharedData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example mapping of UCI Online Retail (examples/online-retail/tessera.yaml): every invoice
 * with a customer id is accepted, every other row is quarantined or flagged with a reason. The
 * expected counts are computed here independently from the CSV, and checked against the figures of
 * ../shared/datasets/online-retail/README.md (3,002 customers, 12,795 invoices, 245,903 lines).
 */
@Tag("slow")
class OnlineRetailExampleTest {
  @TempDir Path out;

  @Test
  void shouldAcceptEveryInvoiceWithACustomerAndAccountForTheRest() throws IOException {
    Path csv = SharedData.require("online-retail/online_retail_2010-12-01_to_2011-06-30.csv");
    Map<String, String> customerOf = new HashMap<>();
    Map<String, Double> amountOf = new HashMap<>();
    Set<String> customers = new HashSet<>();
    long lines = 0;
    try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(csv)) {
      boolean header = true;
      for (CsvRecord r : reader) {
        if (header) {
          header = false;
          continue;
        }
        lines++;
        String invoice = r.getField(0);
        String customer = r.getField(6).isBlank() ? "" : r.getField(6).replace(".0", "");
        customerOf.put(invoice, customer);
        amountOf.merge(
            invoice,
            Double.parseDouble(r.getField(3)) * Double.parseDouble(r.getField(5)),
            Double::sum);
        if (!customer.isEmpty()) {
          customers.add(customer);
        }
      }
    }
    long withCustomer = customerOf.values().stream().filter(c -> !c.isEmpty()).count();
    long cancellationsWithCustomer =
        customerOf.entrySet().stream()
            .filter(e -> e.getKey().startsWith("C") && !e.getValue().isEmpty())
            .count();
    long negativeNonCancellations =
        customerOf.entrySet().stream()
            .filter(
                e ->
                    !e.getKey().startsWith("C")
                        && !e.getValue().isEmpty()
                        && Math.round(amountOf.get(e.getKey()) * 100) < 0)
            .count();
    // README "Measured here": 245,903 rows, 12,795 invoices, 3,002 customers
    assertThat(lines).isEqualTo(245_903);
    assertThat(customerOf).hasSize(12_795);
    assertThat(customers).hasSize(3_002);

    Path config = SharedData.repoRoot().resolve("examples/online-retail/tessera.yaml");
    int rc =
        TestRuns.execute(
            TesseraConfig.load(config),
            out,
            null,
            Map.of(Pseudonymizer.KEY_ENV, "online-retail-test-key"),
            new PrintWriter(new StringWriter()),
            false,
            List.of("tessera", "run"),
            Map.of(),
            io.tessera.report.Lang.EN);
    assertThat(rc).isZero();
    JsonNode orders =
        new ObjectMapper()
            .readTree(out.resolve("data_health.json").toFile())
            .path("sources")
            .path("orders");
    assertThat(orders.path("rows_read").asLong()).isEqualTo(12_795);
    assertThat(orders.path("rows_accepted").asLong())
        .isEqualTo(withCustomer - negativeNonCancellations);
    assertThat(orders.path("quarantined_by_reason").path("missing_required").asLong())
        .isEqualTo(12_795 - withCustomer);
    assertThat(orders.path("quarantined_by_reason").path("negative_amount").asLong())
        .isEqualTo(negativeNonCancellations);
    assertThat(orders.path("flagged").path("return_or_cancellation").asLong())
        .isEqualTo(cancellationsWithCustomer);
    JsonNode items =
        new ObjectMapper()
            .readTree(out.resolve("data_health.json").toFile())
            .path("sources")
            .path("order_items");
    assertThat(items.path("rows_read").asLong()).isEqualTo(lines);
    assertThat(items.path("rows_accepted").asLong() + items.path("rows_quarantined").asLong())
        .isEqualTo(lines);

    // every customer with a completed purchase has exactly one RFM group, everyone one cluster
    java.util.Set<String> rfm = new java.util.HashSet<>();
    for (io.tessera.segment.rfm.RfmGroup g : io.tessera.segment.rfm.RfmGroup.values()) {
      rfm.add(g.id());
    }
    JsonNode catalog = new ObjectMapper().readTree(out.resolve("segments.json").toFile());
    java.util.Set<String> clusters = new java.util.HashSet<>();
    catalog.get("segments").forEach(seg -> clusters.add(seg.get("id").asText()));
    java.util.Set<String> seen = new java.util.HashSet<>();
    int buyers = 0;
    for (String[] f : CsvFiles.rows(out.resolve("customers.csv"))) {
      assertThat(seen.add(f[0])).isTrue();
      assertThat(clusters).contains(f[8]);
      if (!f[2].isEmpty()) {
        assertThat(rfm).contains(f[7]);
        buyers++;
      }
    }
    assertThat(buyers).isGreaterThan(2_900);
    // an orders-only shop has no sessions: the features come from the orders-only candidates by
    // the selection rule, RFM always among them, and every candidate's fate is recorded
    JsonNode model = new ObjectMapper().readTree(out.resolve("models/clustering.json").toFile());
    java.util.List<String> kept = new java.util.ArrayList<>();
    model
        .path("feature_selection")
        .path("candidates")
        .forEach(
            d -> {
              if (d.get("kept").asBoolean()) {
                kept.add(d.get("feature").asText());
              }
            });
    assertThat(model.path("feature_selection").path("candidates"))
        .hasSize(io.tessera.feature.FeatureSelection.ORDERS_ONLY_CANDIDATES.size());
    assertThat(model.path("input_features"))
        .extracting(JsonNode::asText)
        .containsExactlyElementsOf(kept)
        .contains("recency_days", "frequency", "monetary");
    assertThat(model.path("k_choice").path("reason").asText()).contains("median");
    assertThat(java.nio.file.Files.readString(out.resolve("report.html")))
        .startsWith("<!DOCTYPE html>")
        .contains("echarts");
  }
}
