package io.tessera.text;

import io.tessera.predict.churn.ChurnMetrics;
import io.tessera.predict.churn.CrossValidation;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained sentiment classifier: NB-LR ({@link NbLogistic}) on hashed character n-grams and term
 * (Nori morpheme or English word) unigrams and bigrams ({@link NgramFeatures}).
 *
 * <p>Settings are chosen by a stated rule, never by the figures reported: an 80/20 stratified split
 * of the training texts (seeded) scores every pair of the grid {@code maxChar} x {@code lambda} on
 * the 20%, and the pair with the best accuracy wins (ties: the earlier pair in grid order, i.e. the
 * shorter n-grams and the weaker penalty). {@link #crossValidate} repeats the rule inside each
 * outer training fold (nested cross-validation), so its figures estimate what the whole procedure
 * does on unseen text.
 */
public final class SentimentClassifier {
  /**
   * Options.
   *
   * @param maxChars the character n-gram lengths tried (1..n each)
   * @param lambdas the L2 penalties tried
   * @param epochs SGD passes over the training texts
   * @param seed seed of the splits and the SGD order
   */
  public record Options(List<Integer> maxChars, List<Double> lambdas, int epochs, long seed) {
    public Options {
      maxChars = List.copyOf(maxChars);
      lambdas = List.copyOf(lambdas);
      if (maxChars.isEmpty() || lambdas.isEmpty()) {
        throw new IllegalArgumentException("the classifier grid needs a length and a penalty");
      }
      for (int m : maxChars) {
        if (m < 1 || m > 8) {
          throw new IllegalArgumentException("character n-gram length must be 1..8, got " + m);
        }
      }
      for (double l : lambdas) {
        if (!(l > 0)) {
          throw new IllegalArgumentException("L2 penalty must be positive, got " + l);
        }
      }
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
      }
    }

    /**
     * The defaults: n-grams up to 3 or 5 characters, penalty 1e-4, 3e-4 or 1e-3, 8 epochs, seed 42.
     */
    public static Options defaults() {
      return new Options(List.of(3, 5), List.of(1e-4, 3e-4, 1e-3), 8, 42);
    }
  }

  /** A text with its label (1 positive, 0 negative). */
  public record Labelled(String text, int label) {
    public Labelled {
      if (label != 0 && label != 1) {
        throw new IllegalArgumentException("a label is 0 (negative) or 1 (positive), got " + label);
      }
    }
  }

  /** The settings the rule chose and the inner accuracy that chose them. */
  public record Choice(int maxChar, double lambda, double innerAccuracy) {}

  /**
   * Cross-validated figures of the whole procedure.
   *
   * @param accuracy share of out-of-fold predictions (p >= 0.5) equal to the label
   * @param f1 F1 of the positive class at 0.5
   * @param brier Brier score of the out-of-fold probabilities
   * @param calibration reliability table (10 equal-width bins)
   * @param choices the settings chosen in each outer fold
   */
  public record CvReport(
      int texts,
      int folds,
      double accuracy,
      double f1,
      double brier,
      List<ChurnMetrics.CalibrationBin> calibration,
      List<Choice> choices) {}

  private final TextTokens tokens;
  private final NbLogistic model;
  private final Choice choice;

  private SentimentClassifier(TextTokens tokens, NbLogistic model, Choice choice) {
    this.tokens = tokens;
    this.model = model;
    this.choice = choice;
  }

  public Choice choice() {
    return choice;
  }

  /** Fits on {@code texts}, the settings chosen by the rule in the class comment. */
  public static SentimentClassifier fit(List<Labelled> texts, TextTokens tokens, Options options) {
    Prepared data = Prepared.of(texts, tokens, options);
    int[] all = new int[texts.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    Choice c = choose(data, all, options);
    NbLogistic m =
        NbLogistic.fit(
            data.features(c.maxChar()),
            data.labels,
            all,
            c.lambda(),
            options.epochs(),
            options.seed());
    return new SentimentClassifier(tokens, m, c);
  }

  /** The probability that {@code text} is positive. */
  public double probability(String text) {
    return probability(text, tokens.terms(text, Language.detect(text)));
  }

  /** The probability that {@code text}, whose terms are {@code terms}, is positive. */
  double probability(String text, List<String> terms) {
    return model.probability(NgramFeatures.of(text, terms, choice.maxChar()));
  }

  /** The sentiment score in [-1, 1]: 2p - 1. */
  public double score(String text) {
    return 2 * probability(text) - 1;
  }

  /** Nested stratified k-fold cross-validation of fit-with-rule (see the class comment). */
  public static CvReport crossValidate(
      List<Labelled> texts, TextTokens tokens, Options options, int folds) {
    Prepared data = Prepared.of(texts, tokens, options);
    int n = texts.size();
    int[] fold = CrossValidation.stratifiedFolds(data.labels, folds, options.seed());
    double[] p = new double[n];
    List<Choice> choices = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      int[] train = rows(fold, f, false);
      int[] test = rows(fold, f, true);
      Choice c = choose(data, train, options);
      choices.add(c);
      int[][] x = data.features(c.maxChar());
      NbLogistic m =
          NbLogistic.fit(x, data.labels, train, c.lambda(), options.epochs(), options.seed() + f);
      for (int r : test) {
        p[r] = m.probability(x[r]);
      }
    }
    return new CvReport(
        n,
        folds,
        accuracy(p, data.labels),
        ChurnMetrics.at(0.5, p, data.labels).f1(),
        ChurnMetrics.brier(p, data.labels),
        ChurnMetrics.calibrationTable(p, data.labels, 10),
        choices);
  }

  private static Choice choose(Prepared data, int[] rows, Options options) {
    int[] sub = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      sub[i] = data.labels[rows[i]];
    }
    int[] split = CrossValidation.stratifiedFolds(sub, 5, options.seed() + 17);
    List<Integer> train = new ArrayList<>();
    List<Integer> valid = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      (split[i] == 0 ? valid : train).add(rows[i]);
    }
    int[] tr = train.stream().mapToInt(Integer::intValue).toArray();
    Choice best = null;
    for (int maxChar : options.maxChars()) {
      int[][] x = data.features(maxChar);
      for (double lambda : options.lambdas()) {
        NbLogistic m = NbLogistic.fit(x, data.labels, tr, lambda, options.epochs(), options.seed());
        int right = 0;
        for (int r : valid) {
          if ((m.probability(x[r]) >= 0.5 ? 1 : 0) == data.labels[r]) {
            right++;
          }
        }
        double acc = valid.isEmpty() ? 0 : (double) right / valid.size();
        if (best == null || acc > best.innerAccuracy()) {
          best = new Choice(maxChar, lambda, acc);
        }
      }
    }
    return best;
  }

  static double accuracy(double[] p, int[] y) {
    int right = 0;
    for (int i = 0; i < p.length; i++) {
      if ((p[i] >= 0.5 ? 1 : 0) == y[i]) {
        right++;
      }
    }
    return (double) right / p.length;
  }

  private static int[] rows(int[] fold, int f, boolean in) {
    int c = 0;
    for (int x : fold) {
      if ((x == f) == in) {
        c++;
      }
    }
    int[] out = new int[c];
    int k = 0;
    for (int i = 0; i < fold.length; i++) {
      if ((fold[i] == f) == in) {
        out[k++] = i;
      }
    }
    return out;
  }

  /** The texts' terms, labels and feature slots for each n-gram length of the grid. */
  private static final class Prepared {
    final int[] labels;
    final List<String> texts;
    final List<List<String>> terms;
    final java.util.Map<Integer, int[][]> byMaxChar = new java.util.HashMap<>();

    private Prepared(int[] labels, List<String> texts, List<List<String>> terms) {
      this.labels = labels;
      this.texts = texts;
      this.terms = terms;
    }

    static Prepared of(List<Labelled> texts, TextTokens tokens, Options options) {
      if (texts.size() < 10) {
        throw new IllegalArgumentException(
            "the sentiment classifier needs at least 10 labelled texts, got " + texts.size());
      }
      int[] y = new int[texts.size()];
      List<String> t = new ArrayList<>(texts.size());
      boolean[] seen = new boolean[2];
      for (int i = 0; i < y.length; i++) {
        y[i] = texts.get(i).label();
        seen[y[i]] = true;
        t.add(texts.get(i).text());
      }
      if (!seen[0] || !seen[1]) {
        throw new IllegalArgumentException(
            "the sentiment classifier needs positive and negative texts; all "
                + y.length
                + " have label "
                + y[0]);
      }
      List<List<String>> terms =
          t.parallelStream().map(s -> tokens.terms(s, Language.detect(s))).toList();
      return new Prepared(y, t, terms);
    }

    synchronized int[][] features(int maxChar) {
      return byMaxChar.computeIfAbsent(
          maxChar,
          m -> {
            int[][] x = new int[texts.size()][];
            java.util.stream.IntStream.range(0, x.length)
                .parallel()
                .forEach(i -> x[i] = NgramFeatures.of(texts.get(i), terms.get(i), m));
            return x;
          });
    }
  }
}
