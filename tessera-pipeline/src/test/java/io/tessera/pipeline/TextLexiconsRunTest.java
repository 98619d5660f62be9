package io.tessera.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.config.ConfigException;
import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.privacy.Pseudonymizer;
import io.tessera.store.RunOutputs;
import io.tessera.store.TesseraConfig;
import io.tessera.text.Lexicons;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run on a user's machine finds the sentiment lexicons only where it is told ({@code
 * text.lexicon_en} / {@code text.lexicon_ko}, else {@code TESSERA_LEXICON_EN} / {@code
 * TESSERA_LEXICON_KO}), English else from the copy of VADER bundled in the jar; without a Korean
 * one it says so on the console, one line, and in {@code models/text.json} ({@code
 * methods.lexicon.missing}: which lexicon, how many texts, what they get instead, how to supply
 * it). Small lexicons in the two formats are written here, so the test never needs ../shared.
 */
class TextLexiconsRunTest {
  @TempDir static Path shop;
  @TempDir Path tmp;

  @BeforeAll
  static void generate() throws IOException {
    SyntheticShop.write(new GeneratorOptions(800, 365, 3, 0.0, null), shop.resolve("data"));
  }

  private String run(Path data, Map<String, String> env) throws IOException {
    StringWriter console = new StringWriter();
    Map<String, String> e = new HashMap<>(env);
    e.put(Pseudonymizer.KEY_ENV, "lexicon-test-key-0123456789");
    TestRuns.execute(
        TesseraConfig.forDataDir(data),
        tmp.resolve("out"),
        null,
        e,
        new PrintWriter(console),
        false,
        List.of("tessera", "run"),
        Map.of(),
        io.tessera.report.Lang.EN);
    return console.toString();
  }

  /** How many labelled texts the lexicon was measured on beside the classifier. */
  private int lexiconOnLabelledTexts() throws IOException {
    return RunOutputs.JSON
        .readTree(tmp.resolve("out/models/text.json").toFile())
        .path("methods")
        .path("classifier")
        .path("lexicon_on_labelled")
        .path("texts")
        .asInt();
  }

  private JsonNode lexicon() throws IOException {
    return RunOutputs.JSON
        .readTree(tmp.resolve("out/models/text.json").toFile())
        .path("methods")
        .path("lexicon");
  }

  @Test
  void withoutLexiconsEnglishGetsTheBundledCopyAndTheRunSaysKoreanIsMissing() throws IOException {
    String console = run(shop.resolve("data"), Map.of());
    List<String> lines = console.lines().filter(l -> l.startsWith("texts: no ")).toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .startsWith("texts: no Korean sentiment lexicon (KnuSentiLex): ")
        .contains("text.lexicon_ko", "TESSERA_LEXICON_KO");
    JsonNode lex = lexicon();
    assertThat(lex.path("en").asText())
        .startsWith("VADER (Hutto & Gilbert 2014), 7500 entries, from " + Lexicons.BUNDLED)
        .contains("text.lexicon_en");
    assertThat(lex.path("ko").asText()).startsWith("none: set text.lexicon_ko");
    JsonNode missing = lex.path("missing");
    assertThat(missing.size()).isEqualTo(1);
    JsonNode ko = missing.get(0);
    assertThat(ko.path("language").asText()).isEqualTo("ko");
    assertThat(ko.path("lexicon").asText()).isEqualTo("KnuSentiLex");
    assertThat(ko.path("supply").asText()).isEqualTo(Lexicons.supply(io.tessera.text.Language.KO));
    List<String> rows = Files.readAllLines(tmp.resolve("out/texts.csv"), StandardCharsets.UTF_8);
    long korean = rows.stream().skip(1).filter(r -> r.split(",")[3].equals("ko")).count();
    assertThat(ko.path("texts").asLong()).isEqualTo(korean).isPositive();
    // the bundled English lexicon is measured on the labelled English sentences like any other
    assertThat(lexiconOnLabelledTexts()).isPositive();
  }

  @Test
  void lexiconsNamedByTheConfigAndTheEnvironmentAreUsed() throws IOException {
    Path data = copy(shop.resolve("data"), tmp.resolve("data"));
    Path vader = Files.createDirectories(tmp.resolve("lexicons/vader"));
    Files.write(
        vader.resolve("vader_lexicon.txt"),
        List.of("great\t3.1", "love\t3.2", "good\t1.9", "bad\t-2.5", "terrible\t-2.5"),
        StandardCharsets.UTF_8);
    Files.write(
        tmp.resolve("lexicons/knu.txt"),
        List.of("좋다\t2", "최고\t2", "나쁘다\t-2", "불량\t-2"),
        StandardCharsets.UTF_8);
    // relative to the config's folder
    Files.writeString(
        data.resolve("tessera.yaml"),
        "text:\n  lexicon_ko: ../lexicons/knu.txt\n",
        java.nio.file.StandardOpenOption.APPEND);
    String console = run(data, Map.of(Lexicons.ENV_EN, vader.toString()));
    assertThat(console).doesNotContain("texts: no ");
    JsonNode lex = lexicon();
    assertThat(lex.path("missing").size()).isZero();
    assertThat(lex.path("en").asText())
        .isEqualTo("VADER (Hutto & Gilbert 2014), 5 entries, from TESSERA_LEXICON_EN");
    assertThat(lex.path("ko").asText()).isEqualTo("KnuSentiLex, 4 entries, from text.lexicon_ko");
    assertThat(lexiconOnLabelledTexts()).isPositive();
  }

  @Test
  void aLexiconPathThatHoldsNoneStopsTheRunBeforeAnyDataIsRead() throws IOException {
    Path data = copy(shop.resolve("data"), tmp.resolve("data"));
    Files.writeString(
        data.resolve("tessera.yaml"),
        "text:\n  lexicon_en: vader-missing\n",
        java.nio.file.StandardOpenOption.APPEND);
    assertThatThrownBy(() -> run(data, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("text.lexicon_en: " + data.resolve("vader-missing"))
        .hasMessageContaining("vader_lexicon.txt");
    assertThatThrownBy(() -> run(shop.resolve("data"), Map.of(Lexicons.ENV_EN, "/nonexistent")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("TESSERA_LEXICON_EN: /nonexistent");
    assertThat(tmp.resolve("out/tessera.duckdb")).doesNotExist();
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }
}
