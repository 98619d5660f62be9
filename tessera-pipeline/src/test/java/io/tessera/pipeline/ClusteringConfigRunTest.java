package io.tessera.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.privacy.Pseudonymizer;
import io.tessera.report.Lang;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code clustering:} and {@code report:} blocks of a tessera.yaml reach the run: the run once
 * read them one level too deep and clustered every shop with the defaults, whatever the config said
 * (only the up-front validation saw the real blocks). A Gaussian mixture on the default features of
 * a shop with 1% faults is fitted at every k of the configured range.
 */
class ClusteringConfigRunTest {
  @TempDir Path tmp;

  @Test
  void theConfiguredAlgorithmKRangeAndMapShouldBeTheOnesUsed() throws IOException {
    Path data = tmp.resolve("data");
    SyntheticShop.write(new GeneratorOptions(4_000, 365, 7_077L, 0.01, null), data);
    Path yaml = data.resolve("tessera.yaml");
    Files.writeString(
        yaml,
        Files.readString(yaml)
            + "clustering:\n"
            + "  algorithm: gmm\n"
            + "  k_max: 9\n"
            + "report:\n"
            + "  map: pca\n"
            // churn is not what this checks
            + "churn:\n  enabled: false\n");
    Path out = tmp.resolve("out");
    StringWriter console = new StringWriter();
    int rc =
        TestRuns.execute(
            TesseraConfig.forDataDir(data),
            out,
            null,
            Map.of(Pseudonymizer.KEY_ENV, "a-test-key-of-enough-length"),
            new PrintWriter(console),
            false,
            List.of("tessera", "run"),
            Map.of(),
            Lang.EN);
    assertThat(rc).as(console.toString()).isZero();

    JsonNode model = new ObjectMapper().readTree(out.resolve("models/clustering.json").toFile());
    assertThat(model.path("algorithm").asText()).isEqualTo("gmm");
    List<Integer> tried = new ArrayList<>();
    model.path("k_selection").forEach(k -> tried.add(k.path("k").asInt()));
    assertThat(tried).containsExactly(2, 3, 4, 5, 6, 7, 8, 9);
    int k = model.path("k").asInt();
    assertThat(k).isBetween(2, 9);
    assertThat(model.path("components").size()).as("the mixture's components").isEqualTo(k);
    List<String> maps = new ArrayList<>();
    model.path("map").fieldNames().forEachRemaining(maps::add);
    assertThat(maps).containsExactly("pca");
    JsonNode segments = new ObjectMapper().readTree(out.resolve("segments.json").toFile());
    long clusters = 0;
    for (JsonNode s : segments.path("segments")) {
      if (s.path("kind").asText().equals("cluster")) {
        clusters++;
      }
    }
    assertThat(clusters).isEqualTo(k);
  }
}
