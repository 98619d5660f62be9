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

/** {@code tessera bench ingest}: generation and ingest throughput on the synthetic shop. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks on generated data. Stages: ingest.")
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "What to measure: ${COMPLETION-CANDIDATES}.")
  Stage stage;

  enum Stage {
    ingest
  }

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
