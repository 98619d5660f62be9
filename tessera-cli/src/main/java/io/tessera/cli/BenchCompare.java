package io.tessera.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.pipeline.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tessera bench compare}: one Tessera run on a config beside the pandas + scikit-learn +
 * scipy reference script on the same file, and issue 14's goal 1 as ratios: the stages the script
 * also does at least 5x faster than the script, and the whole run faster than the script.
 *
 * <p>Which Tessera stages match the script's: load = ingest + profiles; RFM, BG/NBD and Gamma-Gamma
 * = rfm_and_clv; k-means with automatic k = features + clustering (Tessera's clustering stage also
 * starts the UMAP and PCA maps, which the script does not draw; they are finished beside churn and
 * the recommendations, so what is left of them is in those stages' times and the whole run's).
 */
final class BenchCompare {
  /** The goal of issue 14: the matching stages at least this many times faster. */
  static final double STAGE_GOAL = 5.0;

  /** Tessera stages that do what the reference script does. */
  static final List<String> MATCHING =
      List.of("ingest", "profiles", "features", "rfm_and_clv", "clustering");

  private static final Pattern READ_CSV = Pattern.compile("read_csv\\('([^']+)'");
  private static final Pattern STAGE_LINE = Pattern.compile("^\\s*([a-z_]+) ([0-9.]+)s$");

  private final Path python;
  private final Path script;
  private final String kind;
  private final Path csv;

  BenchCompare(Path python, Path script, String kind, Path csv) {
    this.python = python;
    this.script = script;
    this.kind = kind;
    this.csv = csv;
  }

  /** What running Tessera once returns. */
  interface Run {
    RunResult run() throws IOException;
  }

  /** The first {@code read_csv('...')} file the config names, resolved against its folder. */
  static Path csvOf(Path config) throws IOException {
    Matcher m = READ_CSV.matcher(Files.readString(config));
    if (!m.find()) {
      return null;
    }
    Path base = config.toAbsolutePath().getParent();
    return base.resolve(m.group(1)).normalize();
  }

  int run(PrintWriter w, String what, Run tessera) throws IOException {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double load = os.getSystemLoadAverage();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    RunResult result = tessera.run();
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
    Map<String, Long> ms = result.timingsMs();
    long matching = MATCHING.stream().mapToLong(s -> ms.getOrDefault(s, 0L)).sum();
    w.printf(
        "tessera run %s: %.2f s wall, %.1f s process CPU (load average %.2f before)%n",
        what, seconds, cpu, load);
    w.print("  stages (ms):");
    ms.forEach((stage, t) -> w.printf(" %s %d", stage, t));
    w.println();
    w.printf("  matching stages (%s): %.2f s%n", String.join(" + ", MATCHING), matching / 1000.0);
    w.flush();

    Reference ref = reference(w);
    if (ref == null) {
      return 0;
    }
    w.printf(
        "reference script %s %s: %.2f s wall (its own stage total %.2f s:%s)%n",
        kind, csv, ref.wall(), ref.total(), ref.stagesText());
    if (ref.summary() != null) {
      w.printf("  script found: %s%n", ref.summary());
    }
    double stageRatio = ref.total() / (matching / 1000.0);
    double runRatio = ref.total() / seconds;
    w.printf(
        "goal 1a, matching stages vs the script: %.2fx faster (goal >= %.0fx): %s%n",
        stageRatio, STAGE_GOAL, stageRatio >= STAGE_GOAL ? "met" : "not met");
    w.printf(
        "goal 1b, whole run (with churn, map and report) vs the script: %.2fx (goal > 1x): %s%n",
        runRatio, runRatio > 1 ? "met" : "not met");
    w.printf(
        "  by stage: load %.2f s vs ingest + profiles %.2f s; kmeans %.2f s vs features +"
            + " clustering %.2f s; rfm + bgnbd + gammagamma %.2f s vs rfm_and_clv %.2f s%n",
        ref.stage("load"),
        (ms.getOrDefault("ingest", 0L) + ms.getOrDefault("profiles", 0L)) / 1000.0,
        ref.stage("kmeans"),
        (ms.getOrDefault("features", 0L) + ms.getOrDefault("clustering", 0L)) / 1000.0,
        ref.stage("rfm") + ref.stage("bgnbd") + ref.stage("gammagamma"),
        ms.getOrDefault("rfm_and_clv", 0L) / 1000.0);
    w.flush();
    return 0;
  }

  /** The script's stage seconds and summary. */
  record Reference(Map<String, Double> stages, double wall, String summary) {
    double total() {
      return stages.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    double stage(String name) {
      return stages.getOrDefault(name, 0.0);
    }

    String stagesText() {
      StringBuilder b = new StringBuilder();
      stages.forEach((k, v) -> b.append(String.format(" %s %.3f", k, v)));
      return b.toString();
    }
  }

  /** Runs the script, or says in one line why it is skipped and returns null. */
  private Reference reference(PrintWriter w) throws IOException {
    if (!Files.isRegularFile(script)) {
      w.printf(
          "reference script skipped: %s not found (it lives in ../shared/bench beside the"
              + " repository; --reference-script names another)%n",
          script);
      return null;
    }
    if (csv == null || !Files.isRegularFile(csv)) {
      w.printf(
          "reference script skipped: its input %s not found (--reference-csv names it)%n",
          csv == null ? "(no read_csv('...') in the config)" : csv);
      return null;
    }
    if (!Files.isExecutable(python)
        || exec(List.of(python.toString(), "-c", "import pandas, sklearn, scipy")).code() != 0) {
      w.printf(
          "reference script skipped: %s with pandas, scikit-learn and scipy not found (Debian:"
              + " apt-get install python3-pandas python3-sklearn python3-scipy)%n",
          python);
      return null;
    }
    long t0 = System.nanoTime();
    Exec out = exec(List.of(python.toString(), script.toString(), kind, csv.toString()));
    double wall = (System.nanoTime() - t0) / 1e9;
    if (out.code() != 0) {
      List<String> lines = out.lines();
      w.printf(
          "reference script failed (exit %d): %s%n",
          out.code(), lines.isEmpty() ? "" : lines.get(lines.size() - 1));
      return null;
    }
    Map<String, Double> stages = new LinkedHashMap<>();
    String summary = null;
    for (String line : out.lines()) {
      Matcher m = STAGE_LINE.matcher(line);
      if (m.matches()) {
        stages.put(m.group(1), Double.parseDouble(m.group(2)));
      } else if (line.startsWith("{")) {
        JsonNode json = new ObjectMapper().readTree(line);
        summary =
            "customers "
                + json.path("customers").asText()
                + ", best_k "
                + json.path("best_k").asText()
                + ", bgnbd "
                + json.path("bgnbd");
      }
    }
    return new Reference(stages, wall, summary);
  }

  private record Exec(int code, List<String> lines) {}

  private static Exec exec(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (var r = p.inputReader(StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
      }
    }
    try {
      return new Exec(p.waitFor(), lines);
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the reference script ran", e);
    }
  }
}
