package io.tessera.cli;

import io.tessera.pipeline.Pipeline;
import io.tessera.pipeline.RunResult;
import io.tessera.pipeline.RunSpec;
import io.tessera.pipeline.outputs.Skipped;
import io.tessera.report.Lang;
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

/**
 * {@code tessera run}: the batch pipeline ({@link Pipeline#run}) over a data directory or config.
 */
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
    // the stages' options are parsed and checked when the run's spec is made, before any data is
    // read (RunSpec.of)
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

  /**
   * Runs the pipeline ({@link Pipeline#run}) and prints its summary to {@code console}.
   *
   * @param store the store file (null: {@code out/tessera.duckdb})
   * @param progress whether to show progress bars while ingesting
   */
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
    RunResult result;
    try (ProgressBars bars = new ProgressBars(progress)) {
      result =
          Pipeline.run(
              RunSpec.of(config, out)
                  .withStoreFile(store)
                  .withEnv(env)
                  .withLog(console)
                  .withProgress(bars)
                  .withCommand(command)
                  .withSeeds(seeds)
                  .withLang(lang));
    }
    if (result.segmentation() != null) {
      console.printf("customers.csv: %,d customers%n", result.customers().size());
    }
    Summary.print(console, result.ingest().health(), out, (System.nanoTime() - t0) / 1_000_000);
    if (result.rfm() != null) {
      Summary.printCustomers(console, result.rfm(), result.excluded());
    }
    if (result.segmentation() != null) {
      Summary.printSegments(console, result.segmentation());
    }
    for (Skipped s : result.skipped()) {
      console.printf("skipped %s: %s%n", s.stage(), s.reason());
    }
    var churn = result.churn();
    if (churn != null) {
      console.printf(
          "churn: %s%s (models/churn.json)%n",
          churn.status(),
          churn.model() == null
              ? ""
              : String.format(
                  java.util.Locale.ROOT, ", %s, CV ROC-AUC %.3f", churn.model(), churn.rocAuc()));
      var fit = churn.report() == null ? null : churn.report().fit();
      if (fit != null && fit.cv().warning() != null) {
        console.printf("  warning: the churn model %s%n", fit.cv().warning());
      }
    }
    if (result.report() != null) {
      console.printf("report: %s%n", result.report().toAbsolutePath());
    }
    console.flush();
    return 0;
  }
}
