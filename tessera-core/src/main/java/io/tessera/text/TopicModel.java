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
 * fitSample} documents by Lee and Seung's multiplicative updates for the Frobenius norm ({@link
 * Nmf}), once for each k in [kMin, kMax], each fit started by NNDSVDa from the sample's leading
 * singular vectors (one randomised SVD shared by all k) and stopped by scikit-learn's tolerance
 * rule (at most {@code maxIterations}); every document is then placed by the same updates of its
 * row of W with H fixed, and belongs to its largest weight (no topic when it has no vocabulary
 * term). For each k the topics' mean NPMI coherence (normalised pointwise mutual information of
 * each pair of a topic's top 10 words, from their document co-occurrence in the sample, a pair
 * never seen together scoring -1) is measured and the k with the highest wins; ties go to the
 * smaller k. Until 2026-12-07 each k was fitted from three seeded uniform starts for 200
 * iterations, keeping the one with the smallest error (27 fits): the NNDSVDa start replaces that
 * search by one deterministic start, at about a fifth of the cost, with the planted topics of
 * generated shops recovered at least as well (README, "What customers write"). NMF rather than LDA:
 * no maintained JVM library offers either (Smile has neither), and NMF on TF-IDF gives comparable
 * topics on short texts with a shorter implementation.
 *
 * <p>References: D. D. Lee and H. S. Seung, "Algorithms for Non-negative Matrix Factorization",
 * NIPS 2001; G. Bouma, "Normalized (Pointwise) Mutual Information in Collocation Extraction", GSCL
 * 2009; M. Röder, A. Both and A. Hinneburg, "Exploring the Space of Topic Coherence Measures", WSDM
 * 2015.
 */
public final class TopicModel {
  private static final double EPS = 1e-9;
  private static final int TOP = 10;

  /**
   * Options.
   *
   * @param kMin the fewest topics tried (2 or more)
   * @param kMax the most topics tried
   * @param maxIterations the most multiplicative-update iterations of a fit
   * @param tolerance a fit stops when its Frobenius error fell by less than this share of its first
   *     iteration's error over the last {@link Nmf#CHECK_EVERY} iterations (0: always {@code
   *     maxIterations})
   * @param fitSample the most documents the factorisation is fitted on
   * @param minDocuments the fewest documents a vocabulary term appears in
   * @param maxVocabulary the largest vocabulary
   * @param seed seed of the sample and of the randomised SVD behind the start
   */
  public record Options(
      int kMin,
      int kMax,
      int maxIterations,
      double tolerance,
      int fitSample,
      int minDocuments,
      int maxVocabulary,
      long seed) {
    public Options {
      if (kMin < 2 || kMax < kMin) {
        throw new IllegalArgumentException(
            "topics: need 2 <= k_min <= k_max, got k_min " + kMin + ", k_max " + kMax);
      }
      if (maxIterations < 1
          || !(tolerance >= 0)
          || fitSample < 10
          || minDocuments < 1
          || maxVocabulary < 10) {
        throw new IllegalArgumentException(
            "topics: max_iterations >= 1, tolerance >= 0, fit_sample >= 10,"
                + " min_documents >= 1 and max_vocabulary >= 10");
      }
    }

    public static Options defaults() {
      return new Options(2, 10, 200, 1e-4, 5000, 3, 2000, 42);
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
    // a document's row and placement are functions of its terms alone: equal term lists (a shop's
    // stock phrases) are weighted and placed once, and share the result
    int[] distinctOf = new int[n];
    List<List<String>> distinct = distinct(docs, distinctOf);
    Sparse[] distinctRows = new Sparse[distinct.size()];
    IntStream.range(0, distinct.size())
        .parallel()
        .forEach(d -> distinctRows[d] = Sparse.tfidf(distinct.get(d), index, df, vocab, n));
    Sparse[] rows = new Sparse[n];
    for (int i = 0; i < n; i++) {
      rows[i] = distinctRows[distinctOf[i]];
    }
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
    double[][] bestHt = Nmf.transpose(bestH);
    double[][] hht = Nmf.gram(bestHt, k);
    double[] flat = Nmf.flat(bestHt, k);
    double[][] distinctW = new double[distinct.size()][];
    IntStream.range(0, distinct.size())
        .parallel()
        .forEach(d -> distinctW[d] = place(distinctRows[d], flat, hht, 50));
    for (int i = 0; i < n; i++) {
      w[i] = distinctW[distinctOf[i]];
    }
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
   * The H of the k in [kMin, kMax] whose fit (one per k, from NNDSVDa) has the highest mean NPMI
   * coherence on the sample, ties to the smaller k; {@code coherence} gets each k's figure.
   */
  private static double[][] chooseTopics(
      Sparse[] fitRows, int v, Options options, Map<Integer, Double> coherence) {
    int kMin = options.kMin();
    int kMax = Math.min(options.kMax(), v / 2);
    Nmf.Svd svd = Nmf.svd(fitRows, v, kMax, options.seed());
    // every factorisation is independent and deterministic: fitted in parallel, compared in order
    Nmf.Fit[] fits = new Nmf.Fit[kMax - kMin + 1];
    IntStream.range(0, fits.length)
        .parallel()
        .forEach(
            q ->
                fits[q] =
                    new Nmf(fitRows, v, kMin + q, svd, options.tolerance())
                        .iterate(options.maxIterations())
                        .fit());
    double[][] bestH = null;
    double bestC = Double.NEGATIVE_INFINITY;
    for (int k = kMin; k <= kMax; k++) {
      double[][] h = fits[k - kMin].h();
      double c = meanNpmi(h, fitRows, v);
      coherence.put(k, c);
      if (c > bestC + 1e-12) {
        bestC = c;
        bestH = h;
      }
    }
    return bestH;
  }

  /**
   * The distinct term lists of {@code docs} in the order they first occur; {@code distinctOf[i]} is
   * set to the index of document i's list among them.
   */
  private static List<List<String>> distinct(List<List<String>> docs, int[] distinctOf) {
    Map<List<String>, Integer> index = new HashMap<>();
    List<List<String>> distinct = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      List<String> doc = docs.get(i);
      Integer d = index.putIfAbsent(doc, distinct.size());
      if (d == null) {
        d = distinct.size();
        distinct.add(doc);
      }
      distinctOf[i] = d;
    }
    return distinct;
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
      Nmf.updateRow(w, r, ht, hht, num, den);
    }
    return w;
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
