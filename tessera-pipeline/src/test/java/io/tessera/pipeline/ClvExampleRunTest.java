package io.tessera.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.store.TesseraConfig;
import io.tessera.testing.SharedData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `tessera run --config examples/cdnow/tessera.yaml` goes from the raw CDNOW sample transactions to
 * models/clv.json with the published parameters (../shared/datasets/cdnow/README.md): BG/NBD r,
 * alpha, a, b = 0.243, 4.414, 0.793, 2.426 and LL -9582.4 (Fader, Hardie & Lee 2005; CLVTools
 * -9582.429); Gamma-Gamma p, q, gamma = 6.25, 3.74, 15.44 (Fader & Hardie 2013; CLVTools LL
 * -4055.9177); corr(frequency, spend) = 0.113884 (lifetimes Quickstart).
 */
@Tag("slow")
class ClvExampleRunTest {
  @TempDir Path out;

  @Test
  void theExampleRunShouldReproduceThePublishedModels() throws IOException {
    SharedData.require("cdnow/CDNOW_sample.txt");
    Path config = SharedData.repoRoot().resolve("examples/cdnow/tessera.yaml");
    int rc =
        TestRuns.execute(
            TesseraConfig.load(config),
            out,
            null,
            Map.of(),
            new PrintWriter(new StringWriter()),
            false,
            List.of("tessera", "run"),
            Map.of(),
            io.tessera.report.Lang.EN);
    assertThat(rc).isZero();
    JsonNode clv = new ObjectMapper().readTree(out.resolve("models/clv.json").toFile());
    assertThat(clv.path("format_version").asInt()).isEqualTo(1);
    assertThat(clv.path("time_unit").asText()).isEqualTo("weeks");
    JsonNode b = clv.path("bgnbd");
    assertThat(b.path("r").asDouble()).isCloseTo(0.243, within(0.0005));
    assertThat(b.path("alpha").asDouble()).isCloseTo(4.414, within(0.005));
    assertThat(b.path("a").asDouble()).isCloseTo(0.793, within(0.0005));
    assertThat(b.path("b").asDouble()).isCloseTo(2.426, within(0.005));
    assertThat(b.path("log_likelihood").asDouble()).isCloseTo(-9582.429, within(0.01));
    JsonNode g = clv.path("gamma_gamma");
    assertThat(g.path("p").asDouble()).isCloseTo(6.25, within(0.01));
    assertThat(g.path("q").asDouble()).isCloseTo(3.74, within(0.01));
    assertThat(g.path("gamma").asDouble()).isCloseTo(15.44, within(0.02));
    assertThat(g.path("log_likelihood").asDouble()).isCloseTo(-4055.9177, within(0.001));
    assertThat(clv.path("frequency_spend_correlation").asDouble())
        .isCloseTo(0.113884, within(1e-5));
    assertThat(clv.path("customers").asInt()).isEqualTo(2_357);
    assertThat(clv.path("repeat_buyers").asInt()).isEqualTo(946);
    assertThat(Files.readAllLines(out.resolve("customers.csv"))).hasSize(2_358);
  }
}
