package io.tessera.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.generate.GeneratorOptions;
import io.tessera.generate.SyntheticShop;
import io.tessera.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two defaults chosen on one source, measured on others: the language rule (Hangul share 0.3) on
 * NSMC's Korean reviews, the UCI English sentences and a generated shop of a seed no default was
 * chosen on (11); the complaint rule on that shop's interactions (their {@code kind} as the truth)
 * and on the UCI sentences (a complaint detector should fire on negative sentences, rarely on
 * positive ones). The figures are printed for the README and asserted a little below what was
 * measured on 2026-12-06.
 */
@Tag("slow")
class TextDefaultsSecondSourceTest {
  @TempDir Path dir;

  @Test
  void theLanguageRuleOnThreeSources() throws IOException {
    List<SentimentClassifier.Labelled> nsmc =
        LabelledTexts.read(SharedData.require("reviews-ko-nsmc-train/nsmc_train_20k.tsv"));
    double ko = share(nsmc.stream().map(SentimentClassifier.Labelled::text).toList(), Language.KO);
    double en =
        share(english().stream().map(SentimentClassifier.Labelled::text).toList(), Language.EN);
    SyntheticShop.write(
        new GeneratorOptions(1_500, 365, 11, 0.0, GeneratorOptions.DEFAULT_END_DATE), dir);
    Map<String, String> text = texts(dir);
    int right = 0;
    int n = 0;
    List<String> truth = Files.readAllLines(dir.resolve("truth/texts.csv"), StandardCharsets.UTF_8);
    for (String row : truth.subList(1, truth.size())) {
      String[] f = row.split(",");
      n++;
      right += Language.detect(text.get(f[0])).code().equals(f[3]) ? 1 : 0;
    }
    double generated = (double) right / n;
    // texts without Hangul among NSMC's: the rule can only call them English
    long noHangul =
        nsmc.stream()
            .filter(t -> t.text().chars().noneMatch(c -> Language.isHangul((char) c)))
            .count();
    System.out.printf(
        Locale.ROOT,
        "language rule: NSMC %d texts %.4f Korean (%d have no Hangul at all); UCI %d %.4f"
            + " English; generated seed 11 %d texts %.4f agree with truth/texts.csv%n",
        nsmc.size(),
        ko,
        noHangul,
        3_000,
        en,
        n,
        generated);
    // measured: 0.9895, and 196 of the 210 texts called English have no Hangul at all
    assertThat(ko).isGreaterThan(0.985);
    assertThat(ko + (double) noHangul / nsmc.size()).isGreaterThan(0.999);
    assertThat(en).isGreaterThan(0.999);
    assertThat(generated).isEqualTo(1.0);
  }

  @Test
  void theComplaintRuleOnAnotherSeedAndOnTheEnglishSentences() throws IOException {
    SyntheticShop.write(
        new GeneratorOptions(1_500, 365, 11, 0.0, GeneratorOptions.DEFAULT_END_DATE), dir);
    // the rule needs a negative score for one complaint term: VADER (skips without ../shared)
    TextScorer scorer =
        new TextScorer(new TextTokens(), Lexicons.of(SharedLexicons.vader(), null), null);
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int n = 0;
    List<String> lines =
        Files.readAllLines(dir.resolve("interactions.csv"), StandardCharsets.UTF_8);
    assertThat(lines.get(0)).contains("kind").endsWith("text");
    int kindCol = TopicRecoveryTest.csv(lines.get(0)).indexOf("kind");
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = TopicRecoveryTest.csv(line);
      boolean truth = f.get(kindCol).equals("complaint");
      boolean flagged = scorer.score(f.get(f.size() - 1)).complaint().complaint();
      n++;
      tp += truth && flagged ? 1 : 0;
      fp += !truth && flagged ? 1 : 0;
      fn += truth && !flagged ? 1 : 0;
    }
    double precision = (double) tp / (tp + fp);
    double recall = (double) tp / (tp + fn);
    int[] flaggedByLabel = new int[2];
    int[] byLabel = new int[2];
    for (SentimentClassifier.Labelled t : english()) {
      byLabel[t.label()]++;
      flaggedByLabel[t.label()] += scorer.score(t.text()).complaint().complaint() ? 1 : 0;
    }
    double negRate = (double) flaggedByLabel[0] / byLabel[0];
    double posRate = (double) flaggedByLabel[1] / byLabel[1];
    System.out.printf(
        Locale.ROOT,
        "complaint rule: generated seed 11 interactions %d, precision %.4f recall %.4f against"
            + " kind=complaint; UCI sentences flagged: negative %.4f, positive %.4f%n",
        n,
        precision,
        recall,
        negRate,
        posRate);
    assertThat(precision).isGreaterThan(PRECISION_FLOOR);
    assertThat(recall).isGreaterThan(RECALL_FLOOR);
    assertThat(negRate).isGreaterThan(3 * posRate);
  }

  // measured 1.0 and 1.0 (826 interactions; the generator's texts are templates, so this shows
  // the terms are not tied to seed 42's draws, not that they cover real complaints); UCI: 7.8% of
  // negative and 0.27% of positive sentences flagged
  private static final double PRECISION_FLOOR = 0.95;
  private static final double RECALL_FLOOR = 0.95;

  private static List<SentimentClassifier.Labelled> english() {
    Path d = SharedData.require("reviews-en-labelled-sentences");
    List<SentimentClassifier.Labelled> out = new ArrayList<>();
    for (String f :
        List.of("amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt")) {
      out.addAll(LabelledTexts.read(d.resolve(f)));
    }
    return out;
  }

  private static double share(List<String> texts, Language lang) {
    return (double) texts.stream().filter(t -> Language.detect(t) == lang).count() / texts.size();
  }

  private static Map<String, String> texts(Path dir) throws IOException {
    Map<String, String> text = new HashMap<>();
    for (String file : List.of("reviews.csv", "interactions.csv")) {
      List<String> lines = Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
      for (String line : lines.subList(1, lines.size())) {
        List<String> f = TopicRecoveryTest.csv(line);
        text.put(f.get(0), f.get(f.size() - 1));
      }
    }
    return text;
  }
}
