package io.tessera.segment.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import smile.validation.metric.AdjustedRandIndex;

/**
 * Internal and external validity indices of a partition, on row-major data ({@code x[i]} is row
 * {@code i}) with Euclidean distance. A label of {@code -1} marks a point that belongs to no
 * cluster; the internal indices leave such points out.
 *
 * <p>Smile 6.3 has none of the internal indices (measured: its {@code smile.validation.metric}
 * package holds only external ones such as the adjusted Rand index), so silhouette,
 * Calinski-Harabasz and Davies-Bouldin are written here, following their papers and the conventions
 * of scikit-learn 1.2 (a point alone in its cluster has silhouette 0). The adjusted Rand index is
 * Smile's.
 *
 * <p>References: Rousseeuw, P. J. (1987). Silhouettes: a graphical aid to the interpretation and
 * validation of cluster analysis. J. Comput. Appl. Math. 20, 53-65. Calinski, T. and Harabasz, J.
 * (1974). A dendrite method for cluster analysis. Communications in Statistics 3(1), 1-27. Davies,
 * D. L. and Bouldin, D. W. (1979). A cluster separation measure. IEEE PAMI 1(2), 224-227. Hubert,
 * L. and Arabie, P. (1985). Comparing partitions. Journal of Classification 2, 193-218.
 */
public final class ClusterQuality {
  private ClusterQuality() {}

  /**
   * The mean silhouette width over all clustered points: for point i in cluster A, a(i) is its mean
   * distance to the other points of A, b(i) the smallest mean distance to the points of another
   * cluster, and s(i) = (b - a) / max(a, b).
   *
   * @return a value in [-1, 1], or NaN when fewer than two clusters hold points
   */
  public static double silhouette(double[][] x, int[] labels) {
    return silhouette(x, labels, Integer.MAX_VALUE, 0);
  }

  /**
   * The silhouette of a seeded random sample of at most {@code sample} clustered points, computed
   * among the sampled points only (as scikit-learn's {@code silhouette_score(sample_size=...)}): it
   * costs O(sample² p) instead of O(n² p).
   */
  public static double silhouette(double[][] x, int[] labels, int sample, long seed) {
    checkSizes(x, labels);
    int[] rows = clustered(labels);
    if (rows.length > sample) {
      rows = sampleOf(rows, sample, seed);
      Arrays.sort(rows);
    }
    int[] codes = new int[rows.length];
    int k = recode(rows, labels, codes);
    if (k < 2) {
      return Double.NaN;
    }
    int[] size = new int[k];
    for (int c : codes) {
      size[c]++;
    }
    int m = rows.length;
    int[] picked = rows;
    double[] s =
        IntStream.range(0, m)
            .parallel()
            .mapToDouble(
                a -> {
                  double[] sum = new double[k];
                  double[] xi = x[picked[a]];
                  for (int b = 0; b < m; b++) {
                    if (b != a) {
                      sum[codes[b]] += distance(xi, x[picked[b]]);
                    }
                  }
                  int own = codes[a];
                  if (size[own] == 1) {
                    return 0;
                  }
                  double in = sum[own] / (size[own] - 1);
                  double out = Double.POSITIVE_INFINITY;
                  for (int c = 0; c < k; c++) {
                    if (c != own && size[c] > 0) {
                      out = Math.min(out, sum[c] / size[c]);
                    }
                  }
                  double max = Math.max(in, out);
                  return max == 0 ? 0 : (out - in) / max;
                })
            .toArray();
    double total = 0;
    for (double v : s) {
      total += v;
    }
    return total / m;
  }

  /**
   * The Calinski-Harabasz variance ratio: between-cluster dispersion / (k - 1) over within-cluster
   * dispersion / (n - k). Higher is better.
   *
   * @return the index, NaN when fewer than two clusters or no more points than clusters, +Infinity
   *     when every cluster is a single point repeated
   */
  public static double calinskiHarabasz(double[][] x, int[] labels) {
    checkSizes(x, labels);
    int[] rows = clustered(labels);
    int[] codes = new int[rows.length];
    int k = recode(rows, labels, codes);
    int n = rows.length;
    if (k < 2 || n <= k) {
      return Double.NaN;
    }
    double[][] centroids = centroids(x, rows, codes, k);
    int[] size = sizes(codes, k);
    double[] mean = new double[x[rows[0]].length];
    for (int r : rows) {
      for (int j = 0; j < mean.length; j++) {
        mean[j] += x[r][j];
      }
    }
    for (int j = 0; j < mean.length; j++) {
      mean[j] /= n;
    }
    double between = 0;
    for (int c = 0; c < k; c++) {
      between += size[c] * squaredDistance(centroids[c], mean);
    }
    double within = 0;
    for (int a = 0; a < n; a++) {
      within += squaredDistance(x[rows[a]], centroids[codes[a]]);
    }
    if (within == 0) {
      return Double.POSITIVE_INFINITY;
    }
    return between / (k - 1) / (within / (n - k));
  }

  /**
   * The Davies-Bouldin index: the mean over clusters of the largest (s_i + s_j) / d(c_i, c_j),
   * where s_i is the mean distance of cluster i's points to its centroid c_i. Lower is better.
   *
   * @return the index, NaN when fewer than two clusters
   */
  public static double daviesBouldin(double[][] x, int[] labels) {
    checkSizes(x, labels);
    int[] rows = clustered(labels);
    int[] codes = new int[rows.length];
    int k = recode(rows, labels, codes);
    if (k < 2) {
      return Double.NaN;
    }
    double[][] centroids = centroids(x, rows, codes, k);
    int[] size = sizes(codes, k);
    double[] scatter = new double[k];
    for (int a = 0; a < rows.length; a++) {
      scatter[codes[a]] += distance(x[rows[a]], centroids[codes[a]]);
    }
    for (int c = 0; c < k; c++) {
      scatter[c] /= size[c];
    }
    double total = 0;
    for (int i = 0; i < k; i++) {
      double worst = 0;
      for (int j = 0; j < k; j++) {
        if (j != i) {
          double d = distance(centroids[i], centroids[j]);
          double r = d == 0 ? Double.POSITIVE_INFINITY : (scatter[i] + scatter[j]) / d;
          worst = Math.max(worst, r);
        }
      }
      total += worst;
    }
    return total / k;
  }

  /**
   * Hubert and Arabie's adjusted Rand index of two labelings of the same points (any integers;
   * noise is treated as one more group): 1 for identical partitions, about 0 for chance agreement.
   */
  public static double adjustedRandIndex(int[] truth, int[] labels) {
    if (truth.length != labels.length) {
      throw new IllegalArgumentException(
          "adjusted Rand index: " + truth.length + " vs " + labels.length + " labels");
    }
    // Smile's contingency table indexes by label value: make the labels 0..m-1 first
    return AdjustedRandIndex.of(dense(truth), dense(labels));
  }

  static int[] dense(int[] labels) {
    int[] sorted = Arrays.stream(labels).distinct().sorted().toArray();
    int[] out = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = Arrays.binarySearch(sorted, labels[i]);
    }
    return out;
  }

  /** A seeded sample of {@code m} of the given values without replacement (partial shuffle). */
  static int[] sampleOf(int[] values, int m, long seed) {
    int[] pool = values.clone();
    SplittableRandom random = new SplittableRandom(seed);
    int take = Math.min(m, pool.length);
    for (int i = 0; i < take; i++) {
      int j = i + random.nextInt(pool.length - i);
      int t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
    }
    return Arrays.copyOf(pool, take);
  }

  static double distance(double[] a, double[] b) {
    return Math.sqrt(squaredDistance(a, b));
  }

  static double squaredDistance(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double d = a[j] - b[j];
      s += d * d;
    }
    return s;
  }

  private static void checkSizes(double[][] x, int[] labels) {
    if (x.length != labels.length) {
      throw new IllegalArgumentException(
          "cluster quality: " + x.length + " rows but " + labels.length + " labels");
    }
  }

  private static int[] clustered(int[] labels) {
    return IntStream.range(0, labels.length).filter(i -> labels[i] >= 0).toArray();
  }

  /** Writes dense cluster codes of {@code rows} into {@code codes}; returns how many clusters. */
  private static int recode(int[] rows, int[] labels, int[] codes) {
    int[] picked = new int[rows.length];
    for (int a = 0; a < rows.length; a++) {
      picked[a] = labels[rows[a]];
    }
    int[] dense = dense(picked);
    System.arraycopy(dense, 0, codes, 0, dense.length);
    return Arrays.stream(dense).max().orElse(-1) + 1;
  }

  private static int[] sizes(int[] codes, int k) {
    int[] size = new int[k];
    for (int c : codes) {
      size[c]++;
    }
    return size;
  }

  private static double[][] centroids(double[][] x, int[] rows, int[] codes, int k) {
    int p = x[rows[0]].length;
    double[][] c = new double[k][p];
    int[] size = sizes(codes, k);
    for (int a = 0; a < rows.length; a++) {
      double[] xi = x[rows[a]];
      double[] ci = c[codes[a]];
      for (int j = 0; j < p; j++) {
        ci[j] += xi[j];
      }
    }
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < p; j++) {
        c[i][j] /= size[i];
      }
    }
    return c;
  }
}
