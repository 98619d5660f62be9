package io.tessera.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Both sentiment methods on the public labelled data in ../shared/datasets (never committed): the
 * classifier by nested stratified 5-fold cross-validation, the lexicon method by labelling every
 * text (positive at 0.05 or more, negative at -0.05 or less; a neutral score counts as wrong). The
 * figures are printed for the README and asserted within 0.01 below what was measured on 2026-12-06
 * (NSMC's accuracy at the goal, 0.85), so a regression fails.
 */
@Tag("slow")
class SentimentAccuracyTest {
  private static final TextTokens TOKENS = new TextTokens();

  @Test
  void koreanNsmc() {
    List<SentimentClassifier.Labelled> texts =
        LabelledTexts.read(SharedData.require("reviews-ko-nsmc-train/nsmc_train_20k.tsv"));
    assertThat(texts).hasSize(20_000);
    TextScorer scorer = new TextScorer(TOKENS, Lexicons.of(null, SharedLexicons.knu()), null);
    double[] lexicon = lexiconAccuracy(texts, scorer::lexicon);
    SentimentClassifier.CvReport cv =
        SentimentClassifier.crossValidate(texts, TOKENS, SentimentClassifier.Options.defaults(), 5);
    print("NSMC 20k", cv, lexicon);
    // measured 0.8503 (F1 0.8492, Brier 0.1091); NB-LR alone 0.8462 (F1 0.8442, Brier 0.1123),
    // 0.8419 before the +0.5 smoothing, the averaged SGD, 2^23 slots and the 3-fold inner choice.
    // The floor is the goal (the run is deterministic: seeded folds and SGD order)
    assertThat(cv.accuracy()).isGreaterThanOrEqualTo(0.85);
    assertThat(cv.f1()).isGreaterThanOrEqualTo(0.84);
    assertThat(cv.brier()).isLessThan(0.115);
    assertThat(lexicon[0]).isGreaterThanOrEqualTo(LEXICON_KO_FLOOR);
  }

  @Test
  void englishLabelledSentences() {
    Path dir = SharedData.require("reviews-en-labelled-sentences");
    List<SentimentClassifier.Labelled> texts = new ArrayList<>();
    for (String f :
        List.of("amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt")) {
      texts.addAll(LabelledTexts.read(dir.resolve(f)));
    }
    assertThat(texts).hasSize(3_000);
    TextScorer scorer = new TextScorer(TOKENS, Lexicons.of(SharedLexicons.vader(), null), null);
    double[] lexicon = lexiconAccuracy(texts, scorer::lexicon);
    SentimentClassifier.CvReport cv =
        SentimentClassifier.crossValidate(texts, TOKENS, SentimentClassifier.Options.defaults(), 5);
    print("UCI 3k", cv, lexicon);
    assertThat(cv.accuracy()).isGreaterThanOrEqualTo(CLASSIFIER_EN_FLOOR);
    assertThat(lexicon[0]).isGreaterThanOrEqualTo(LEXICON_EN_FLOOR);
  }

  /**
   * Runs default to the older copy of VADER's lexicon bundled from Maven Central ({@link
   * Vader#bundledCopy()}) when none is named; its accuracy on the same sentences beside the current
   * one's, so the README can say what a user gets without naming a lexicon.
   */
  @Test
  void englishLabelledSentencesWithTheBundledLexicon() {
    Path dir = SharedData.require("reviews-en-labelled-sentences");
    List<SentimentClassifier.Labelled> texts = new ArrayList<>();
    for (String f :
        List.of("amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt")) {
      texts.addAll(LabelledTexts.read(dir.resolve(f)));
    }
    double[] bundled =
        lexiconAccuracy(
            texts, new TextScorer(TOKENS, Lexicons.of(Vader.bundledCopy(), null), null)::lexicon);
    double[] current =
        lexiconAccuracy(
            texts,
            new TextScorer(TOKENS, Lexicons.of(SharedLexicons.vader(), null), null)::lexicon);
    System.out.printf(
        Locale.ROOT,
        "UCI 3k lexicon accuracy: bundled copy %.4f (non-neutral %.4f, on those %.4f);"
            + " current lexicon %.4f (non-neutral %.4f, on those %.4f)%n",
        bundled[0],
        bundled[1],
        bundled[2],
        current[0],
        current[1],
        current[2]);
    assertThat(bundled[0]).isGreaterThanOrEqualTo(LEXICON_EN_BUNDLED_FLOOR);
  }

  private static final double LEXICON_KO_FLOOR = 0.52;
  private static final double LEXICON_EN_FLOOR = 0.667;
  private static final double LEXICON_EN_BUNDLED_FLOOR = 0.667; // measured 0.6767
  // measured 0.8613 (F1 0.8592, Brier 0.1029); NB-LR alone 0.8520
  private static final double CLASSIFIER_EN_FLOOR = 0.855;

  /** {accuracy with neutral counted wrong, share labelled non-neutral, accuracy on those}. */
  static double[] lexiconAccuracy(
      List<SentimentClassifier.Labelled> texts, ToDoubleFunction<String> score) {
    int right = 0;
    int polar = 0;
    for (SentimentClassifier.Labelled t : texts) {
      SentimentLabel l = SentimentLabel.of(score.applyAsDouble(t.text()));
      if (l == SentimentLabel.NEUTRAL) {
        continue;
      }
      polar++;
      if ((l == SentimentLabel.POSITIVE ? 1 : 0) == t.label()) {
        right++;
      }
    }
    return new double[] {
      (double) right / texts.size(), (double) polar / texts.size(), (double) right / polar
    };
  }

  private static void print(String data, SentimentClassifier.CvReport cv, double[] lexicon) {
    System.out.printf(
        Locale.ROOT,
        "%s: classifier CV accuracy %.4f, F1 %.4f, Brier %.4f, choices %s; lexicon accuracy %.4f"
            + " (non-neutral %.4f of texts, accuracy on those %.4f)%n",
        data,
        cv.accuracy(),
        cv.f1(),
        cv.brier(),
        cv.choices(),
        lexicon[0],
        lexicon[1],
        lexicon[2]);
  }
}
