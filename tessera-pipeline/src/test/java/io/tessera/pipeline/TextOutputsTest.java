package io.tessera.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.pipeline.text.TextStage;
import io.tessera.privacy.Pseudonymizer;
import io.tessera.store.RunOutputs;
import io.tessera.store.TesseraConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run writes texts.csv and models/text.json: every text scored, contact and card details masked,
 * the classifier trained on the star ratings with its CV figures, topics per language.
 */
class TextOutputsTest {
  @TempDir Path tmp;

  @Test
  void shouldWriteMaskedScoredTextsAndTheTextModel() throws IOException {
    Path data = tmp.resolve("data");
    SyntheticShop.write(new GeneratorOptions(1_500, 365, 5, 0.0, null), data);
    String customer = Files.readAllLines(data.resolve("customers.csv")).get(1).split(",")[0];
    Files.writeString(
        data.resolve("interactions.csv"),
        "IX-1,"
            + customer
            + ",2026-06-01T10:00:00Z,email,complaint,\"Refund please, card 4111 1111 1111 1111,"
            + " mail me at jo.kim@example.com or call 010-1234-5678. It arrived damaged!\"\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    int rc =
        TestRuns.execute(
            TesseraConfig.forDataDir(data),
            tmp.resolve("out"),
            null,
            Map.of(Pseudonymizer.KEY_ENV, "text-test-key-0123456789"),
            new PrintWriter(new StringWriter()),
            false,
            List.of("tessera", "run"),
            Map.of(),
            io.tessera.report.Lang.EN);
    assertThat(rc).isZero();
    List<String> rows = Files.readAllLines(tmp.resolve("out/texts.csv"), StandardCharsets.UTF_8);
    assertThat(rows.get(0)).isEqualTo(String.join(",", TextStage.COLUMNS));
    String planted = rows.stream().filter(r -> r.startsWith("IX-1,")).findFirst().orElseThrow();
    assertThat(planted)
        // a complaint by its two terms (the sentiment comes from the classifier trained on the
        // shop's own rated reviews, which never saw such a text)
        .contains("[card]", "[email]", "[phone]", ",classifier,1,refund damaged,")
        .doesNotContain("4111", "jo.kim", "1234-5678");
    String all = String.join("\n", rows);
    assertThat(all).doesNotContain("@example.com");
    long texts = rows.size() - 1;
    assertThat(texts).isGreaterThan(500);

    JsonNode model = RunOutputs.JSON.readTree(tmp.resolve("out/models/text.json").toFile());
    assertThat(model.path("format_version").asInt()).isEqualTo(1);
    assertThat(model.path("texts").asLong()).isEqualTo(texts);
    JsonNode cls = model.path("methods").path("classifier");
    assertThat(cls.path("status").asText()).isEqualTo("trained");
    // the planted review texts follow their ratings, so the weak labels are learnable
    assertThat(cls.path("cv").path("accuracy").asDouble()).isGreaterThan(0.9);
    // the CV runs on a capped sample; the classifier is fitted on every rated review
    assertThat(cls.path("cv").path("texts").asInt())
        .isLessThanOrEqualTo(io.tessera.text.TextOptions.DEFAULT_CV_MAX_TEXTS)
        .isLessThanOrEqualTo(cls.path("texts").asInt());
    // the fitted classifier is in the file and scores as the run did
    io.tessera.text.SentimentClassifier saved =
        io.tessera.text.SentimentClassifier.fromJson(cls.path("model"));
    assertThat(saved.provenance().texts()).isEqualTo(cls.path("texts").asInt());
    String[] cells = planted.split(",");
    // texts.csv: id,source,customer_id,language,sentiment,...
    assertThat(
            saved.score(
                "Refund please, card 4111 1111 1111 1111, mail me at jo.kim@example.com or call"
                    + " 010-1234-5678. It arrived damaged!"))
        .isCloseTo(Double.parseDouble(cells[4]), org.assertj.core.data.Offset.offset(1e-4));
    assertThat(model.path("complaint_examples").size()).isEqualTo(3);
    assertThat(model.path("complaint_examples").toString()).doesNotContain("4111", "@example.com");
    String report = Files.readString(tmp.resolve("out/report.html"), StandardCharsets.UTF_8);
    assertThat(report).contains("<section id=\"texts\"").doesNotContain("jo.kim@example.com");
    assertThat(model.path("topics").size()).isGreaterThanOrEqualTo(4);
    for (JsonNode t : model.path("topics")) {
      for (JsonNode ex : t.path("examples")) {
        assertThat(ex.asText()).doesNotContain("@example.com");
      }
    }
    JsonNode segments = RunOutputs.JSON.readTree(tmp.resolve("out/segments.json").toFile());
    boolean anyText = false;
    for (JsonNode s : segments.path("segments")) {
      anyText |= s.has("text");
    }
    assertThat(anyText).isTrue();
  }
}
