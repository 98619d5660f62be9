package io.tessera.cli;

import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.ingest.DataHealth;
import io.tessera.store.TesseraConfig;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
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
            + " run: the whole run, each stage's time and the peak heap.")
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "What to measure: ${COMPLETION-CANDIDATES}.")
  Stage stage;

  enum Stage {
    ingest,
    run
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
    for (int n : customers) {
      Path dir = work.resolve("shop-" + n);
      long t0 = System.nanoTime();
      SyntheticShop.write(new GeneratorOptions(n, 365, 42, 0.01, null), dir.resolve("data"));
      double genSeconds = (System.nanoTime() - t0) / 1e9;
      long bytes;
      try (var files = Files.list(dir.resolve("data"))) {
        bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
      resetPeaks();
      long t1 = System.nanoTime();
      IngestStage.Outcome o =
          IngestStage.run(
              TesseraConfig.forDataDir(dir.resolve("data")),
              dir.resolve("out"),
              dir.resolve("out/tessera.duckdb"),
              Map.of(io.tessera.privacy.Pseudonymizer.KEY_ENV, DemoCommand.DEMO_KEY),
              false,
              w);
      double seconds = (System.nanoTime() - t1) / 1e9;
      long rows =
          o.result().health().sources().values().stream()
              .mapToLong(DataHealth.SourceHealth::rowsRead)
              .sum();
      w.printf(
          "%n%,d customers: generated %,d MB in %.1f s; ingested %,d rows in %.1f s = %,.0f rows/s;"
              + " peak heap %,d MB%n",
          n, bytes >> 20, genSeconds, rows, seconds, rows / seconds, peakHeapMb());
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
      SyntheticShop.write(new GeneratorOptions(n, 365, 42, 0.01, null), dir.resolve("data"));
      w.printf("%n%,d customers: generated in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
      runOnce(
          w, n + " customers", TesseraConfig.forDataDir(dir.resolve("data")), dir.resolve("out"));
    }
    return 0;
  }

  private void runOnce(PrintWriter w, String what, TesseraConfig cfg, Path out)
      throws java.io.IOException {
    resetPeaks();
    long t0 = System.nanoTime();
    RunCommand.execute(
        cfg,
        out,
        null,
        Map.of(io.tessera.privacy.Pseudonymizer.KEY_ENV, DemoCommand.DEMO_KEY),
        new PrintWriter(java.io.Writer.nullWriter()),
        false,
        List.of("tessera", "bench", "run"),
        Map.of(),
        io.tessera.report.Lang.EN);
    double seconds = (System.nanoTime() - t0) / 1e9;
    var manifest = io.tessera.store.RunOutputs.JSON.readTree(out.resolve("manifest.json").toFile());
    w.printf("%s: run %.1f s, peak heap %,d MB; stages (ms):", what, seconds, peakHeapMb());
    manifest
        .path("timings_ms")
        .properties()
        .forEach(e -> w.printf(" %s %s", e.getKey(), e.getValue()));
    w.println();
    w.flush();
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static long peakHeapMb() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum >> 20;
  }
}
