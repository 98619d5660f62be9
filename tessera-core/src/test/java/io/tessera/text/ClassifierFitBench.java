package io.tessera.text;

import io.tessera.testing.SharedData;
import java.util.List;
import java.util.Locale;

/**
 * Measures the sentiment classifier's training ({@link SentimentClassifier#fit}: the 3-fold inner
 * CV over the penalties, the stacking, the final fit) on NSMC's 20,000 reviews, their terms
 * analysed beforehand as the run's text stage hands them over. Fits {@code ROUNDS} times in one
 * process (the first rounds warm the JIT) and prints each round's process CPU (user + system, all
 * threads) and wall time, and the SHA-256 of the saved model, which must not change between builds
 * that claim the same fit. Run (see the README, "What customers write"):
 *
 * <pre>
 * java -cp "tessera-core/target/classes:tessera-core/target/test-classes:$(cat tessera-core/target/cp.txt)" \
 *   io.tessera.text.ClassifierFitBench 5
 * </pre>
 *
 * Not a test: times are reported, never asserted.
 */
public final class ClassifierFitBench {
  private ClassifierFitBench() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    List<SentimentClassifier.Labelled> texts =
        LabelledTexts.read(SharedData.require("reviews-ko-nsmc-train/nsmc_train_20k.tsv"));
    TextTokens tokens = new TextTokens();
    List<List<String>> terms =
        texts.parallelStream().map(l -> tokens.analyse(l.text()).terms()).toList();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    for (int i = 0; i < rounds; i++) {
      double cpu0 = os.getProcessCpuTime() / 1e9;
      long t0 = System.nanoTime();
      SentimentClassifier c =
          SentimentClassifier.fit(texts, terms, tokens, SentimentClassifier.Options.defaults());
      double cpu = os.getProcessCpuTime() / 1e9 - cpu0;
      double wall = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "round %d: training on %,d texts: CPU %.2f s, wall %.2f s, model %s%n",
          i + 1,
          texts.size(),
          cpu,
          wall,
          SentimentClassifier.fingerprint(
                  List.of(new SentimentClassifier.Labelled(c.toJson().toString(), 1)))
              .substring(0, 16));
    }
  }
}
