package io.tessera.pipeline.recommend;

import io.tessera.pipeline.PipelineOptions;
import io.tessera.recommend.PurchaseLines;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Times the recommendation stage of a finished run on its store, without the rest of the run: the
 * purchases are read from the store as the stage reads them, the segments from the run's
 * customers.csv (cluster, else RFM group, as the stage takes them), then {@link
 * RecommendStage#produce} (fit, the time split, every customer's top N, recommendations.csv,
 * models/recommend.json, the segments' sections) runs {@code rounds} times in one JVM. Prints each
 * round's wall and process CPU time and a SHA-256 of what the stage wrote (recommendations.csv and
 * models/recommend.json), so that a change can be checked to give the same output. Not a test:
 * figures are printed, never asserted.
 *
 * <p>{@code java -cp <tessera-pipeline test classpath>
 * io.tessera.pipeline.recommend.RecommendStageBench STORE RUN_OUT CONFIG|DATA_DIR AS_OF [ROUNDS]
 * [OUT]} (STORE: a copy of the run's tessera.duckdb; the run's own file stays untouched).
 */
public final class RecommendStageBench {
  private RecommendStageBench() {}

  public static void main(String[] args) throws Exception {
    Path storeFile = Path.of(args[0]);
    Path runOut = Path.of(args[1]);
    Path configOrData = Path.of(args[2]);
    LocalDate asOf = LocalDate.parse(args[3]);
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    Path out = args.length > 5 ? Path.of(args[5]) : Files.createTempDirectory("recommend-stage");
    Files.createDirectories(out);
    TesseraConfig config =
        Files.isDirectory(configOrData)
            ? TesseraConfig.forDataDir(configOrData)
            : TesseraConfig.load(configOrData);
    RecommendSettings settings = PipelineOptions.of(config).recommend();
    Set<String> excluded = new HashSet<>(column(runOut.resolve("excluded_customers.csv"), 0));
    PurchaseLines purchases;
    System.gc();
    long start = usedHeap();
    long r0 = System.nanoTime();
    try (Store store = Store.open(storeFile)) {
      purchases = RecommendStage.purchases(store, asOf, config.profileSettings(), excluded);
    }
    System.out.printf(
        "read %,d purchase lines from the store in %.2f s%n",
        purchases.size(), (System.nanoTime() - r0) / 1e9);
    System.gc();
    System.out.printf(
        "heap: %,d MB in use after a full collection at the start, %,d MB with the lines read%n",
        start >> 20, usedHeap() >> 20);
    RecommendStage.Members members = members(runOut.resolve("customers.csv"));
    for (int round = 1; round <= rounds; round++) {
      System.gc();
      long before = usedHeap();
      io.tessera.pipeline.outputs.HeapWatch watch = io.tessera.pipeline.outputs.HeapWatch.start();
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      long c0 = cpu();
      long t0 = System.nanoTime();
      RecommendStage.Produced p =
          RecommendStage.produce(
              settings, out, asOf, new RecommendStage.Input(purchases, null, 0), members);
      long wall = System.nanoTime() - t0;
      long cpu = cpu() - c0;
      io.tessera.pipeline.outputs.HeapWatch.Use use = watch.use();
      watch.close();
      System.out.printf(
          "round %d heap: %,d MB in use after a full collection before it (the lines read);"
              + " at most %,d MB after a collection during it (%d collections, %d full)%n",
          round, before >> 20, use.peakAfterGcMb(), use.collections(), use.fullCollections());
      System.out.printf(
          "round %d: %.3f s wall, %.3f s process CPU (load average %.1f); method %s;"
              + " %,d recommendations; output sha256 %s%n",
          round,
          wall / 1e9,
          cpu / 1e9,
          load,
          p.model().path("method").asText(),
          p.recommendations().size(),
          digest(out));
    }
    System.out.println(
        "evaluation: " + p(out.resolve("models/recommend.json")).path("evaluation").toString());
  }

  private static com.fasterxml.jackson.databind.JsonNode p(Path file) throws IOException {
    return io.tessera.store.RunOutputs.JSON.readTree(file.toFile());
  }

  /** The stage's members as customers.csv gives them: cluster, else RFM group. */
  static RecommendStage.Members members(Path customersCsv) throws IOException {
    List<String> lines = Files.readAllLines(customersCsv, StandardCharsets.UTF_8);
    List<String> header = List.of(lines.get(0).split(","));
    int rfmCol = header.indexOf("rfm_segment");
    int clusterCol = header.indexOf("cluster");
    List<String> customers = new ArrayList<>();
    Map<String, String> segmentOf = new HashMap<>();
    Map<String, String> rfm = new HashMap<>();
    Map<String, String> cluster = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      // the columns read here come before any quoted text
      String[] f = line.split(",", clusterCol + 2);
      String id = f[0];
      customers.add(id);
      if (!f[rfmCol].isEmpty()) {
        rfm.put(id, "rfm:" + f[rfmCol]);
      }
      if (!f[clusterCol].isEmpty()) {
        cluster.put(id, f[clusterCol]);
      }
      String seg = cluster.getOrDefault(id, rfm.get(id));
      if (seg != null) {
        segmentOf.put(id, seg);
      }
    }
    customers.sort(java.util.Comparator.naturalOrder());
    return new RecommendStage.Members(customers, segmentOf, rfm, cluster);
  }

  private static List<String> column(Path csv, int col) throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.exists(csv)) {
      return out;
    }
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      out.add(line.split(",", -1)[col]);
    }
    return out;
  }

  /** SHA-256 of recommendations.csv and models/recommend.json. */
  static String digest(Path out) throws IOException, NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(Files.readAllBytes(out.resolve("recommendations.csv")));
    md.update(Files.readAllBytes(out.resolve("models/recommend.json")));
    return HexFormat.of().formatHex(md.digest()).substring(0, 16);
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
