package io.tessera.cli;

import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.ingest.DataHealth;
import io.tessera.pipeline.ingest.IngestStage;
import io.tessera.pipeline.outputs.HeapWatch;
import io.tessera.store.TesseraConfig;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tessera bench ingest|run}: generation and ingest throughput, or the whole run with each
 * stage's time and the peak heap, on the synthetic shop or on a config.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks on generated data (or --config). ingest: generation and ingest throughput;"
            + " run: the whole run, each stage's time and the peak heap; live_churn: a run per"
            + " churn model, then the time to score each customer's live churn from the saved"
            + " model; compare: a run on --config beside the pandas + scikit-learn reference"
            + " script on the same file, with issue 14's ratios.")
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "What to measure: ${COMPLETION-CANDIDATES}.")
  Stage stage;

  enum Stage {
    ingest,
    run,
    // a run per churn model, then every customer's live churn score from the saved model
    live_churn,
    // a run on --config beside the reference pandas + scikit-learn script, with the goal ratios
    compare
  }

  @Option(
      names = "--config",
      description = "bench run: a tessera.yaml to run instead of generated shops.")
  Path config;

  @Option(
      names = "--customers",
      split = ",",
      defaultValue = "100000",
      description = "Sizes, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> customers;

  @Option(
      names = "--work",
      defaultValue = "target/bench",
      description = "Scratch folder (default: ${DEFAULT-VALUE}).")
  Path work;

  @Option(
      names = "--reference-script",
      defaultValue = "../shared/bench/reference_pipeline.py",
      description = "bench compare: the reference pipeline script (default: ${DEFAULT-VALUE}).")
  Path referenceScript;

  @Option(
      names = "--reference-kind",
      defaultValue = "online-retail",
      description =
          "bench compare: the script's input kind, online-retail (line items) or orders"
              + " (default: ${DEFAULT-VALUE}).")
  String referenceKind;

  @Option(
      names = "--reference-csv",
      description =
          "bench compare: the CSV the script reads (default: the first read_csv('...') file"
              + " named in the config, relative to the config's folder).")
  Path referenceCsv;

  @Option(
      names = "--python",
      defaultValue = "/usr/bin/python3",
      description =
          "bench compare: the Python with pandas, scikit-learn and scipy (default:"
              + " ${DEFAULT-VALUE}).")
  Path python;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    w.printf(
        "machine: %d cores, max heap %,d MB, %s%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.version());
    if (stage == Stage.run) {
      return benchRun(w);
    }
    if (stage == Stage.live_churn) {
      return benchLiveChurn(w);
    }
    if (stage == Stage.compare) {
      if (config == null) {
        w.println(
            "bench compare needs --config (a tessera.yaml), e.g. --config"
                + " examples/online-retail/tessera.yaml");
        w.flush();
        return 2;
      }
      TesseraConfig cfg = TesseraConfig.load(config);
      Path csv = referenceCsv != null ? referenceCsv : BenchCompare.csvOf(config);
      return new BenchCompare(python, referenceScript, referenceKind, csv)
          .run(w, config.toString(), () -> quietRun(cfg, work.resolve("compare-run"), "compare"));
    }
    for (int n : customers) {
      Path dir = work.resolve("shop-" + n);
      long t0 = System.nanoTime();
      SyntheticShop.write(
          GenerateCommand.flagValues(
              spec.commandLine(), () -> new GeneratorOptions(n, 365, 42, 0.01, null)),
          dir.resolve("data"));
      double genSeconds = (System.nanoTime() - t0) / 1e9;
      long bytes;
      try (var files = Files.list(dir.resolve("data"))) {
        bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
      long t1 = System.nanoTime();
      IngestStage.Outcome o;
      long peakHeapMb;
      try (HeapWatch heap = HeapWatch.start()) {
        o =
            IngestStage.run(
                TesseraConfig.forDataDir(dir.resolve("data")),
                dir.resolve("out"),
                dir.resolve("out/tessera.duckdb"),
                Map.of(io.tessera.privacy.Pseudonymizer.KEY_ENV, DemoCommand.DEMO_KEY),
                io.tessera.store.Ingestor.Progress.NONE,
                w);
        peakHeapMb = heap.use().peakHeapMb();
      }
      double seconds = (System.nanoTime() - t1) / 1e9;
      long rows =
          o.result().health().sources().values().stream()
              .mapToLong(DataHealth.SourceHealth::rowsRead)
              .sum();
      w.printf(
          "%n%,d customers: generated %,d MB in %.1f s; ingested %,d rows in %.1f s = %,.0f rows/s;"
              + " peak heap %,d MB%n",
          n, bytes >> 20, genSeconds, rows, seconds, rows / seconds, peakHeapMb);
      for (var e : o.result().health().sources().entrySet()) {
        w.printf("  %-13s %,12d rows%n", e.getKey(), e.getValue().rowsRead());
      }
      w.flush();
    }
    return 0;
  }

  private int benchRun(PrintWriter w) throws java.io.IOException {
    if (config != null) {
      runOnce(w, config.toString(), TesseraConfig.load(config), work.resolve("config-run"));
      return 0;
    }
    for (int n : customers) {
      Path dir = work.resolve("shop-" + n);
      long t0 = System.nanoTime();
      SyntheticShop.write(
          GenerateCommand.flagValues(
              spec.commandLine(), () -> new GeneratorOptions(n, 365, 42, 0.01, null)),
          dir.resolve("data"));
      w.printf("%n%,d customers: generated in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
      double seconds =
          runOnce(
              w,
              n + " customers",
              TesseraConfig.forDataDir(dir.resolve("data")),
              dir.resolve("out"));
      String goal = goal2(n, seconds);
      if (goal != null) {
        w.println(goal);
      }
    }
    return 0;
  }

  /**
   * For each size and churn model: a run on the generated shop, its scores and saved model loaded
   * as {@code tessera serve} loads them, then every customer's live churn score computed as the
   * customer API computes it (in process: no HTTP), timed per customer.
   */
  private int benchLiveChurn(PrintWriter w) throws Exception {
    for (int n : customers) {
      Path dir = work.resolve("live-churn-" + n);
      Path data = dir.resolve("data");
      SyntheticShop.write(
          GenerateCommand.flagValues(
              spec.commandLine(), () -> new GeneratorOptions(n, 365, 42, 0.01, null)),
          data);
      String yaml = Files.readString(data.resolve("tessera.yaml"));
      for (String model : io.tessera.predict.churn.ChurnClassifier.IDS) {
        Path config = data.resolve("tessera-" + model + ".yaml");
        Files.writeString(config, yaml + "churn:\n  model: " + model + "\n");
        Path out = dir.resolve("out-" + model);
        long t0 = System.nanoTime();
        var result = quietRun(TesseraConfig.load(config), out, "live_churn");
        double runSeconds = (System.nanoTime() - t0) / 1e9;
        try (io.tessera.server.TesseraServer server =
            io.tessera.server.TesseraServer.start(
                io.tessera.server.TesseraServer.Options.defaults(out.resolve("tessera.duckdb"))
                    .withPort(0))) {
          server.scores().load("bench-" + model, result);
          var asOf = server.engine().today();
          List<String> ids = List.copyOf(server.engine().customerIds());
          long[] nanos = new long[ids.size()];
          int scored = 0;
          for (int round = 0; round < 2; round++) {
            // the first round warms the JIT and the native libraries up; the second is timed
            for (int i = 0; i < ids.size(); i++) {
              long s0 = System.nanoTime();
              var live = server.scores().liveChurn(ids.get(i), asOf, server.engine());
              nanos[i] = System.nanoTime() - s0;
              if (round == 1 && live.isPresent() && live.get().probability() != null) {
                scored++;
              }
            }
          }
          java.util.Arrays.sort(nanos);
          long bytes = Files.size(out.resolve("models/churn_model.json"));
          w.printf(
              "%,d customers, %s: run %.1f s; churn_model.json %,d KB; live churn of %,d"
                  + " customers (%,d scored): p50 %.3f ms, p99 %.3f ms, max %.3f ms per customer%n",
              n,
              model,
              runSeconds,
              bytes >> 10,
              ids.size(),
              scored,
              nanos[nanos.length / 2] / 1e6,
              nanos[(int) Math.min(nanos.length - 1, Math.ceil(nanos.length * 0.99) - 1)] / 1e6,
              nanos[nanos.length - 1] / 1e6);
          w.flush();
        }
      }
    }
    return 0;
  }

  /** Runs once and prints the wall time, this process's CPU time, the peak heap and the stages. */
  private double runOnce(PrintWriter w, String what, TesseraConfig cfg, Path out)
      throws java.io.IOException {
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    io.tessera.pipeline.RunResult result;
    HeapWatch.Use memory;
    // the peak after a collection is what the run needed (manifest.json's memory has the same)
    try (HeapWatch heap = HeapWatch.start()) {
      result = quietRun(cfg, out, "run");
      memory = heap.use();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    w.printf(
        "%s: run %.1f s, %.1f s of CPU, peak heap %,d MB (after a collection %,d MB; %,d full"
            + " collections); stages (ms):",
        what,
        seconds,
        (processCpuNanos() - cpu0) / 1e9,
        memory.peakHeapMb(),
        memory.peakAfterGcMb(),
        memory.fullCollections());
    result.timingsMs().forEach((stage, ms) -> w.printf(" %s %s", stage, ms));
    w.println();
    w.flush();
    return seconds;
  }

  /**
   * Issue 14's goal 2 for a generated shop of this many customers: 100,000 in 60 s, 1,000,000 in 10
   * minutes, 10,000,000 completing (with the peak heap, printed above); null for other sizes.
   */
  static String goal2(int customers, double seconds) {
    double limit =
        switch (customers) {
          case 100_000 -> 60;
          case 1_000_000 -> 600;
          case 10_000_000 -> Double.POSITIVE_INFINITY;
          default -> Double.NaN;
        };
    if (Double.isNaN(limit)) {
      return null;
    }
    if (Double.isInfinite(limit)) {
      return String.format(
          java.util.Locale.ROOT,
          "goal 2, %,d customers complete on this machine: met (%.1f s)",
          customers,
          seconds);
    }
    return String.format(
        java.util.Locale.ROOT,
        "goal 2, %,d customers end to end in %.0f s or less: %.1f s, %s",
        customers,
        limit,
        seconds,
        seconds <= limit ? "met" : "not met");
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** One run with the demo's pseudonym key and nothing printed. */
  private static io.tessera.pipeline.RunResult quietRun(TesseraConfig cfg, Path out, String stage)
      throws java.io.IOException {
    return io.tessera.pipeline.Pipeline.run(
        io.tessera.pipeline.RunSpec.of(cfg, out)
            .withEnv(Map.of(io.tessera.privacy.Pseudonymizer.KEY_ENV, DemoCommand.DEMO_KEY))
            .withCommand(List.of("tessera", "bench", stage)));
  }
}
