package io.tessera.pipeline.rfm;

import io.tessera.pipeline.PipelineOptions;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Times the first part of a run's {@code rfm_and_clv} (the buyers' RFM scores and the BG/NBD +
 * Gamma-Gamma fit, {@link CustomerStage#run}) on the store of a finished run, {@code rounds} times
 * in one JVM, and prints each round's wall and process CPU time with a SHA-256 of every buyer's
 * scores and lifetime values and of models/clv.json without its timing, so that a change can be
 * checked to give the same output. Not a test: figures are printed, never asserted.
 *
 * <p>{@code java -cp <tessera-pipeline test classpath> io.tessera.pipeline.rfm.ClvStageBench STORE
 * RUN_OUT CONFIG|DATA_DIR AS_OF [ROUNDS]} (STORE: a copy of the run's tessera.duckdb).
 */
public final class ClvStageBench {
  private ClvStageBench() {}

  public static void main(String[] args) throws Exception {
    Path storeFile = Path.of(args[0]);
    Path runOut = Path.of(args[1]);
    Path configOrData = Path.of(args[2]);
    LocalDate asOf = LocalDate.parse(args[3]);
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    Path out = Files.createTempDirectory("clv-stage");
    TesseraConfig config =
        Files.isDirectory(configOrData)
            ? TesseraConfig.forDataDir(configOrData)
            : TesseraConfig.load(configOrData);
    var unit = PipelineOptions.of(config).clvUnit();
    Set<String> excluded = new TreeSet<>();
    Path ex = runOut.resolve("excluded_customers.csv");
    if (Files.exists(ex)) {
      List<String> lines = Files.readAllLines(ex, StandardCharsets.UTF_8);
      for (String line : lines.subList(1, lines.size())) {
        excluded.add(line.split(",", -1)[0]);
      }
    }
    try (Store store = Store.open(storeFile)) {
      for (int round = 1; round <= rounds; round++) {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long c0 = cpu();
        long t0 = System.nanoTime();
        CustomerStage.Outcome o = CustomerStage.run(config, unit, store, out, excluded, asOf);
        long wall = System.nanoTime() - t0;
        long cpu = cpu() - c0;
        System.out.printf(
            "round %d: %.3f s wall, %.3f s process CPU (load average %.1f); %,d buyers; %s;"
                + " sha256 %s%n",
            round, wall / 1e9, cpu / 1e9, load, o.customers(), o.clvMethod(), digest(o, out));
      }
    }
    System.out.println(Files.readString(out.resolve("models/clv.json")).lines().limit(40).toList());
  }

  private static String digest(CustomerStage.Outcome o, Path out) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < o.customers(); i++) {
      rows.add(
          o.ids().get(i)
              + ","
              + o.recency()[i]
              + ","
              + o.frequency()[i]
              + ","
              + o.monetary()[i]
              + ","
              + o.scores()[i]
              + ","
              + o.pAlive()[i]
              + ","
              + o.expected90()[i]
              + ","
              + o.clv365()[i]);
    }
    md.update(String.join("\n", rows).getBytes(StandardCharsets.UTF_8));
    String json = Files.readString(out.resolve("models/clv.json"));
    md.update(json.replaceAll("\"(fit_millis|fitted_at)\"\\s*:\\s*[^,}]*", "").getBytes());
    return HexFormat.of().formatHex(md.digest()).substring(0, 16);
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
