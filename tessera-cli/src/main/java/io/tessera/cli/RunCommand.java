package io.tessera.cli;

import io.tessera.report.Lang;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tessera run}: ingest, check and (later stages) segment a data directory or config. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Ingest a data directory or a tessera.yaml, check the data and write the run's outputs.")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  static final class Input {
    @Option(
        names = "--data",
        description =
            "Folder with customers/orders/order_items/events/interactions/reviews files (.csv,"
                + " .parquet, .jsonl).")
    Path data;

    @Option(
        names = "--config",
        description = "A tessera.yaml whose sources are SQL queries or files.")
    Path config;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  @Option(names = "--out", required = true, description = "Folder for the outputs.")
  Path out;

  @Option(
      names = "--as-of",
      description = "Reference date (yyyy-MM-dd); data after it is the future.")
  LocalDate asOf;

  @Option(
      names = "--store",
      description = "DuckDB store file (default: OUT/tessera.duckdb). Replaced by the run.")
  Path store;

  @Option(names = "--no-progress", description = "Do not show progress bars.")
  boolean noProgress;

  @Option(
      names = "--lang",
      defaultValue = "en",
      description = "Language of report.html: en or ko (default: ${DEFAULT-VALUE}).")
  String lang;

  @Override
  public Integer call() throws Exception {
    TesseraConfig config =
        input.data != null
            ? TesseraConfig.forDataDir(input.data)
            : TesseraConfig.load(input.config);
    if (asOf != null) {
      config = config.withAsOf(asOf);
    }
    SegmentStage.validate(config);
    CustomerStage.timeUnit(config);
    ChurnSettings.parse(config.raw());
    IdentityStage.options(config);
    return execute(
        config,
        out,
        store,
        System.getenv(),
        spec.commandLine().getOut(),
        !noProgress && System.console() != null,
        List.of("tessera", "run"),
        Map.of(),
        parseLang(lang));
  }

  /** The report language of a --lang value. */
  static Lang parseLang(String value) {
    return switch (value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "en" -> Lang.EN;
      case "ko" -> Lang.KO;
      default ->
          throw new picocli.CommandLine.ParameterException(
              new picocli.CommandLine(new RunCommand()),
              "--lang must be en or ko, got '" + value + "'");
    };
  }

  static int execute(
      TesseraConfig config,
      Path out,
      Path store,
      Map<String, String> env,
      PrintWriter console,
      boolean progress,
      List<String> command,
      Map<String, Object> seeds,
      Lang lang)
      throws java.io.IOException {
    long t0 = System.nanoTime();
    Path storeFile = store != null ? store : out.resolve("tessera.duckdb");
    IngestStage.Outcome outcome = IngestStage.run(config, out, storeFile, env, progress, console);
    Map<String, Long> timings = new java.util.LinkedHashMap<>(outcome.timingsMs());
    var sources = outcome.result().health().sources();
    CustomerStage.Outcome customers = null;
    SegmentStage.Outcome segments = null;
    ChurnStage.Outcome churn = null;
    Set<String> excluded = Set.of();
    List<Skipped> skipped = new java.util.ArrayList<>();
    Path report = null;
    if (sources.containsKey("orders")
        || sources.containsKey("events")
        || sources.containsKey("customers")) {
      try (Store opened = Store.open(storeFile)) {
        excluded = CustomerStage.excluded(opened, out, config.defaultProfilingAllowed());
        IdentityStage.Outcome identity =
            IdentityStage.run(config, opened, out, excluded, outcome.result().health());
        timings.put("identity", identity.millis());
        LocalDate asOf = CustomerStage.asOf(config, opened);
        if (sources.containsKey("orders")) {
          long t1 = System.nanoTime();
          customers = CustomerStage.run(config, opened, out, excluded);
          timings.put("rfm_and_clv", (System.nanoTime() - t1) / 1_000_000);
          if (customers.asOf() != null) {
            asOf = customers.asOf();
          }
        }
        if (asOf == null) {
          asOf = LocalDate.now(config.timezone());
        }
        segments = SegmentStage.run(config, opened, out, asOf, excluded, customers);
        timings.putAll(segments.timingsMs());
        if (sources.containsKey("orders") || sources.containsKey("events")) {
          long t1 = System.nanoTime();
          java.util.TreeSet<String> everyone = new java.util.TreeSet<>(segments.ids());
          if (customers != null) {
            everyone.addAll(customers.ids());
          }
          customers =
              CustomerStage.place(customers, asOf, List.copyOf(everyone), segments.profiles(), out);
          timings.merge("rfm_and_clv", (System.nanoTime() - t1) / 1_000_000, Long::sum);
          if (!customers.clv().equals("fitted")) {
            skipped.add(new Skipped("clv", customers.clv()));
          }
        } else {
          CustomerStage.writeSkipped(out, CustomerStage.NO_ACTIVITY);
          skipped.add(new Skipped("rfm", CustomerStage.NO_ACTIVITY));
          skipped.add(new Skipped("clv", CustomerStage.NO_ACTIVITY));
        }
        if (!segments.clustered()) {
          skipped.add(new Skipped("clustering", segments.skipped()));
        }
        long tc = System.nanoTime();
        churn = ChurnStage.run(config, opened, out, asOf, excluded, segments.profiles());
        timings.put("churn_and_next_purchase", (System.nanoTime() - tc) / 1_000_000);
        if (!churn.status().equals("fitted")) {
          skipped.add(new Skipped("churn", churn.status()));
        }
        long t2 = System.nanoTime();
        int written = CustomerOutputs.write(out, customers, segments, churn, skipped);
        report =
            ReportStage.write(
                out,
                lang,
                config,
                asOf,
                identity.health(),
                outcome.result().inputs(),
                excluded.size(),
                customers,
                segments,
                out.resolve("models/churn.json"),
                skipped);
        timings.put("outputs_and_report", (System.nanoTime() - t2) / 1_000_000);
        console.printf("customers.csv: %,d customers%n", written);
      }
    }
    Manifest.write(
        out.resolve("manifest.json"),
        command,
        config,
        outcome.result().inputs(),
        seeds,
        timings,
        skipped);
    Summary.print(console, outcome.result().health(), out, (System.nanoTime() - t0) / 1_000_000);
    if (customers != null) {
      Summary.printCustomers(console, customers, excluded.size());
    }
    if (segments != null) {
      Summary.printSegments(console, segments);
    }
    for (Skipped s : skipped) {
      console.printf("skipped %s: %s%n", s.stage(), s.reason());
    }
    if (churn != null) {
      console.printf(
          "churn: %s%s (models/churn.json)%n",
          churn.status(),
          churn.model() == null
              ? ""
              : String.format(
                  java.util.Locale.ROOT, ", %s, CV ROC-AUC %.3f", churn.model(), churn.rocAuc()));
    }
    if (report != null) {
      console.printf("report: %s%n", report.toAbsolutePath());
      console.flush();
    }
    return 0;
  }
}
