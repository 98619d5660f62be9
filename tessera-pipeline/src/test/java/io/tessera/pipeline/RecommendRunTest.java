package io.tessera.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.pipeline.recommend.RecommendStage;
import io.tessera.report.Lang;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recommend stage through {@code tessera run}: recommendations.csv (never an item the customer
 * bought), models/recommend.json with the time split, a recommend section per segment in
 * segments.json and the report; without order lines it is skipped with the reason everywhere a
 * skipped stage is reported.
 */
@Tag("slow")
class RecommendRunTest {
  @TempDir Path tmp;

  private int run(Path data, Path out) throws IOException {
    StringWriter console = new StringWriter();
    int rc =
        TestRuns.execute(
            TesseraConfig.forDataDir(data),
            out,
            null,
            Map.of(io.tessera.privacy.Pseudonymizer.KEY_ENV, "recommend-test-key-0123456789"),
            new PrintWriter(console),
            false,
            List.of("tessera", "run"),
            Map.of(),
            Lang.KO);
    assertThat(rc).as(console.toString()).isZero();
    return rc;
  }

  @Test
  void aShopWithOrderLinesShouldGetRecommendationsEvaluatedOnATimeSplit() throws IOException {
    Path data = tmp.resolve("data");
    SyntheticShop.write(new GeneratorOptions(1_500, 365, 5L, 0.0, null), data);
    Path out = tmp.resolve("out");
    run(data, out);

    // what each customer bought in completed orders (the data has no faults)
    Map<String, String> customerOf = new HashMap<>();
    for (String[] o : CsvFiles.rows(data.resolve("orders.csv"))) {
      if (o[5].equals("completed")) {
        customerOf.put(o[0], o[1]);
      }
    }
    Map<String, Set<String>> bought = new HashMap<>();
    for (String[] i : CsvFiles.rows(data.resolve("order_items.csv"))) {
      String c = customerOf.get(i[0]);
      if (c != null) {
        bought.computeIfAbsent(c, k -> new HashSet<>()).add(i[1]);
      }
    }
    List<String[]> recs = CsvFiles.rows(out.resolve("recommendations.csv"));
    assertThat(Files.readAllLines(out.resolve("recommendations.csv")).get(0))
        .isEqualTo("customer_id,rank,item,score,reason");
    Map<String, List<String[]>> byCustomer = new HashMap<>();
    for (String[] r : recs) {
      byCustomer.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r);
      assertThat(bought.getOrDefault(r[0], Set.of())).as("bought by " + r[0]).doesNotContain(r[2]);
      assertThat(r[4]).matches("bought with .+|popular in your segment \\(.+\\)|popular");
    }
    int customers = CsvFiles.rows(out.resolve("customers.csv")).size();
    assertThat(byCustomer).hasSize(customers);
    assertThat(byCustomer.values())
        .allSatisfy(
            l -> {
              assertThat(l).hasSize(10);
              for (int k = 0; k < l.size(); k++) {
                assertThat(l.get(k)[1]).isEqualTo(Integer.toString(k + 1));
              }
            });

    ObjectMapper json = new ObjectMapper();
    JsonNode model = json.readTree(out.resolve("models/recommend.json").toFile());
    assertThat(model.path("format_version").asInt()).isEqualTo(1);
    assertThat(model.path("status").asText()).isEqualTo("fitted");
    JsonNode e = model.path("evaluation");
    assertThat(e.path("status").asText()).isEqualTo("evaluated");
    assertThat(e.path("train_end").asText()).isEqualTo("2026-05-31");
    List<String> methods = new ArrayList<>();
    double best = -1;
    for (JsonNode m : e.path("methods")) {
      methods.add(m.path("method").asText());
      best = Math.max(best, m.path("map_at_10").asDouble());
    }
    assertThat(methods).containsExactly("als", "item_cf", "popular", "segment_popular");
    // the served method is the one with the best MAP@10
    String chosen = model.path("method").asText();
    for (JsonNode m : e.path("methods")) {
      if (m.path("method").asText().equals(chosen)) {
        assertThat(m.path("map_at_10").asDouble()).isEqualTo(best);
      }
    }

    JsonNode segments = json.readTree(out.resolve("segments.json").toFile());
    int withItems = 0;
    for (JsonNode s : segments.path("segments")) {
      JsonNode top = s.path("recommend").path("top_items");
      for (JsonNode i : top) {
        assertThat(i.path("customers").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(i.path("lift").asDouble())
            .isCloseTo(
                i.path("segment_share").asDouble() / i.path("overall_share").asDouble(),
                org.assertj.core.data.Offset.offset(1e-4));
      }
      withItems += top.isEmpty() ? 0 : 1;
    }
    assertThat(withItems).isGreaterThan(3);
    JsonNode report = DataShapesRunTest.reportData(out.resolve("report.html"));
    assertThat(report.path("recommendations").path("method").asText()).isEqualTo(chosen);
    assertThat(Files.readString(out.resolve("report.html"))).contains("상품 추천");
  }

  @Test
  void withoutOrderLinesTheStageShouldBeSkippedWithItsReason() throws IOException {
    Path data = tmp.resolve("data");
    SyntheticShop.write(new GeneratorOptions(300, 365, 5L, 0.0, null), data);
    Files.delete(data.resolve("order_items.csv"));
    Path out = tmp.resolve("out");
    run(data, out);
    ObjectMapper json = new ObjectMapper();
    JsonNode model = json.readTree(out.resolve("models/recommend.json").toFile());
    assertThat(model.path("status").asText()).isEqualTo("skipped");
    assertThat(model.path("reason").asText()).isEqualTo(RecommendStage.NO_ITEMS);
    JsonNode manifest = json.readTree(out.resolve("manifest.json").toFile());
    assertThat(manifest.path("skipped").toString()).contains("recommend", RecommendStage.NO_ITEMS);
    assertThat(out.resolve("recommendations.csv")).doesNotExist();
    JsonNode report = DataShapesRunTest.reportData(out.resolve("report.html"));
    assertThat(report.path("skipped").toString()).contains("recommend");
    assertThat(report.has("recommendations")).isFalse();
  }
}
