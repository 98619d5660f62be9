package io.tessera.segment.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import smile.stat.distribution.MultivariateMixture;

/**
 * The criteria beyond the silhouette that {@link KSelection} weighs when it chooses k: the gap
 * statistic, bootstrap stability and the Bayesian information criterion.
 *
 * <p>Gap and stability refit k-means many times, so they work on a seeded sample of at most {@link
 * #SAMPLE} rows and each auxiliary fit keeps the best of {@link #RESTARTS} k-means++ starts (the
 * chosen partition itself is fitted on every row with the configured restarts).
 *
 * <p>References: Tibshirani, R., Walther, G. and Hastie, T. (2001). Estimating the number of
 * clusters in a data set via the gap statistic. JRSS B 63(2), 411-423. Ben-Hur, A., Elisseeff, A.
 * and Guyon, I. (2002). A stability based method for discovering structure in clustered data.
 * Pacific Symposium on Biocomputing 7, 6-17. Lange, T., Roth, V., Braun, M. L. and Buhmann, J. M.
 * (2004). Stability-based validation of clustering solutions. Neural Computation 16, 1299-1323.
 * Pelleg, D. and Moore, A. (2000). X-means: extending k-means with efficient estimation of the
 * number of clusters. ICML. Schwarz, G. (1978). Estimating the dimension of a model. Annals of
 * Statistics 6(2), 461-464.
 */
final class KCriteria {
  /** Rows the gap statistic and stability are computed on (a seeded sample). */
  static final int SAMPLE = 4_000;

  /** Reference data sets of the gap statistic, and subsample pairs of the stability. */
  static final int DRAWS = 10;

  /** k-means++ starts of each auxiliary fit. */
  static final int RESTARTS = 3;

  /** The share of the sample each stability subsample holds (Ben-Hur et al. use 0.7 to 0.9). */
  static final double SUBSAMPLE = 0.8;

  private final double[][] x;
  private final boolean everyRow;
  private final double[][] reference;
  private final ClusteringOptions options;

  /** The gap statistic of one k: gap and its standard error s_k. */
  record Gap(double gap, double se) {}

  private KCriteria(double[][] x, boolean everyRow, ClusteringOptions options) {
    this.x = x;
    this.everyRow = everyRow;
    this.options = options;
    this.reference = principalFrame(x);
  }

  /** Criteria for the rows (a seeded sample of {@link #SAMPLE} of them). */
  static KCriteria of(double[][] rows, ClusteringOptions options) {
    int[] picked = Clustering.sample(rows.length, SAMPLE, options.seed() ^ 0x5EEDL);
    Arrays.sort(picked);
    double[][] x = new double[picked.length][];
    for (int a = 0; a < picked.length; a++) {
      x[a] = rows[picked[a]];
    }
    return new KCriteria(x, picked.length == rows.length, options);
  }

  /** Whether the sample is every row, in order (at most {@link #SAMPLE} rows). */
  boolean coversEveryRow() {
    return everyRow;
  }

  /**
   * One draw of the gap statistic at k: the log within-cluster sum of squares of the sample itself
   * (draw 0, see {@link #ownLogWithin}) or of reference set {@code draw - 1}. Each draw is seeded
   * on its own, so the draws of every k can run side by side in any order ({@link Parallel}).
   */
  double gapDraw(int k, int draw) {
    if (draw == 0) {
      return ownLogWithin(fit(x, k, 0));
    }
    int b = draw - 1;
    double[][] r = uniformInFrame(new SplittableRandom(Clustering.seedOf(options.seed(), k, b)));
    return Math.log(withinSs(r, fit(r, k, b + 1)));
  }

  /**
   * Draw 0 of the gap from the labels of the sample's own fit: the best of the first {@code
   * min(RESTARTS, restarts)} k-means++ starts seeded {@code Clustering.seedOf(seed, k, r)}, which
   * are also the first starts of the chosen partition's fit when the sample is every row ({@link
   * #coversEveryRow}), so that fit's labels can be given here instead of fitting them again.
   */
  double ownLogWithin(int[] labels) {
    return Math.log(withinSs(x, labels));
  }

  /** How many k-means++ starts each auxiliary fit keeps the best of. */
  int auxiliaryRestarts() {
    return Math.min(RESTARTS, options.restarts());
  }

  /**
   * Tibshirani, Walther and Hastie's gap from the {@link #gapDraw draws} of one k: the mean log
   * within-cluster sum of squares of {@link #DRAWS} reference sets, drawn uniformly in the box of
   * the sample's principal components (their method (b), which follows the data's shape), minus the
   * sample's own; s_k is the standard deviation of the reference values times sqrt(1 + 1/B).
   *
   * @param own draw 0
   * @param ref draws 1..B, in order
   */
  static Gap gapOf(double own, double[] ref) {
    double mean = Arrays.stream(ref).average().orElse(Double.NaN);
    double var = 0;
    for (double v : ref) {
      var += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(var / DRAWS);
    return new Gap(mean - own, sd * Math.sqrt(1 + 1.0 / DRAWS));
  }

  /** Whether the stability of k can be measured: each subsample holds more than k rows. */
  boolean stabilityDefined(int k) {
    return (int) Math.round(x.length * SUBSAMPLE) > k;
  }

  /**
   * One of the {@link #DRAWS} pairs of bootstrap stability in Ben-Hur et al.'s sense: two seeded
   * subsamples (each {@link #SUBSAMPLE} of the sample, drawn without replacement), k-means fitted
   * on both, every sample row assigned to the nearest centroid of each, and the two labelings
   * compared by the adjusted Rand index. Seeded on its own, like {@link #gapDraw}.
   */
  double stabilityDraw(int k, int b) {
    int m = (int) Math.round(x.length * SUBSAMPLE);
    SplittableRandom random =
        new SplittableRandom(Clustering.seedOf(options.seed() ^ 0xB00L, k, b));
    int[] all = new int[x.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    int[] first = ClusterQuality.sampleOf(all, m, random.nextLong());
    int[] second = ClusterQuality.sampleOf(all, m, random.nextLong());
    int[] a = assign(centroidsOf(first, k, 2 * b));
    int[] c = assign(centroidsOf(second, k, 2 * b + 1));
    return ClusterQuality.adjustedRandIndex(a, c);
  }

  /**
   * Stability from the {@link #stabilityDraw draws} of one k, in order: their mean. 1 means the
   * same partition whichever customers it was fitted on.
   */
  static double stabilityOf(double[] agreement) {
    double total = 0;
    for (double v : agreement) {
      total += v;
    }
    return total / DRAWS;
  }

  private double[][] centroidsOf(int[] rows, int k, int draw) {
    double[][] sub = new double[rows.length][];
    for (int a = 0; a < rows.length; a++) {
      sub[a] = x[rows[a]];
    }
    int[] labels = fit(sub, k, 100 + draw);
    return Clustering.centroids(sub, labels, k);
  }

  private int[] assign(double[][] centroids) {
    int[] out = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = ClusterModel.nearest(centroids, x[i]);
    }
    return out;
  }

  private int[] fit(double[][] rows, int k, int draw) {
    ClusteringOptions o = options.withRestarts(auxiliaryRestarts()).withSeed(options.seed() + draw);
    return Clustering.kmeans(rows, k, o).labels();
  }

  /**
   * BIC of the partition as a mixture of spherical Gaussians with one shared variance, the model
   * k-means fits (Pelleg and Moore's X-means): -2 log L + (k - 1 + k p + 1) ln n, lower is better.
   */
  static double sphericalBic(double[][] rows, int[] labels, int k) {
    int n = rows.length;
    int p = rows[0].length;
    double w = withinSs(rows, labels);
    if (n <= k || w <= 0) {
      return Double.NaN;
    }
    double variance = w / ((double) p * (n - k));
    int[] size = new int[k];
    for (int label : labels) {
      size[label]++;
    }
    double logL = -0.5 * n * p * Math.log(2 * Math.PI * variance) - w / (2 * variance);
    for (int s : size) {
      if (s > 0) {
        logL += s * Math.log((double) s / n);
      }
    }
    double parameters = (k - 1) + (double) k * p + 1;
    return -2 * logL + parameters * Math.log(n);
  }

  /**
   * BIC of a fitted Gaussian mixture with full covariances: -2 log L + (k - 1 + k p + k p (p + 1) /
   * 2) ln n, lower is better (scikit-learn's sign; Smile's own {@code bic} is the negative half).
   */
  static double mixtureBic(double[][] rows, MultivariateMixture mixture) {
    int k = mixture.components.length;
    int p = rows[0].length;
    double logL = 0;
    for (double[] row : rows) {
      logL += mixture.logp(row);
    }
    double parameters = (k - 1) + (double) k * p + k * p * (p + 1) / 2.0;
    return -2 * logL + parameters * Math.log(rows.length);
  }

  static double withinSs(double[][] rows, int[] labels) {
    int k = Arrays.stream(labels).max().orElse(-1) + 1;
    double[][] c = Clustering.centroids(rows, labels, k);
    double w = 0;
    for (int i = 0; i < rows.length; i++) {
      if (labels[i] >= 0) {
        w += ClusterQuality.squaredDistance(rows[i], c[labels[i]]);
      }
    }
    return w;
  }

  /**
   * The sample's mean, principal axes (columns of {@code axes}) and the range of the sample along
   * each: row 0 the mean, rows 1..p the axes, row p+1 the lower and row p+2 the upper bounds.
   */
  private static double[][] principalFrame(double[][] x) {
    int n = x.length;
    int p = x[0].length;
    double[] mean = new double[p];
    for (double[] row : x) {
      for (int j = 0; j < p; j++) {
        mean[j] += row[j] / n;
      }
    }
    double[][] cov = new double[p][p];
    for (double[] row : x) {
      for (int a = 0; a < p; a++) {
        double da = row[a] - mean[a];
        for (int b = 0; b <= a; b++) {
          cov[a][b] += da * (row[b] - mean[b]);
        }
      }
    }
    for (int a = 0; a < p; a++) {
      for (int b = 0; b <= a; b++) {
        cov[a][b] /= Math.max(1, n - 1);
        cov[b][a] = cov[a][b];
      }
    }
    // Hipparchus's symmetric eigen decomposition is pure Java: no native library for a p x p matrix
    EigenDecompositionSymmetric eigen =
        new EigenDecompositionSymmetric(new Array2DRowRealMatrix(cov, false));
    double[][] frame = new double[p + 3][];
    frame[0] = mean;
    for (int j = 0; j < p; j++) {
      frame[1 + j] = eigen.getEigenvector(j).toArray();
    }
    double[] lo = new double[p];
    double[] hi = new double[p];
    Arrays.fill(lo, Double.POSITIVE_INFINITY);
    Arrays.fill(hi, Double.NEGATIVE_INFINITY);
    for (double[] row : x) {
      for (int j = 0; j < p; j++) {
        double z = 0;
        double[] axis = frame[1 + j];
        for (int a = 0; a < p; a++) {
          z += (row[a] - mean[a]) * axis[a];
        }
        lo[j] = Math.min(lo[j], z);
        hi[j] = Math.max(hi[j], z);
      }
    }
    frame[p + 1] = lo;
    frame[p + 2] = hi;
    return frame;
  }

  private double[][] uniformInFrame(SplittableRandom random) {
    int p = x[0].length;
    double[] mean = reference[0];
    double[] lo = reference[p + 1];
    double[] hi = reference[p + 2];
    double[][] out = new double[x.length][p];
    double[] z = new double[p];
    for (double[] row : out) {
      for (int j = 0; j < p; j++) {
        z[j] = lo[j] + random.nextDouble() * (hi[j] - lo[j]);
      }
      for (int a = 0; a < p; a++) {
        double v = mean[a];
        for (int j = 0; j < p; j++) {
          v += z[j] * reference[1 + j][a];
        }
        row[a] = v;
      }
    }
    return out;
  }
}
