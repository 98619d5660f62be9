package io.tessera.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the sentiment lexicons come from: the {@code text.lexicon_en} / {@code text.lexicon_ko}
 * paths, else {@code TESSERA_LEXICON_EN} / {@code TESSERA_LEXICON_KO}, else the bundled copy of
 * VADER for English and nothing for Korean (missing, with how to supply it); a named path that
 * holds no lexicon is a one-line configuration error naming the key or variable. Small lexicons in
 * VADER's and KnuSentiLex's formats are written here, so nothing needs ../shared.
 */
class LexiconsTest {
  @TempDir Path dir;

  private Path vaderFolder(String name, String... lines) throws IOException {
    Path folder = Files.createDirectories(dir.resolve(name));
    Files.write(folder.resolve("vader_lexicon.txt"), List.of(lines), StandardCharsets.UTF_8);
    return folder;
  }

  private Path knuFile() throws IOException {
    Path f = dir.resolve("SentiWord_Dict.txt");
    Files.write(f, List.of("좋다\t2", "최고\t2", "나쁘다\t-2"), StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void withNothingNamedEnglishUsesTheBundledCopyAndKoreanIsMissingWithHowToSupplyIt() {
    Lexicons l = Lexicons.load(null, null, Map.of("PATH", "/usr/bin"));
    assertThat(l.english()).isSameAs(Vader.bundledCopy());
    assertThat(l.englishSource()).isEqualTo(Lexicons.BUNDLED);
    assertThat(l.korean()).isNull();
    assertThat(l.missing(List.of(Language.KO, Language.EN, Language.KO)))
        .containsExactly(Language.KO);
    assertThat(l.describe(Language.EN))
        .startsWith("VADER (Hutto & Gilbert 2014), 7500 entries, from the copy bundled in Tessera")
        .contains(
            Vader.BUNDLED_ARTIFACT, "TESSERA_LEXICON_EN", "github.com/cjhutto/vaderSentiment");
    assertThat(l.describe(Language.KO))
        .startsWith("none: set text.lexicon_ko")
        .contains("TESSERA_LEXICON_KO", "SentiWord_Dict.txt");
    // English texts get a lexicon score from the bundled copy: "great" is rated 3.1 there
    TextScorer s = new TextScorer(new TextTokens(), l, null);
    assertThat(s.lexicon("great"))
        .isEqualTo(Math.round(3.1 / Math.sqrt(3.1 * 3.1 + 15) * 10_000) / 10_000.0);
  }

  @Test
  void withNoLexiconAtAllEnglishTextsHaveNoLexiconScore() {
    TextScorer s = new TextScorer(new TextTokens(), Lexicons.NONE, null);
    assertThat(Lexicons.NONE.describe(Language.EN))
        .startsWith(
            "none: set text.lexicon_en in tessera.yaml, or the environment variable"
                + " TESSERA_LEXICON_EN, to the folder holding vader_lexicon.txt");
    assertThat(s.lexicon("A great phone")).isNaN();
    assertThat(s.score("A great phone").method()).isEqualTo(TextScorer.Method.NONE);
  }

  @Test
  void theEnvironmentNamesThemWhenTheConfigDoesNot() throws IOException {
    Path en = vaderFolder("vader", "great\t3.1\t0.9\t[3, 3, 4]", "awful\t-3.4\t0.5\t[-3]");
    Lexicons l =
        Lexicons.load(
            null,
            null,
            Map.of(Lexicons.ENV_EN, en.toString(), Lexicons.ENV_KO, knuFile().toString()));
    assertThat(l.english().size()).isEqualTo(2);
    assertThat(l.korean().size()).isEqualTo(3);
    assertThat(l.missing(List.of(Language.EN, Language.KO))).isEmpty();
    assertThat(l.describe(Language.EN))
        .isEqualTo("VADER (Hutto & Gilbert 2014), 2 entries, from TESSERA_LEXICON_EN");
    assertThat(l.describe(Language.KO))
        .isEqualTo("KnuSentiLex, 3 entries, from TESSERA_LEXICON_KO");
    TextScorer s = new TextScorer(new TextTokens(), l, null);
    // VADER's normalisation of one word rated 3.1: 3.1 / sqrt(3.1^2 + 15)
    assertThat(s.lexicon("great"))
        .isEqualTo(Math.round(3.1 / Math.sqrt(3.1 * 3.1 + 15) * 10_000) / 10_000.0);
    assertThat(s.score("awful").sentiment()).isLessThan(-0.5);
    assertThat(s.score("정말 최고예요").sentiment()).isGreaterThan(0.05);
  }

  @Test
  void theConfigWinsOverTheEnvironmentAndTheLexiconFileItselfWillDo() throws IOException {
    Path fromConfig = vaderFolder("config", "great\t3.1", "good\t1.9", "bad\t-2.5");
    Path fromEnv = vaderFolder("env", "great\t-3.0");
    Lexicons l =
        Lexicons.load(
            fromConfig.resolve("vader_lexicon.txt"),
            null,
            Map.of(Lexicons.ENV_EN, fromEnv.toString()));
    assertThat(l.englishSource()).isEqualTo("text.lexicon_en");
    assertThat(l.english().size()).isEqualTo(3);
    assertThat(l.english().valence("great")).isEqualTo(3.1);
  }

  @Test
  void aNamedPathWithoutALexiconStopsTheRunNamingTheKeyOrVariable() throws IOException {
    Path nowhere = dir.resolve("no-such-folder");
    assertThatThrownBy(() -> Lexicons.load(nowhere, null, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("text.lexicon_en: " + nowhere)
        .hasMessageContaining("vader_lexicon.txt")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> Lexicons.load(null, null, Map.of(Lexicons.ENV_KO, nowhere.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("TESSERA_LEXICON_KO: " + nowhere)
        .hasMessageContaining("SentiWord_Dict.txt");
    Path bad = vaderFolder("bad", "great\tvery");
    assertThatThrownBy(() -> Lexicons.load(bad, null, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("text.lexicon_en: ")
        .hasMessageContaining("vader_lexicon.txt line 1: expected 'word<TAB>mean rating'");
  }
}
