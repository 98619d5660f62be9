package io.tessera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.pipeline.RunResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tessera bench compare}: the goal ratios from a run's timings and the script's output. */
class BenchCompareTest {
  @TempDir Path dir;

  private static RunResult runWith(Map<String, Long> timings) {
    return new RunResult(
        Path.of("out"),
        null,
        null,
        null,
        null,
        List.of(),
        0,
        timings,
        null,
        null,
        null,
        null,
        List.of());
  }

  private static Map<String, Long> timings() {
    Map<String, Long> t = new LinkedHashMap<>();
    t.put("ingest", 300L);
    t.put("profiles", 100L);
    t.put("features", 50L);
    t.put("rfm_and_clv", 150L);
    t.put("clustering", 400L);
    t.put("churn_and_next_purchase", 2_000L);
    return t;
  }

  @Test
  void theCsvIsTheFirstReadCsvOfTheConfigResolvedAgainstItsFolder() throws Exception {
    Path config = Path.of("../examples/online-retail/tessera.yaml");
    Path csv = BenchCompare.csvOf(config);
    assertThat(csv.toString())
        .endsWith("shared/datasets/online-retail/online_retail_2010-12-01_to_2011-06-30.csv");
    assertThat(csv.isAbsolute()).isTrue();
    Path none = dir.resolve("none.yaml");
    Files.writeString(none, "sources: {}\n");
    assertThat(BenchCompare.csvOf(none)).isNull();
  }

  @Test
  void printsBothGoalRatiosFromTheScriptsStageLines() throws Exception {
    // a stand-in for python: imports succeed, the "script" prints the reference's output format
    Path python = dir.resolve("python");
    Files.writeString(
        python,
        """
        #!/bin/sh
        if [ "$1" = "-c" ]; then exit 0; fi
        echo "        load 2.000s"
        echo "         rfm 0.500s"
        echo "      kmeans 2.000s"
        echo "       bgnbd 0.400s"
        echo "  gammagamma 0.100s"
        echo '{"customers": 7, "best_k": 3, "bgnbd": {"r": 1.0}}'
        """);
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
    Path script = Files.writeString(dir.resolve("ref.py"), "# stand-in\n");
    Path csv = Files.writeString(dir.resolve("data.csv"), "a\n1\n");
    StringWriter out = new StringWriter();
    int code =
        new BenchCompare(python, script, "online-retail", csv)
            .run(new PrintWriter(out), "test", () -> runWith(timings()));
    assertThat(code).isZero();
    String text = out.toString();
    // matching stages 1.0 s vs the script's 5.0 s: 5.00x, met; whole run (~0 s here) faster
    assertThat(text)
        .contains(
            "matching stages (ingest + profiles + features + rfm_and_clv +"
                + " clustering): 1.00 s");
    assertThat(text)
        .contains("goal 1a, matching stages vs the script: 5.00x faster (goal >= 5x): met");
    assertThat(text).contains("goal 1b, whole run");
    assertThat(text).contains("load 2.00 s vs ingest + profiles 0.40 s");
    assertThat(text).contains("kmeans 2.00 s vs features + clustering 0.45 s");
    assertThat(text).contains("rfm + bgnbd + gammagamma 1.00 s vs rfm_and_clv 0.15 s");
    assertThat(text).contains("script found: customers 7, best_k 3");
  }

  @Test
  void aMissingScriptOrPythonIsSkippedWithAMessage() throws Exception {
    StringWriter out = new StringWriter();
    new BenchCompare(
            dir.resolve("no-python"),
            dir.resolve("missing.py"),
            "online-retail",
            dir.resolve("missing.csv"))
        .run(new PrintWriter(out), "test", () -> runWith(timings()));
    assertThat(out.toString())
        .contains("tessera run test:")
        .contains("reference script skipped: " + dir.resolve("missing.py") + " not found")
        .doesNotContain("goal 1a");
    Path script = Files.writeString(dir.resolve("ref.py"), "# stand-in\n");
    Path csv = Files.writeString(dir.resolve("data.csv"), "a\n1\n");
    StringWriter noPython = new StringWriter();
    new BenchCompare(dir.resolve("no-python"), script, "online-retail", csv)
        .run(new PrintWriter(noPython), "test", () -> runWith(timings()));
    assertThat(noPython.toString())
        .contains("with pandas, scikit-learn and scipy not found")
        .doesNotContain("goal 1a");
  }
}
