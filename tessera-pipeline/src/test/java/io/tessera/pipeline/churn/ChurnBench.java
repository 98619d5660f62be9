package io.tessera.pipeline.churn;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.pipeline.ingest.IngestStage;
import io.tessera.privacy.Pseudonymizer;
import io.tessera.store.RunOutputs;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Measures churn training with 5-fold cross-validation on a generated shop: generate N customers,
 * ingest them, then time the churn stage (time-split features, the three models cross-validated,
 * the best refitted, calibration, scoring, and the next-purchase models). Run: {@code java -cp
 * <tessera-cli test classpath> io.tessera.cli.ChurnBench 100000 target/bench}. Not a test: wall
 * times are reported, never asserted.
 */
public final class ChurnBench {
  private ChurnBench() {}

  public static void main(String[] args) throws Exception {
    int customers = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path work = Path.of(args.length > 1 ? args[1] : "target/bench").resolve("churn-" + customers);
    Path data = work.resolve("data");
    Path out = work.resolve("out");
    System.out.printf(
        "machine: %d cores, max heap %,d MB, %s%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.version());
    long t0 = System.nanoTime();
    if (!Files.isRegularFile(data.resolve("truth/customers.csv"))) {
      SyntheticShop.write(new GeneratorOptions(customers, 365, 42L, 0.01, null), data);
    }
    long t1 = System.nanoTime();
    TesseraConfig config = TesseraConfig.forDataDir(data);
    IngestStage.run(
        config,
        out,
        out.resolve("tessera.duckdb"),
        Map.of(Pseudonymizer.KEY_ENV, "a-bench-key-of-enough-length"),
        io.tessera.store.Ingestor.Progress.NONE,
        new PrintWriter(new StringWriter()));
    long t2 = System.nanoTime();
    ChurnStage.Outcome outcome;
    try (Store store = Store.open(out.resolve("tessera.duckdb"))) {
      outcome =
          ChurnStage.run(
              config,
              ChurnSettings.parse(config.raw()),
              io.tessera.predict.clv.TransactionSummary.TimeUnit.DAYS,
              store,
              out,
              io.tessera.pipeline.AsOf.decide(config, store),
              Set.of(),
              null);
    }
    long t3 = System.nanoTime();
    JsonNode churn = RunOutputs.JSON.readTree(out.resolve("models/churn.json").toFile());
    System.out.printf(
        "customers %,d: generate %.1f s, ingest %.1f s, churn stage %.1f s%n",
        customers, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    System.out.printf(
        "churn: %s on %d training rows, %d scored; cv ROC-AUC %.4f%n",
        churn.path("model").asText(),
        churn.path("cv").path("rows").asInt(),
        outcome.churnProbability().size(),
        churn.path("cv").path("roc_auc").asDouble());
    double cv = 0;
    for (JsonNode m : churn.path("models_compared")) {
      cv += m.path("cv_seconds").asDouble();
      System.out.printf(
          "  5-fold CV %-13s %7.1f s  ROC-AUC %.4f%n",
          m.path("model").asText(), m.path("cv_seconds").asDouble(), m.path("roc_auc").asDouble());
    }
    System.out.printf(
        "  5-fold CV of the three models: %.1f s; churn training (CV, calibration, refit): %.1f"
            + " s%n",
        cv, churn.path("provenance").path("training_seconds").asDouble());
    System.out.printf(
        "next purchase: chosen %s, validation %s%n",
        churn.path("next_purchase").path("chosen").asText(),
        churn.path("next_purchase").path("validation"));
  }
}
