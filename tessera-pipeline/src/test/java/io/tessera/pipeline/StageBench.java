package io.tessera.pipeline;

import io.tessera.ingest.DataHealth;
import io.tessera.pipeline.churn.ChurnStage;
import io.tessera.pipeline.identity.IdentityStage;
import io.tessera.pipeline.rfm.CustomerStage;
import io.tessera.pipeline.segment.SegmentStage;
import io.tessera.pipeline.text.TextStage;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileField;
import io.tessera.profile.ProfileTable;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import io.tessera.text.Lexicons;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Times one stage of the batch run on a finished run's store, without the stages before it: {@code
 * identity} (resolution, identities.csv, data health with the threshold curve), {@code texts} (the
 * text stage's scoring, then its writing without the churn comparison) or {@code texts-churn} (the
 * churn stage first, untimed, then the text stage with the churn-with-text comparison, its part
 * timed apart). The store file is copied to the output folder first, so the original is never
 * changed. Run (tessera-pipeline's test classpath): {@code java -cp ...
 * io.tessera.pipeline.StageBench identity /tmp/bench100k/shop-100000/out/tessera.duckdb
 * /tmp/bench100k/shop-100000/data /tmp/stage-bench}; the lexicons come from the environment ({@code
 * TESSERA_LEXICON_EN}, {@code TESSERA_LEXICON_KO}). Not a test: wall and CPU times are printed,
 * never asserted.
 */
public final class StageBench {
  private StageBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println(
          "usage: StageBench identity|profiles|segments|texts|texts-churn STORE.duckdb DATA_DIR"
              + " OUT_DIR");
      System.exit(2);
    }
    String stage = args[0];
    Path data = Path.of(args[2]);
    Path out = Path.of(args[3]);
    Files.createDirectories(out);
    Path store = out.resolve("tessera.duckdb");
    Files.copy(Path.of(args[1]), store, StandardCopyOption.REPLACE_EXISTING);
    TesseraConfig config = TesseraConfig.forDataDir(data);
    PipelineOptions options = PipelineOptions.of(config);
    try (Store s = Store.open(store)) {
      Set<String> excluded = CustomerStage.excluded(s, out, config.defaultProfilingAllowed());
      LocalDate asOf = AsOf.decide(config, s);
      switch (stage) {
        case "identity" -> {
          long[] t = start();
          IdentityStage.run(
              options.identity(),
              config,
              s,
              out,
              excluded,
              new DataHealth(DataHealth.FORMAT_VERSION, Map.of(), List.of()),
              false);
          report("identity", t);
        }
        case "profiles" -> {
          for (int round = 1; round <= rounds(); round++) {
            long[] t = start();
            SegmentStage.Folded folded = SegmentStage.fold(config, s, excluded, asOf);
            report("profiles: round " + round, t);
            System.out.println(
                "profiles: "
                    + folded.profiles().size()
                    + " customers, "
                    + folded.customers().size()
                    + " customers-file rows, values sha256 "
                    + digest(folded.profiles(), asOf));
          }
        }
        case "segments" -> {
          // RFM and lifetime value first, untimed (the describer reads the RFM groups); no texts
          var rfm = CustomerStage.run(config, options.clvUnit(), s, out, excluded, asOf);
          for (int round = 1; round <= rounds(); round++) {
            long[] t = start();
            SegmentStage.Outcome o =
                SegmentStage.run(config, options.segmentation(), s, out, asOf, excluded, rfm, null);
            report("segments: round " + round + " " + o.timingsMs(), t);
            System.out.println(
                "segments: labels sha256 "
                    + labelsDigest(o)
                    + ", models/clustering.json (without fitted_at and fit_millis) sha256 "
                    + withoutClocks(out.resolve("models/clustering.json")));
          }
        }
        case "texts", "texts-churn" -> {
          ChurnStage.Outcome churn = null;
          if (stage.equals("texts-churn")) {
            churn =
                ChurnStage.run(
                    config, options.churn(), options.clvUnit(), s, out, asOf, excluded, null);
          }
          long[] t = start();
          TextStage.Outcome o =
              TextStage.score(
                  options.text(),
                  Lexicons.load(
                      options.text().lexiconEn(), options.text().lexiconKo(), System.getenv()),
                  s,
                  excluded,
                  new java.io.PrintWriter(System.out, true));
          report("texts: score", t);
          long[] w = start();
          TextStage.write(o, out, Map.of(), churn, config, s, excluded, asOf);
          report("texts: write" + (churn == null ? "" : " with the churn comparison"), w);
          report("texts: the stage", t);
        }
        default -> throw new IllegalArgumentException("unknown stage " + stage);
      }
    }
  }

  /** A SHA-256 of each segmented customer's id, segment and reasons. */
  private static String labelsDigest(SegmentStage.Outcome o)
      throws java.security.NoSuchAlgorithmException {
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < o.ids().size(); i++) {
      String row =
          o.ids().get(i)
              + ","
              + (o.labels() == null ? "" : o.segments().get(o.labels()[i]).id())
              + ","
              + (o.reasons().isEmpty() ? "" : o.reasons().get(i))
              + "\n";
      sha.update(row.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return java.util.HexFormat.of().formatHex(sha.digest());
  }

  /** A SHA-256 of a JSON file's text without the lines of its clocks. */
  private static String withoutClocks(Path file) throws Exception {
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    for (String line : Files.readAllLines(file)) {
      if (!line.contains("\"fitted_at\"") && !line.contains("\"fit_millis\"")) {
        sha.update((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return java.util.HexFormat.of().formatHex(sha.digest());
  }

  /** Rounds of a repeatable stage: the system property {@code rounds}, 1 by default. */
  private static int rounds() {
    return Integer.getInteger("rounds", 1);
  }

  /**
   * A SHA-256 of every profile's id and field values as of {@code asOf} (the bits of each double),
   * so that a change to the fold can be checked to give the same profiles.
   */
  private static String digest(ProfileTable profiles, LocalDate asOf)
      throws java.security.NoSuchAlgorithmException {
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    java.nio.ByteBuffer row = java.nio.ByteBuffer.allocate(8 * ProfileField.values().length);
    sha.update(profiles.counts().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (int i = 0; i < profiles.size(); i++) {
      CustomerProfile p = profiles.profile(i);
      sha.update(p.customerId().value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      row.clear();
      for (double v : p.values(asOf)) {
        row.putLong(Double.doubleToLongBits(v));
      }
      sha.update(row.array());
      sha.update(
          (p.categoryShares() + "/" + eventWindows(p, asOf))
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return java.util.HexFormat.of().formatHex(sha.digest());
  }

  /**
   * Each event type's count in the last 1, 7 and 30 days and in all (the rule segments' counts).
   */
  private static String eventWindows(CustomerProfile p, LocalDate asOf) {
    StringBuilder out = new StringBuilder();
    for (io.tessera.contract.EventType type : io.tessera.contract.EventType.values()) {
      for (int days : new int[] {0, 1, 7, 30}) {
        out.append(p.eventCount(type, asOf, days)).append(',');
      }
    }
    return out.toString();
  }

  private static long[] start() {
    return new long[] {System.nanoTime(), cpu()};
  }

  private static void report(String what, long[] t) {
    System.out.printf(
        "%s: wall %.1f s, process CPU %.1f s%n",
        what, (System.nanoTime() - t[0]) / 1e9, (cpu() - t[1]) / 1e9);
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
