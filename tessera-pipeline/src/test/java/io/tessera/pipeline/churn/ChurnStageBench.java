package io.tessera.pipeline.churn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.contract.Event;
import io.tessera.contract.Interaction;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.Review;
import io.tessera.pipeline.AsOf;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.predict.clv.TransactionSummary;
import io.tessera.profile.ProfileFold;
import io.tessera.profile.ProfileTable;
import io.tessera.store.RunOutputs;
import io.tessera.store.Store;
import io.tessera.store.StoreRecords;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Runs the churn and next-purchase stage alone on an ingested store, as a whole run would: the
 * profiles as of the as-of date are folded first (untimed, the segmentation stage's work), then
 * {@link ChurnStage#run} is timed (wall, process CPU, garbage collection). Writes {@code
 * models/churn.json} and {@code churn_scores.tsv} (every scored customer's churn probability,
 * reasons and next-purchase probability, sorted by id) under OUT, so two builds can be diffed.
 *
 * <p>Run on a copy of a store (DuckDB opens it for writing):
 *
 * <pre>
 * java -cp ... io.tessera.pipeline.churn.ChurnStageBench STORE DATA_DIR OUT [churn.key=value ...]
 * </pre>
 *
 * DATA_DIR holds the run's tessera.yaml (its as_of, timezone and churn block); each {@code
 * churn.key=value} overrides one key of the churn block (e.g. {@code churn.model=random_forest},
 * {@code churn.cv_fit_rows=0}; a whole number or true/false is read as one). Not a test: times are
 * printed, never asserted.
 */
public final class ChurnStageBench {
  private ChurnStageBench() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println(
          "usage: ChurnStageBench STORE DATA_DIR OUT [churn.key=value ...] (STORE: a copy)");
      System.exit(2);
    }
    Path storeFile = Path.of(args[0]);
    TesseraConfig config = TesseraConfig.forDataDir(Path.of(args[1]));
    Path out = Path.of(args[2]);
    ObjectNode raw =
        config.raw() instanceof ObjectNode o ? o.deepCopy() : RunOutputs.JSON.createObjectNode();
    for (int i = 3; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      if (kv.length != 2 || !kv[0].startsWith("churn.")) {
        System.err.println("not churn.key=value: " + args[i]);
        System.exit(2);
      }
      ObjectNode churn = raw.has("churn") ? (ObjectNode) raw.get("churn") : raw.putObject("churn");
      String key = kv[0].substring("churn.".length());
      if (kv[1].matches("-?\\d+")) {
        churn.put(key, Long.parseLong(kv[1])); // as tessera.yaml's `folds: 3` would read
      } else if (kv[1].equals("true") || kv[1].equals("false")) {
        churn.put(key, Boolean.parseBoolean(kv[1]));
      } else {
        churn.put(key, kv[1]);
      }
    }
    ChurnSettings settings = ChurnSettings.parse(raw);
    System.out.printf(
        "machine: %d cores, max heap %,d MB, %s; load %.2f%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.version(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    try (Store store = Store.open(storeFile)) {
      LocalDate asOf = AsOf.decide(config, store);
      Set<String> excluded = CustomerStage.excluded(store, out, config.defaultProfilingAllowed());
      long f0 = System.nanoTime();
      ProfileTable folded = foldAsOf(config, store, excluded, asOf);
      System.out.printf(
          "as-of %s profiles folded (untimed, the segmentation stage's): %,d in %.1f s%n",
          asOf, folded.size(), (System.nanoTime() - f0) / 1e9);
      long cpu0 = processCpuNanos();
      long own0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      long gc0 = gcMillis();
      long t0 = System.nanoTime();
      ChurnStage.Outcome outcome =
          ChurnStage.run(
              config,
              settings,
              TransactionSummary.TimeUnit.DAYS,
              store,
              out,
              asOf,
              excluded,
              folded);
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (processCpuNanos() - cpu0) / 1e9;
      double gc = (gcMillis() - gc0) / 1e3;
      // the calling thread's own CPU: the part of the stage no other thread took over, the one
      // figure of its critical path that a loaded machine's wall time does not blur
      double own = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - own0) / 1e9;
      System.out.printf(
          "churn stage: %.1f s wall, %.1f s process CPU (user+sys), %.1f s GC, %.1f s CPU on the"
              + " calling thread; load now %.2f%n",
          wall, cpu, gc, own, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      writeScores(outcome, out.resolve("churn_scores.tsv"));
      summary(out.resolve("models/churn.json"));
    }
  }

  /**
   * The profiles as of the end of the as-of date, folded as the segmentation stage folds them (the
   * events read in one share per thread).
   */
  static ProfileTable foldAsOf(
      TesseraConfig config, Store store, Set<String> excluded, LocalDate asOf) {
    StoreRecords records = new StoreRecords(store, excluded);
    ProfileFold.Options options =
        ProfileFold.Options.defaults()
            .withSettings(config.profileSettings())
            .withUntil(asOf.plusDays(1).atStartOfDay(config.timezone()).toInstant());
    List<Stream<Event>> events = records.profileEventParts(null, options.threads());
    try (Stream<Order> orders = records.orders();
        Stream<OrderItem> items = records.items();
        Stream<Interaction> interactions = records.interactions();
        Stream<Review> reviews = records.reviews()) {
      return ProfileFold.fold(
          new ProfileFold.Inputs(orders, items, null, interactions, reviews, events), options);
    } finally {
      events.forEach(Stream::close);
    }
  }

  private static void writeScores(ChurnStage.Outcome o, Path file) throws IOException {
    TreeSet<String> ids = new TreeSet<>(o.churnProbability().keySet());
    ids.addAll(o.pBuy30d().keySet());
    try (Writer w = Files.newBufferedWriter(file)) {
      w.write("customer_id\tchurn_probability\treasons\tp_buy_30d\tband\n");
      for (String id : ids) {
        List<String> why = o.reasons().get(id);
        w.write(
            id
                + "\t"
                + o.churnProbability().get(id)
                + "\t"
                + (why == null ? "" : String.join("; ", why))
                + "\t"
                + o.pBuy30d().get(id)
                + "\t"
                + o.band().get(id)
                + "\n");
      }
    }
  }

  private static void summary(Path churnJson) throws IOException {
    JsonNode c = RunOutputs.JSON.readTree(churnJson.toFile());
    JsonNode cv = c.path("cv");
    System.out.printf(
        "churn: %s, %d training rows, %d scored; CV ROC-AUC %s PR-AUC %s Brier %s (raw %s)%n",
        c.path("model").asText(),
        cv.path("rows").asInt(),
        c.path("label").path("scored_customers").asInt(),
        cv.path("roc_auc").asText(),
        cv.path("pr_auc").asText(),
        cv.path("brier").asText(),
        cv.path("brier_uncalibrated").asText());
    if (cv.has("sample_rule")) {
      System.out.println("  " + cv.path("sample_rule").asText());
    }
    for (JsonNode m : c.path("models_compared")) {
      System.out.printf(
          "  %-13s CV %6.1f s  ROC-AUC %s%n",
          m.path("model").asText(), m.path("cv_seconds").asDouble(), m.path("roc_auc").asText());
    }
    System.out.printf(
        "  training (CV + refit) %.1f s of the stage's %.1f s%n",
        c.path("provenance").path("training_seconds").asDouble(),
        c.path("provenance").path("seconds").asDouble());
    JsonNode next = c.path("next_purchase");
    for (JsonNode v : next.path("validation")) {
      System.out.printf(
          "next purchase %-10s test ROC-AUC %s Brier %s%n",
          v.path("source").asText(), v.path("roc_auc").asText(), v.path("brier").asText());
    }
    System.out.printf(
        "next purchase chosen: %s, %d scored%n",
        next.path("chosen").asText(), next.path("scored_customers").asInt());
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, b.getCollectionTime());
    }
    return sum;
  }
}
