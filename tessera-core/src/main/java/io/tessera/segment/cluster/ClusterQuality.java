package io.tessera.segment.cluster;

import java.util.Arrays;
import java.util.List;
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
                  return width(sum, size, codes[a]);
                })
            .toArray();
    double total = 0;
    for (double v : s) {
      total += v;
    }
    return total / m;
  }

  /**
   * {@link #silhouette(double[][], int[], int, long)} of several partitions of the same rows (the
   * candidates of each k), each value the same double as computed alone. When every partition
   * clusters the same rows (no noise points, as k-means and mixtures), the distance between two
   * sampled points is computed once for all of them instead of once per partition; each partition's
   * sums still add the distances in the same order.
   */
  public static double[] silhouettes(double[][] x, List<int[]> partitions, int sample, long seed) {
    double[] out = new double[partitions.size()];
    if (partitions.isEmpty()) {
      return out;
    }
    for (int[] labels : partitions) {
      checkSizes(x, labels);
    }
    int[] rows = clustered(partitions.get(0));
    boolean shared = true;
    for (int[] labels : partitions) {
      shared &= Arrays.equals(rows, clustered(labels));
    }
    if (!shared || rows.length == 0) {
      for (int l = 0; l < out.length; l++) {
        out[l] = silhouette(x, partitions.get(l), sample, seed);
      }
      return out;
    }
    if (rows.length > sample) {
      rows = sampleOf(rows, sample, seed);
      Arrays.sort(rows);
    }
    int m = rows.length;
    int count = partitions.size();
    int[][] codes = new int[count][m];
    int[] ks = new int[count];
    int[][] sizes = new int[count][];
    for (int l = 0; l < count; l++) {
      ks[l] = recode(rows, partitions.get(l), codes[l]);
      sizes[l] = sizes(codes[l], Math.max(ks[l], 0));
    }
    int p = x[rows[0]].length;
    double[][] columns = new double[p][m];
    for (int a = 0; a < m; a++) {
      for (int f = 0; f < p; f++) {
        columns[f][a] = x[rows[a]][f];
      }
    }
    double[][] s = new double[count][m];
    int chunk = 64;
    IntStream.range(0, (m + chunk - 1) / chunk)
        .parallel()
        .forEach(
            part -> {
              double[] d = new double[m];
              double[][] sum = new double[count][];
              for (int l = 0; l < count; l++) {
                sum[l] = new double[Math.max(ks[l], 0)];
              }
              for (int a = part * chunk; a < Math.min(m, (part + 1) * chunk); a++) {
                distancesTo(columns, a, d);
                for (int l = 0; l < count; l++) {
                  if (ks[l] < 2) {
                    continue;
                  }
                  double[] sl = sum[l];
                  Arrays.fill(sl, 0);
                  int[] code = codes[l];
                  for (int b = 0; b < a; b++) {
                    sl[code[b]] += d[b];
                  }
                  for (int b = a + 1; b < m; b++) {
                    sl[code[b]] += d[b];
                  }
                  s[l][a] = width(sl, sizes[l], code[a]);
                }
              }
            });
    return means(s, ks, m);
  }

  /** Each partition's mean width (NaN below two clusters), summed in point order. */
  private static double[] means(double[][] widths, int[] ks, int m) {
    double[] out = new double[widths.length];
    for (int l = 0; l < out.length; l++) {
      double total = 0;
      for (double v : widths[l]) {
        total += v;
      }
      out[l] = ks[l] < 2 ? Double.NaN : total / m;
    }
    return out;
  }

  /**
   * {@code d[b]}: the distance of point {@code a} to point {@code b}, as {@link #distance} computes
   * it (features summed in order from 0), for every b, in loops over b the JIT runs in SIMD.
   */
  private static void distancesTo(double[][] columns, int a, double[] d) {
    Arrays.fill(d, 0);
    for (double[] column : columns) {
      double v = column[a];
      for (int b = 0; b < d.length; b++) {
        double t = column[b] - v;
        d[b] += t * t;
      }
    }
    for (int b = 0; b < d.length; b++) {
      d[b] = Math.sqrt(d[b]);
    }
  }

  /** One point's silhouette width from its summed distances to each cluster. */
  private static double width(double[] sum, int[] size, int own) {
    if (size[own] == 1) {
      return 0;
    }
    double in = sum[own] / (size[own] - 1);
    double out = Double.POSITIVE_INFINITY;
    for (int c = 0; c < sum.length; c++) {
      if (c != own && size[c] > 0) {
        out = Math.min(out, sum[c] / size[c]);
      }
    }
    double max = Math.max(in, out);
    return max == 0 ? 0 : (out - in) / max;
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
