package io.tessera.pipeline.churn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.pipeline.AsOf;
import io.tessera.pipeline.ingest.IngestStage;
import io.tessera.predict.churn.ChurnMetrics;
import io.tessera.predict.clv.TransactionSummary;
import io.tessera.privacy.Pseudonymizer;
import io.tessera.store.Store;
import io.tessera.store.StoreRecords;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code churn.training_sample}: a shop with more buyers than the cap trains, validates and
 * backtests on the cap's customers drawn by a hash of their id, and still scores every customer;
 * the models learnt from the sample still rank the generator's truth.
 */
@Tag("slow")
class ChurnTrainingSampleTest {
  @TempDir static Path tmp;
  static ChurnStage.Outcome all;
  static ChurnStage.Outcome sampled;
  static JsonNode allJson;
  static JsonNode sampledJson;
  static io.tessera.store.CustomerSample sample;
  static Map<String, Boolean> buysNext90d = new HashMap<>();

  @BeforeAll
  static void generateIngestAndScoreTwice() throws IOException {
    Path data = tmp.resolve("data");
    Path out = tmp.resolve("out");
    SyntheticShop.write(new GeneratorOptions(5_000, 365, 20_260_401L, 0.01, null), data);
    TesseraConfig config = TesseraConfig.forDataDir(data);
    IngestStage.run(
        config,
        out,
        out.resolve("tessera.duckdb"),
        Map.of(Pseudonymizer.KEY_ENV, "a-test-key-of-enough-length"),
        io.tessera.store.Ingestor.Progress.NONE,
        new PrintWriter(new StringWriter()));
    ObjectNode raw = (ObjectNode) config.raw().deepCopy();
    (raw.has("churn") ? (ObjectNode) raw.get("churn") : raw.putObject("churn"))
        .put("training_sample", 1_000);
    try (Store store = Store.open(out.resolve("tessera.duckdb"))) {
      all = run(config, ChurnSettings.parse(config.raw()), store, out.resolve("all"));
      sampled = run(config, ChurnSettings.parse(raw), store, out.resolve("sampled"));
      sample = new StoreRecords(store, Set.of()).customerSample(1_000);
    }
    allJson = new ObjectMapper().readTree(out.resolve("all/models/churn.json").toFile());
    sampledJson = new ObjectMapper().readTree(out.resolve("sampled/models/churn.json").toFile());
    List<String> truth = Files.readAllLines(data.resolve("truth/customers.csv"));
    for (String line : truth.subList(1, truth.size())) {
      String[] f = line.split(",");
      buysNext90d.put(f[0], Boolean.parseBoolean(f[2]));
    }
  }

  private static ChurnStage.Outcome run(
      TesseraConfig config, ChurnSettings settings, Store store, Path out) throws IOException {
    // no as-of profiles handed over: the stage folds the as-of day itself, from every customer's
    // records while the cut-off days are folded from the sample's
    return ChurnStage.run(
        config,
        settings,
        TransactionSummary.TimeUnit.DAYS,
        store,
        out,
        AsOf.decide(config, store),
        Set.of(),
        null);
  }

  @Test
  void theModelsShouldLearnFromTheSampleOnly() {
    assertThat(sample.sampled()).isTrue();
    assertThat(sample.buyers()).isGreaterThan(3_000);
    assertThat(sampledJson.path("status").asText()).isEqualTo("fitted");
    long rows = sampledJson.path("label").path("rows").asLong();
    // the sample's buyers by the label's cut-off: fewer than the 1,000 drawn, some of them later
    assertThat(rows).isBetween(500L, 1_000L);
    assertThat(allJson.path("label").path("rows").asLong()).isGreaterThan(3 * rows);
    assertThat(sampled.timeSplit().profiles().ids())
        .isNotEmpty()
        .allSatisfy(id -> assertThat(sample.contains(id.value())).as(id.value()).isTrue());
    JsonNode drawn = sampledJson.path("provenance").path("options").path("training_sample");
    assertThat(drawn.path("cap").asInt()).isEqualTo(1_000);
    assertThat(drawn.path("customers").asLong()).isEqualTo(1_000);
    assertThat(drawn.path("buyers").asLong()).isEqualTo(sample.buyers());
    // below the cap (the default's), churn.json says nothing of a sample, as before the key
    assertThat(allJson.path("provenance").path("options").has("training_sample")).isFalse();
    for (JsonNode v : sampledJson.path("next_purchase").path("validation")) {
      assertThat(v.path("rows").asLong()).as(v.path("source").asText()).isLessThanOrEqualTo(1_000);
    }
  }

  @Test
  void everyCustomerShouldStillBeScored() {
    assertThat(sampled.churnProbability().keySet())
        .hasSizeGreaterThan(2_500)
        .isEqualTo(all.churnProbability().keySet());
    assertThat(sampled.reasons().keySet()).isEqualTo(all.reasons().keySet());
    assertThat(sampled.pBuy30d().keySet()).isEqualTo(all.pBuy30d().keySet());
    assertThat(sampled.band().keySet()).isEqualTo(all.band().keySet());
    assertThat(sampledJson.path("label").path("scored_customers").asLong())
        .isEqualTo(allJson.path("label").path("scored_customers").asLong());
    assertThat(sampledJson.path("next_purchase").path("scored_customers").asLong())
        .isEqualTo(allJson.path("next_purchase").path("scored_customers").asLong());
  }

  @Test
  void theSampledModelShouldStillRankTheTruthsChurnersAboveItsBuyers() {
    double full = truthAuc(all);
    double drawn = truthAuc(sampled);
    System.out.printf(
        "churn AUC against truth: every buyer %.4f, a sample of 1,000 %.4f%n", full, drawn);
    // issue 4's bar, met by a model that saw a fifth of the buyers
    assertThat(drawn).isGreaterThanOrEqualTo(0.8);
  }

  private static double truthAuc(ChurnStage.Outcome o) {
    List<Double> p = new ArrayList<>();
    List<Integer> churned = new ArrayList<>();
    o.churnProbability()
        .forEach(
            (id, prob) -> {
              p.add(prob);
              churned.add(buysNext90d.get(id) ? 0 : 1);
            });
    return ChurnMetrics.rocAuc(
        p.stream().mapToDouble(Double::doubleValue).toArray(),
        churned.stream().mapToInt(Integer::intValue).toArray());
  }
}
