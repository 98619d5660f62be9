package io.tessera.pipeline.ingest;

import io.tessera.store.Ingestor;
import io.tessera.store.TesseraConfig;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Times the ingest stage alone, as {@code tessera run} calls it ({@link IngestStage#run}: the
 * store, data_health.json and quarantine/ under OUT_DIR), on a data folder or a config. Run
 * (tessera-pipeline's test classpath): {@code java -cp ...
 * io.tessera.pipeline.ingest.IngestStageBench /tmp/bench100k-new/shop-100000/data /tmp/ingest-out}
 * (or {@code --config examples/online-retail/tessera.yaml OUT_DIR}). Not a test: wall and CPU times
 * are printed, never asserted; the outputs are left for a diff against another build's.
 */
public final class IngestStageBench {
  private IngestStageBench() {}

  public static void main(String[] args) throws Exception {
    TesseraConfig config;
    Path out;
    if (args.length == 3 && args[0].equals("--config")) {
      config = TesseraConfig.load(Path.of(args[1]));
      out = Path.of(args[2]);
    } else if (args.length == 2) {
      config = TesseraConfig.forDataDir(Path.of(args[0]));
      out = Path.of(args[1]);
    } else {
      System.err.println("usage: IngestStageBench DATA_DIR OUT_DIR | --config FILE OUT_DIR");
      System.exit(2);
      return;
    }
    Files.createDirectories(out);
    Path store = out.resolve("tessera.duckdb");
    // a fixed key, so that two builds' pseudonyms (and so their stores) can be compared
    Map<String, String> env =
        Map.of("TESSERA_PSEUDONYM_KEY", "ingest-stage-bench-key-0123456789abcdef0123456789");
    long wall = System.nanoTime();
    long cpu = cpu();
    IngestStage.Outcome o =
        IngestStage.run(
            config, out, store, env, Ingestor.Progress.NONE, new PrintWriter(System.err, true));
    System.out.printf(
        "ingest stage: wall %.1f s, process CPU %.1f s, timings %s, rows %d%n",
        (System.nanoTime() - wall) / 1e9,
        (cpu() - cpu) / 1e9,
        o.timingsMs(),
        o.result().inputs().values().stream().mapToLong(Ingestor.Input::rows).sum());
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
