package io.tessera.segment.cluster;

import io.tessera.segment.cluster.ClusteringOptions.Algorithm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import smile.math.MathEx;

/**
 * Automatic k for the partitioning algorithms ({@code k: auto}): every candidate k in [k_min,
 * k_max] is fitted, scored by the criteria of {@link KCriteria} and {@link ClusterQuality}, and
 * {@link KSelection} chooses among them (see {@link Clustering}).
 */
final class AutoK {
  private AutoK() {}

  /**
   * The chosen candidate, every k's criteria and why k was chosen.
   *
   * @param best the chosen k's partition
   * @param scores the criteria of each candidate k, in k order
   * @param choice the rule's choice and its reason
   */
  record Chosen(Clustering.Candidate best, List<KScore> scores, KSelection.Choice choice) {}

  /**
   * Fits and scores every candidate k and chooses one.
   *
   * @param fitK the algorithm's fit for one k (only called for algorithms other than k-means, whose
   *     restarts run in the pass of {@link KCriteria}'s fits)
   */
  static Chosen choose(
      double[][] rows, ClusteringOptions options, IntFunction<Clustering.Candidate> fitK) {
    int n = rows.length;
    int kMax = Math.min(options.kMax(), n - 1);
    int kMin = options.kMin();
    KCriteria criteria = KCriteria.of(rows, options);
    Fits fits = fitEveryK(rows, options, kMin, kMax, fitK, criteria);
    List<Clustering.Candidate> candidates = fits.candidates();
    // every candidate's silhouette in one pass over the sampled pairs
    double[] silhouettes =
        ClusterQuality.silhouettes(
            rows,
            candidates.stream().map(Clustering.Candidate::labels).toList(),
            options.silhouetteSample(),
            options.seed());
    List<KScore> scores = new ArrayList<>();
    for (int k = kMin; k <= kMax; k++) {
      int at = k - kMin;
      scores.add(
          score(
              rows, candidates.get(at), k, silhouettes[at], fits.gaps()[at], fits.stability()[at]));
    }
    KSelection.Choice choice = KSelection.choose(scores, n);
    return new Chosen(candidates.get(choice.k() - kMin), scores, choice);
  }

  /** The candidate of each k in [k_min, k_max], with its gap statistic and stability. */
  private record Fits(
      List<Clustering.Candidate> candidates, KCriteria.Gap[] gaps, double[] stability) {}

  /**
   * Fits every candidate k and computes the gap statistic's and stability's draws in one pass of
   * independent seeded fits side by side ({@link Parallel}), with one wait at the end instead of
   * three per k (the k-means restarts, the gap's draws, the stability's pairs). Each fit seeds its
   * own generator, so the order they run in changes nothing: every candidate, gap and stability is
   * the same double as fitted one after another. With k-means on at most {@link KCriteria#SAMPLE}
   * rows, the gap's fit of the sample itself is the best of the candidate's first {@code min(3,
   * restarts)} restarts (the same seeds on the same rows), so it is taken from them instead of
   * fitted again.
   */
  private static Fits fitEveryK(
      double[][] rows,
      ClusteringOptions options,
      int kMin,
      int kMax,
      IntFunction<Clustering.Candidate> fitK,
      KCriteria criteria) {
    int ks = kMax - kMin + 1;
    boolean kmeans = options.algorithm() == Algorithm.KMEANS;
    boolean ownFromRestarts = kmeans && criteria.coversEveryRow();
    int restarts = options.restarts();
    Lloyd.Prepared data = kmeans ? Lloyd.prepare(rows) : null;
    Lloyd.Result[][] runs = new Lloyd.Result[ks][restarts];
    double[][] logW = new double[ks][KCriteria.DRAWS + 1];
    double[][] agreement = new double[ks][KCriteria.DRAWS];
    List<Runnable> tasks = new ArrayList<>();
    // the largest k first: their fits take longest, so the last ones to finish are short
    for (int k = kMax; k >= kMin; k--) {
      int at = k - kMin;
      int kk = k;
      if (kmeans) {
        for (int r = 0; r < restarts; r++) {
          int rr = r;
          tasks.add(
              () -> {
                MathEx.setSeed(Clustering.seedOf(options.seed(), kk, rr));
                runs[at][rr] = Lloyd.fit(data, kk, options.maxIter());
              });
        }
      }
      for (int d = ownFromRestarts ? 1 : 0; d <= KCriteria.DRAWS; d++) {
        int dd = d;
        tasks.add(() -> logW[at][dd] = criteria.gapDraw(kk, dd));
      }
      if (criteria.stabilityDefined(k)) {
        for (int b = 0; b < KCriteria.DRAWS; b++) {
          int bb = b;
          tasks.add(() -> agreement[at][bb] = criteria.stabilityDraw(kk, bb));
        }
      }
    }
    Parallel.map(
        tasks.size(),
        t -> {
          tasks.get(t).run();
          return null;
        });
    List<Clustering.Candidate> candidates = new ArrayList<>(ks);
    KCriteria.Gap[] gaps = new KCriteria.Gap[ks];
    double[] stability = new double[ks];
    for (int k = kMin; k <= kMax; k++) {
      int at = k - kMin;
      if (kmeans) {
        candidates.add(
            new Clustering.Candidate(Clustering.best(Arrays.asList(runs[at])).labels(), null));
        if (ownFromRestarts) {
          List<Lloyd.Result> first =
              Arrays.asList(runs[at]).subList(0, criteria.auxiliaryRestarts());
          logW[at][0] = criteria.ownLogWithin(Clustering.best(first).labels());
        }
      } else {
        candidates.add(fitK.apply(k));
      }
      gaps[at] = KCriteria.gapOf(logW[at][0], Arrays.copyOfRange(logW[at], 1, logW[at].length));
      stability[at] =
          criteria.stabilityDefined(k) ? KCriteria.stabilityOf(agreement[at]) : Double.NaN;
    }
    return new Fits(candidates, gaps, stability);
  }

  private static KScore score(
      double[][] rows,
      Clustering.Candidate c,
      int k,
      double silhouette,
      KCriteria.Gap gap,
      double stability) {
    int[] labels = c.labels();
    int[] size = new int[k];
    for (int label : labels) {
      if (label >= 0 && label < k) {
        size[label]++;
      }
    }
    int smallest = Arrays.stream(size).min().orElse(0);
    int found = (int) Arrays.stream(labels).distinct().count();
    double bic =
        c.mixture() != null
            ? KCriteria.mixtureBic(rows, c.mixture())
            : KCriteria.sphericalBic(rows, labels, Math.max(k, found));
    return new KScore(
        k,
        silhouette,
        ClusterQuality.calinskiHarabasz(rows, labels),
        ClusterQuality.daviesBouldin(rows, labels),
        gap.gap(),
        gap.se(),
        stability,
        bic,
        found < k ? 0.0 : smallest / (double) rows.length);
  }
}
