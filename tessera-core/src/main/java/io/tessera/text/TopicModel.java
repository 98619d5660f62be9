package io.tessera.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Topics of a corpus by non-negative matrix factorisation of its TF-IDF document-term matrix, the
 * number of topics chosen by coherence.
 *
 * <p>The vocabulary is the {@code maxVocabulary} terms in most documents among those in at least
 * {@code minDocuments} and at most half of them. Documents are TF-IDF rows (log-scaled term counts
 * times log(N / df)) of unit length. V ~ W H is fitted on a seeded sample of up to {@code
 * fitSample} documents by Lee and Seung's multiplicative updates for the Frobenius norm, from three
 * seeded uniform starts, keeping the one with the smallest error; every document is then placed by
 * the same updates of its row of W with H fixed, and belongs to its largest weight (no topic when
 * it has no vocabulary term). For each k in [kMin, kMax] the topics' mean NPMI coherence
 * (normalised pointwise mutual information of each pair of a topic's top 10 words, from their
 * document co-occurrence in the sample, a pair never seen together scoring -1) is measured and the
 * k with the highest wins; ties go to the smaller k. NMF rather than LDA: no maintained JVM library
 * offers either (Smile has neither), and NMF on TF-IDF gives comparable topics on short texts with
 * a shorter implementation.
 *
 * <p>References: D. D. Lee and H. S. Seung, "Algorithms for Non-negative Matrix Factorization",
 * NIPS 2001; G. Bouma, "Normalized (Pointwise) Mutual Information in Collocation Extraction", GSCL
 * 2009; M. Röder, A. Both and A. Hinneburg, "Exploring the Space of Topic Coherence Measures", WSDM
 * 2015.
 */
public final class TopicModel {
  private static final double EPS = 1e-9;
  private static final int TOP = 10;
  private static final int RESTARTS = 3;

  /** A factorisation's H and its squared Frobenius error. */
  record Fit(double[][] h, double error) {}

  /**
   * Options.
   *
   * @param kMin the fewest topics tried (2 or more)
   * @param kMax the most topics tried
   * @param iterations multiplicative-update iterations of the fit
   * @param fitSample the most documents the factorisation is fitted on
   * @param minDocuments the fewest documents a vocabulary term appears in
   * @param maxVocabulary the largest vocabulary
   * @param seed seed of the sample and the start
   */
  public record Options(
      int kMin,
      int kMax,
      int iterations,
      int fitSample,
      int minDocuments,
      int maxVocabulary,
      long seed) {
    public Options {
      if (kMin < 2 || kMax < kMin) {
        throw new IllegalArgumentException(
            "topics: need 2 <= k_min <= k_max, got k_min " + kMin + ", k_max " + kMax);
      }
      if (iterations < 1 || fitSample < 10 || minDocuments < 1 || maxVocabulary < 10) {
        throw new IllegalArgumentException(
            "topics: iterations >= 1, fit_sample >= 10, min_documents >= 1 and max_vocabulary >="
                + " 10");
      }
    }

    public static Options defaults() {
      return new Options(2, 10, 200, 5000, 3, 2000, 42);
    }
  }

  /** One topic: its top words (heaviest first), the documents it holds. */
  public record Topic(int id, List<String> words, int size) {
    public Topic {
      words = List.copyOf(words);
    }
  }

  private final List<Topic> topics;
  private final Map<Integer, Double> coherenceByK;
  private final int[] assignment;
  private final double[][] weights;

  private TopicModel(
      List<Topic> topics, Map<Integer, Double> coherenceByK, int[] assignment, double[][] weights) {
    this.topics = List.copyOf(topics);
    this.coherenceByK = Map.copyOf(coherenceByK);
    this.assignment = assignment;
    this.weights = weights;
  }

  public List<Topic> topics() {
    return topics;
  }

  /** Mean NPMI coherence of the fit for each k tried. */
  public Map<Integer, Double> coherenceByK() {
    return coherenceByK;
  }

  /** The topic of document {@code doc}, or -1 when it has no vocabulary term. */
  public int topicOf(int doc) {
    return assignment[doc];
  }

  /** The weight of document {@code doc} in its topic (0 without one). */
  public double weightOf(int doc) {
    return assignment[doc] < 0 ? 0 : weights[doc][assignment[doc]];
  }

  /**
   * Fits topics to documents given as their terms ({@link TextTokens#topicTerms}); empty when the
   * corpus has too few documents or terms for {@code kMin} topics.
   */
  public static TopicModel fit(List<List<String>> docs, Options options) {
    int n = docs.size();
    Map<String, Integer> df = documentFrequency(docs);
    List<String> vocab = vocabulary(df, n, options);
    int[] none = new int[n];
    Arrays.fill(none, -1);
    if (vocab.size() < options.kMin() * 2 || n < options.kMin() * 5) {
      return new TopicModel(List.of(), Map.of(), none, new double[n][0]);
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < vocab.size(); i++) {
      index.put(vocab.get(i), i);
    }
    Sparse[] rows = new Sparse[n];
    IntStream.range(0, n)
        .parallel()
        .forEach(i -> rows[i] = Sparse.tfidf(docs.get(i), index, df, vocab, n));
    SplittableRandom rnd = new SplittableRandom(options.seed());
    int[] sample = sample(n, options.fitSample(), rnd);
    Sparse[] fitRows = new Sparse[sample.length];
    for (int i = 0; i < sample.length; i++) {
      fitRows[i] = rows[sample[i]];
    }
    int v = vocab.size();
    Map<Integer, Double> coherence = new HashMap<>();
    double[][] bestH = chooseTopics(fitRows, v, options, coherence);
    int k = bestH.length;
    double[][] w = new double[n][];
    int[] assignment = new int[n];
    int[] sizes = new int[k];
    // every document placed with H fixed, H H^T computed once for all of them
    double[][] bestHt = transpose(bestH);
    double[][] hht = gram(bestHt, k);
    double[] flat = flat(bestHt, k);
    IntStream.range(0, n).parallel().forEach(i -> w[i] = place(rows[i], flat, hht, 50));
    for (int i = 0; i < n; i++) {
      int best = -1;
      double bw = 0;
      for (int j = 0; j < k; j++) {
        if (w[i][j] > bw + EPS) {
          bw = w[i][j];
          best = j;
        }
      }
      assignment[i] = best;
      if (best >= 0) {
        sizes[best]++;
      }
    }
    List<Topic> topics = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      List<String> words = new ArrayList<>();
      for (int t : top(bestH[j], TOP)) {
        words.add(vocab.get(t));
      }
      topics.add(new Topic(j, words, sizes[j]));
    }
    return new TopicModel(topics, coherence, assignment, w);
  }

  /**
   * The H of the k in [kMin, kMax] whose best of {@link #RESTARTS} seeded fits has the highest mean
   * NPMI coherence on the sample (ties to the smaller k); {@code coherence} gets each k's figure.
   */
  private static double[][] chooseTopics(
      Sparse[] fitRows, int v, Options options, Map<Integer, Double> coherence) {
    int kMax = Math.min(options.kMax(), v / 2);
    int tries = (kMax - options.kMin() + 1) * RESTARTS;
    // every (k, restart) factorisation is independent and seeded: fitted in parallel, compared in
    // the same order as one after the other
    Fit[] fits = new Fit[tries];
    IntStream.range(0, tries)
        .parallel()
        .forEach(
            t -> {
              int k = options.kMin() + t / RESTARTS;
              long seed = options.seed() + 31L * k + t % RESTARTS;
              fits[t] = factorise(fitRows, v, k, options.iterations(), seed);
            });
    double[][] bestH = null;
    double bestC = Double.NEGATIVE_INFINITY;
    for (int k = options.kMin(); k <= kMax; k++) {
      double[][] h = null;
      double error = Double.POSITIVE_INFINITY;
      for (int restart = 0; restart < RESTARTS; restart++) {
        Fit f = fits[(k - options.kMin()) * RESTARTS + restart];
        if (f.error() < error) {
          error = f.error();
          h = f.h();
        }
      }
      double c = meanNpmi(h, fitRows, v);
      coherence.put(k, c);
      if (c > bestC + 1e-12) {
        bestC = c;
        bestH = h;
      }
    }
    return bestH;
  }

  /** In how many documents each term occurs. */
  private static Map<String, Integer> documentFrequency(List<List<String>> docs) {
    Map<String, Integer> df = new HashMap<>();
    for (List<String> d : docs) {
      for (String t : new java.util.HashSet<>(d)) {
        df.merge(t, 1, Integer::sum);
      }
    }
    return df;
  }

  /**
   * The vocabulary: terms in at least the minimum number of documents and at most half of them, the
   * most frequent first (ties by term), at most the options' maximum.
   */
  private static List<String> vocabulary(Map<String, Integer> df, int n, Options options) {
    return df.entrySet().stream()
        .filter(e -> e.getValue() >= options.minDocuments() && e.getValue() <= n / 2.0)
        .sorted(
            Map.Entry.<String, Integer>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(options.maxVocabulary())
        .map(Map.Entry::getKey)
        .toList();
  }

  private static int[] sample(int n, int m, SplittableRandom rnd) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    if (n <= m) {
      return all;
    }
    for (int i = 0; i < m; i++) {
      int j = i + rnd.nextInt(n - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] s = Arrays.copyOf(all, m);
    Arrays.sort(s);
    return s;
  }

  /** Lee & Seung's multiplicative updates from a seeded start. */
  static Fit factorise(Sparse[] rows, int v, int k, int iterations, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = rows.length;
    double[][] w = new double[n][k];
    double[][] h = new double[k][v];
    for (double[] r : w) {
      for (int j = 0; j < k; j++) {
        r[j] = 0.1 + rnd.nextDouble();
      }
    }
    for (double[] r : h) {
      for (int t = 0; t < v; t++) {
        r[t] = 0.1 + rnd.nextDouble();
      }
    }
    double[] num = new double[k];
    double[] den = new double[k];
    // W^T V and H are kept term-major (term t's k values side by side) for the sparse loops, which
    // visit a document's terms and want all k values of each; every sum still adds the same
    // products in the same order as with the topic-major layout, so the fit is the same bit for bit
    double[] wtv = new double[v * k];
    for (int it = 0; it < iterations; it++) {
      // H <- H * (W^T V) / (W^T W H)
      Arrays.fill(wtv, 0);
      for (int i = 0; i < n; i++) {
        Sparse r = rows[i];
        double[] wi = w[i];
        for (int p = 0; p < r.idx.length; p++) {
          double x = r.val[p];
          int base = r.idx[p] * k;
          for (int j = 0; j < k; j++) {
            double wij = wi[j];
            if (wij != 0) {
              wtv[base + j] += wij * x;
            }
          }
        }
      }
      double[][] wtw = gram(w, k);
      for (int t = 0; t < v; t++) {
        for (int j = 0; j < k; j++) {
          double d = 0;
          for (int l = 0; l < k; l++) {
            d += wtw[j][l] * h[l][t];
          }
          h[j][t] *= wtv[t * k + j] / (d + EPS);
        }
      }
      // W <- W * (V H^T) / (W H H^T)
      double[][] ht = transpose(h);
      double[][] hht = gram(ht, k);
      double[] flat = flat(ht, k);
      for (int i = 0; i < n; i++) {
        updateRow(w[i], rows[i], flat, hht, num, den);
      }
    }
    // ||V - WH||^2 = ||V||^2 - 2 sum_i w_i . (H v_i) + tr(W^T W H H^T)
    double[][] hht = gram(transpose(h), k);
    double error = 0;
    for (int i = 0; i < n; i++) {
      Sparse r = rows[i];
      for (int p = 0; p < r.idx.length; p++) {
        error += r.val[p] * r.val[p];
      }
      for (int j = 0; j < k; j++) {
        double s = 0;
        for (int p = 0; p < r.idx.length; p++) {
          s += r.val[p] * h[j][r.idx[p]];
        }
        error -= 2 * w[i][j] * s;
        for (int l = 0; l < k; l++) {
          error += w[i][j] * w[i][l] * hht[j][l];
        }
      }
    }
    return new Fit(h, error);
  }

  /**
   * One multiplicative update of a row of W; {@code ht} is H transposed and flattened (term t's k
   * weights at t * k), {@code num} and {@code den} are scratch (k long).
   */
  private static void updateRow(
      double[] wi, Sparse r, double[] ht, double[][] hht, double[] num, double[] den) {
    int k = wi.length;
    Arrays.fill(num, 0);
    for (int p = 0; p < r.idx.length; p++) {
      double x = r.val[p];
      int base = r.idx[p] * k;
      for (int j = 0; j < k; j++) {
        num[j] += x * ht[base + j];
      }
    }
    for (int j = 0; j < k; j++) {
      double s = 0;
      for (int l = 0; l < k; l++) {
        s += wi[l] * hht[l][j];
      }
      den[j] = s;
    }
    for (int j = 0; j < k; j++) {
      wi[j] *= num[j] / (den[j] + EPS);
    }
  }

  /** A document's topic weights with H fixed ({@code ht}: H transposed and flattened). */
  private static double[] place(Sparse r, double[] ht, double[][] hht, int iterations) {
    int k = hht.length;
    double[] w = new double[k];
    if (r.idx.length == 0) {
      return w;
    }
    Arrays.fill(w, 1.0 / k);
    double[] num = new double[k];
    double[] den = new double[k];
    for (int it = 0; it < iterations; it++) {
      updateRow(w, r, ht, hht, num, den);
    }
    return w;
  }

  /** The rows of {@code a} (each k long) one after the other. */
  private static double[] flat(double[][] a, int k) {
    double[] out = new double[a.length * k];
    for (int i = 0; i < a.length; i++) {
      System.arraycopy(a[i], 0, out, i * k, k);
    }
    return out;
  }

  private static double[][] transpose(double[][] h) {
    double[][] t = new double[h[0].length][h.length];
    for (int j = 0; j < h.length; j++) {
      for (int i = 0; i < h[0].length; i++) {
        t[i][j] = h[j][i];
      }
    }
    return t;
  }

  /**
   * A^T A for A with k columns. Only the upper triangle is summed and then mirrored: the lower
   * entries summed on their own were the same products in the same row order (a row whose entry is
   * zero adds +0 to a non-negative sum), so the result is bit for bit the full sum's at half the
   * cost.
   */
  private static double[][] gram(double[][] a, int k) {
    double[][] g = new double[k][k];
    for (double[] row : a) {
      for (int j = 0; j < k; j++) {
        double x = row[j];
        if (x == 0) {
          continue;
        }
        double[] gj = g[j];
        for (int l = j; l < k; l++) {
          gj[l] += x * row[l];
        }
      }
    }
    for (int j = 1; j < k; j++) {
      for (int l = 0; l < j; l++) {
        g[j][l] = g[l][j];
      }
    }
    return g;
  }

  private static int[] top(double[] row, int m) {
    Integer[] order = new Integer[row.length];
    for (int i = 0; i < row.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -row[i]).thenComparing(i -> i));
    int[] out = new int[Math.min(m, row.length)];
    for (int i = 0; i < out.length; i++) {
      out[i] = order[i];
    }
    return out;
  }

  /** Mean over topics of the mean NPMI of each pair of its top words (document co-occurrence). */
  static double meanNpmi(double[][] h, Sparse[] rows, int v) {
    int n = rows.length;
    double total = 0;
    for (double[] topic : h) {
      int[] words = top(topic, TOP);
      int[] pos = new int[v];
      Arrays.fill(pos, -1);
      for (int i = 0; i < words.length; i++) {
        pos[words[i]] = i;
      }
      int m = words.length;
      int[] single = new int[m];
      int[][] pair = new int[m][m];
      for (Sparse r : rows) {
        int[] present = new int[r.idx.length];
        int c = 0;
        for (int t : r.idx) {
          if (pos[t] >= 0) {
            present[c++] = pos[t];
          }
        }
        for (int a = 0; a < c; a++) {
          single[present[a]]++;
          for (int b = a + 1; b < c; b++) {
            pair[present[a]][present[b]]++;
            pair[present[b]][present[a]]++;
          }
        }
      }
      double s = 0;
      int pairs = 0;
      for (int a = 0; a < m; a++) {
        for (int b = a + 1; b < m; b++) {
          pairs++;
          if (pair[a][b] == 0) {
            s += -1;
            continue;
          }
          double pab = (double) pair[a][b] / n;
          double pa = (double) single[a] / n;
          double pb = (double) single[b] / n;
          double pmi = Math.log(pab / (pa * pb));
          double denom = -Math.log(pab);
          s += denom <= 0 ? 1 : pmi / denom;
        }
      }
      total += pairs == 0 ? 0 : s / pairs;
    }
    return total / h.length;
  }

  /** A sparse row: sorted term indices and their values. */
  static final class Sparse {
    final int[] idx;
    final double[] val;

    Sparse(int[] idx, double[] val) {
      this.idx = idx;
      this.val = val;
    }

    static Sparse tfidf(
        List<String> doc,
        Map<String, Integer> index,
        Map<String, Integer> df,
        List<String> vocab,
        int n) {
      java.util.TreeMap<Integer, Integer> counts = new java.util.TreeMap<>();
      for (String t : doc) {
        Integer i = index.get(t);
        if (i != null) {
          counts.merge(i, 1, Integer::sum);
        }
      }
      int[] idx = new int[counts.size()];
      double[] val = new double[counts.size()];
      int p = 0;
      double norm = 0;
      for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
        idx[p] = e.getKey();
        double x =
            (1 + Math.log(e.getValue())) * Math.log((double) n / df.get(vocab.get(e.getKey())));
        val[p] = x;
        norm += x * x;
        p++;
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < val.length && norm > 0; i++) {
        val[i] /= norm;
      }
      return new Sparse(idx, val);
    }
  }
}
