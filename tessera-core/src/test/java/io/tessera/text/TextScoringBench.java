package io.tessera.text;

import io.tessera.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Measures scoring N reviews (language, sentiment, complaint) and fitting topics on them. The texts
 * are the 20,000 NSMC reviews and the 3,000 UCI sentences from ../shared/datasets, repeated to N
 * (87% Korean). Scoring runs twice: with the lexicons only (VADER; KnuSentiLex for Korean) and with
 * the NB-LR classifier trained on NSMC (its training time is reported apart); topics are timed
 * alone (their own analysis of each text, then NMF); the last figure is the text stage's path, the
 * one the 60 s goal is about: each text analysed once, scored by the classifier (and the lexicon
 * and complaint rule) and its content words handed to the topics. Each line gives wall and CPU time
 * (user + system of all threads). Run (see the README, "What customers write"):
 *
 * <pre>
 * java -cp "tessera-core/target/classes:tessera-core/target/test-classes:$(cat tessera-core/target/cp.txt)" \
 *   io.tessera.text.TextScoringBench 100000
 * </pre>
 *
 * Not a test: wall times are reported, never asserted.
 */
public final class TextScoringBench {
  private TextScoringBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path ko = SharedData.require("reviews-ko-nsmc-train/nsmc_train_20k.tsv");
    Path en = SharedData.require("reviews-en-labelled-sentences");
    List<SentimentClassifier.Labelled> nsmc = LabelledTexts.read(ko);
    List<String> pool = new ArrayList<>();
    nsmc.forEach(l -> pool.add(l.text()));
    for (String f :
        List.of("amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt")) {
      LabelledTexts.read(en.resolve(f)).forEach(l -> pool.add(l.text()));
    }
    List<String> texts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      texts.add(pool.get(i % pool.size()));
    }
    TextTokens tokens = new TextTokens();
    TextScorer lexicon =
        new TextScorer(tokens, Lexicons.of(SharedLexicons.vader(), SharedLexicons.knu()), null);
    // warm up the JIT and Nori's dictionary
    texts.subList(0, Math.min(5_000, n)).parallelStream().forEach(lexicon::score);

    time("lexicon scoring", n, () -> texts.parallelStream().forEach(lexicon::score));
    long t0 = System.nanoTime();
    SentimentClassifier c =
        SentimentClassifier.fit(nsmc, tokens, SentimentClassifier.Options.defaults());
    System.out.printf(
        Locale.ROOT,
        "classifier training on NSMC 20k (3 penalties by a 3-fold inner CV, then the fit): %.1f"
            + " s%n",
        (System.nanoTime() - t0) / 1e9);
    TextScorer trained = lexicon.withClassifier(c);
    time("classifier scoring", n, () -> texts.parallelStream().forEach(trained::score));
    time(
        "topics (tokens + NMF, k chosen in 2..10, per language)",
        n,
        () -> {
          for (Language lang : Language.values()) {
            List<List<String>> docs =
                texts.parallelStream()
                    .filter(t -> Language.detect(t) == lang)
                    .map(t -> tokens.topicTerms(t, lang))
                    .toList();
            TopicModel.fit(docs, TopicModel.Options.defaults());
          }
        });
    // what the run's text stage does with its texts: one analysis per text shared by the
    // classifier, the lexicon, the complaint rule and the topics (fitted per language on a sample,
    // then every text placed)
    time(
        "text stage scoring (one analysis per text; classifier, lexicon, complaints, topics)",
        n,
        () -> {
          List<TextTokens.Analysed> analysed = texts.parallelStream().map(tokens::analyse).toList();
          List<TextScorer.Scored> scored =
              IntStream.range(0, n)
                  .parallel()
                  .mapToObj(i -> trained.score(texts.get(i), analysed.get(i)))
                  .toList();
          for (Language lang : Language.values()) {
            List<List<String>> docs =
                IntStream.range(0, n)
                    .filter(i -> scored.get(i).language() == lang)
                    .mapToObj(i -> analysed.get(i).topicTerms())
                    .toList();
            TopicModel.fit(docs, TopicModel.Options.defaults());
          }
        });
  }

  private static void time(String what, int n, Runnable r) {
    long t0 = System.nanoTime();
    double cpu0 = cpuSeconds();
    r.run();
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%s: %,d texts in %.1f s (%,.0f texts/s; CPU %.1f s), %d threads%n",
        what,
        n,
        s,
        n / s,
        cpuSeconds() - cpu0,
        Runtime.getRuntime().availableProcessors());
  }

  /** The process's CPU time (user + system, all threads), seconds. */
  private static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }
}
