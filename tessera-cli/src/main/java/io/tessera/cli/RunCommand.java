package io.tessera.cli;

import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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

  @Override
  public Integer call() throws Exception {
    TesseraConfig config =
        input.data != null
            ? TesseraConfig.forDataDir(input.data)
            : TesseraConfig.load(input.config);
    if (asOf != null) {
      config = config.withAsOf(asOf);
    }
    return execute(
        config,
        out,
        store,
        System.getenv(),
        spec.commandLine().getOut(),
        !noProgress && System.console() != null,
        List.of("tessera", "run"),
        Map.of());
  }

  static int execute(
      TesseraConfig config,
      Path out,
      Path store,
      Map<String, String> env,
      PrintWriter console,
      boolean progress,
      List<String> command,
      Map<String, Object> seeds)
      throws java.io.IOException {
    long t0 = System.nanoTime();
    Path storeFile = store != null ? store : out.resolve("tessera.duckdb");
    IngestStage.Outcome outcome = IngestStage.run(config, out, storeFile, env, progress, console);
    Map<String, Long> timings = new java.util.LinkedHashMap<>(outcome.timingsMs());
    CustomerStage.Outcome customers = null;
    if (outcome.result().health().sources().containsKey("orders")) {
      long t1 = System.nanoTime();
      try (Store opened = Store.open(storeFile)) {
        customers = CustomerStage.run(config, opened, out, console);
      }
      timings.put("rfm_and_clv", (System.nanoTime() - t1) / 1_000_000);
    }
    Manifest.write(
        out.resolve("manifest.json"), command, config, outcome.result().inputs(), seeds, timings);
    Summary.print(console, outcome.result().health(), out, (System.nanoTime() - t0) / 1_000_000);
    if (customers != null) {
      Summary.printCustomers(console, customers);
    }
    return 0;
  }
}
