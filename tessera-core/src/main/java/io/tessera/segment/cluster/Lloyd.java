package io.tessera.segment.cluster;

import smile.math.MathEx;

/**
 * k-means (k-means++ seeding, then Lloyd iterations) that gives the partition of Smile 6.3's {@code
 * KMeans.lloyd} on finite data, about an order of magnitude faster.
 *
 * <p>Same result: the seeding draws from Smile's thread-local generator ({@code MathEx.randomInt},
 * {@code MathEx.random(double[])}) exactly as Smile's {@code CentroidClustering.init} does, the
 * distances are computed as Smile's {@code MathEx.distanceWithMissingValues} computes them, the
 * centroids are summed in row order, an empty cluster is never chosen again, and the loop stops on
 * the same test (the mean squared distance falls by no more than {@code tol}, or {@code maxIter}
 * iterations). {@code LloydTest} checks labels and distortion against Smile's.
 *
 * <p>Faster: one thread on a flat row-major copy (no parallel stream per step: the fits this is
 * used for are small and run side by side, see {@link Parallel}), and Elkan's bounds skip the
 * distance to a centroid that cannot be nearer than the assigned one (a lower bound per point and
 * centroid, and half the distance between centroids); the distance to the assigned centroid is
 * still computed for every point, so the distortion (and hence the stopping test and the choice
 * among restarts) is exact.
 *
 * <p>References: Arthur, D. and Vassilvitskii, S. (2007). k-means++: the advantages of careful
 * seeding. SODA. Elkan, C. (2003). Using the triangle inequality to accelerate k-means. ICML,
 * 147-153.
 */
public final class Lloyd {
  /** Smile's default convergence tolerance on the mean squared distance. */
  public static final double TOL = 1e-4;

  /** Bounds are trusted only with this relative margin, against rounding. */
  private static final double MARGIN = 1e-9;

  private Lloyd() {}

  /**
   * One fitted partition.
   *
   * @param labels each row's cluster
   * @param centroids the final centroids (NaN for a cluster that emptied)
   * @param distortion the mean squared distance of the rows to their centroids
   * @param iterations the Lloyd iterations run
   */
  public record Result(int[] labels, double[][] centroids, double distortion, int iterations) {
    /** The within-cluster sum of squares (inertia). */
    public double inertia() {
      return distortion * labels.length;
    }
  }

  /**
   * Fits k-means on {@code rows} (finite values), drawing the seeding from Smile's generator of the
   * calling thread (seed it with {@code MathEx.setSeed} for a reproducible fit).
   */
  public static Result fit(double[][] rows, int k, int maxIter) {
    return fit(rows, k, maxIter, TOL);
  }

  /** As {@link #fit(double[][], int, int)} with a given tolerance. */
  public static Result fit(double[][] rows, int k, int maxIter, double tol) {
    int n = rows.length;
    if (k < 2 || k > n) {
      throw new IllegalArgumentException("k-means: k is " + k + " for " + n + " rows");
    }
    int p = rows[0].length;
    double[] x = new double[n * p];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rows[i], 0, x, i * p, p);
    }
    int[] group = new int[n];
    double[] proximity = new double[n];
    seed(rows, x, n, p, k, group, proximity);
    double distortion = sum(proximity) / n;

    double[] c = new double[k * p];
    double[] old = new double[k * p];
    int[] size = new int[k];
    // lower[i * k + j]: a lower bound on the distance from row i to centroid j (Elkan)
    double[] lower = new double[n * k];
    double[] half = new double[k];
    double[] gap = new double[k * k];
    double[] moved = new double[k];
    double diff = Double.MAX_VALUE;
    int iter;
    for (iter = 1; iter <= maxIter && diff > tol; iter++) {
      System.arraycopy(c, 0, old, 0, c.length);
      centroids(x, n, p, k, group, c, size);
      for (int j = 0; j < k; j++) {
        moved[j] = size[j] == 0 ? 0 : Math.sqrt(plainSquared(c, j * p, old, j * p, p));
      }
      halfGaps(c, p, k, size, half, gap);
      double total = 0;
      for (int i = 0; i < n; i++) {
        int a = group[i];
        int row = i * k;
        for (int j = 0; j < k; j++) {
          lower[row + j] -= moved[j];
        }
        double d = smileDistance(x, i * p, c, a * p, p);
        if (!(d < half[a] * (1 - MARGIN))) {
          // Smile's search (the first nearest centroid wins), skipping centroid j when the
          // nearest so far is strictly closer than j can be: closer than its lower bound, or than
          // half the distance between the two centroids (Elkan's lemma)
          int cluster = a;
          double nearest = d;
          for (int j = 0; j < k; j++) {
            if (j == a || size[j] == 0) {
              continue;
            }
            double bound = Math.max(lower[row + j], 0.5 * gap[cluster * k + j]);
            if (nearest < bound * (1 - MARGIN)) {
              continue;
            }
            double dj = smileDistance(x, i * p, c, j * p, p);
            lower[row + j] = dj;
            if (dj < nearest || (dj == nearest && j < cluster)) {
              nearest = dj;
              cluster = j;
            }
          }
          group[i] = cluster;
          d = nearest;
        }
        lower[row + group[i]] = d;
        proximity[i] = d * d;
        total += proximity[i];
      }
      double next = total / n;
      diff = distortion - next;
      distortion = next;
    }
    iter--;
    if (diff > tol) {
      centroids(x, n, p, k, group, c, size);
    }
    double[][] out = new double[k][p];
    for (int j = 0; j < k; j++) {
      System.arraycopy(c, j * p, out[j], 0, p);
    }
    return new Result(group, out, distortion, iter);
  }

  /** k-means++ seeding with Smile's draws; leaves each row's nearest seed and squared distance. */
  private static void seed(
      double[][] rows, double[] x, int n, int p, int k, int[] group, double[] proximity) {
    java.util.Arrays.fill(proximity, Double.MAX_VALUE);
    double[][] medoids = java.util.Arrays.copyOf(rows, k);
    int[] at = new int[k];
    at[0] = MathEx.randomInt(n);
    medoids[0] = rows[at[0]];
    double[] probability = new double[n];
    for (int j = 1; j <= k; j++) {
      int prev = j - 1;
      int m = at[prev] * p;
      for (int i = 0; i < n; i++) {
        double dist = smileDistance(x, i * p, x, m, p);
        dist *= dist;
        if (dist < proximity[i]) {
          proximity[i] = dist;
          group[i] = prev;
        }
      }
      if (j < k) {
        System.arraycopy(proximity, 0, probability, 0, n);
        MathEx.unitize1(probability);
        int pick = MathEx.random(probability);
        while (contains(rows[pick], medoids, j)) {
          pick = MathEx.random(probability);
        }
        medoids[j] = rows[pick];
        at[j] = pick;
      }
    }
  }

  private static boolean contains(double[] row, double[][] medoids, int length) {
    for (int i = 0; i < length; i++) {
      if (medoids[i] == row) {
        return true;
      }
    }
    return false;
  }

  /** Centroids summed in row order, then divided by the size (NaN for an empty cluster). */
  private static void centroids(
      double[] x, int n, int p, int k, int[] group, double[] c, int[] size) {
    java.util.Arrays.fill(c, 0);
    java.util.Arrays.fill(size, 0);
    for (int i = 0; i < n; i++) {
      int g = group[i] * p;
      size[group[i]]++;
      int o = i * p;
      for (int j = 0; j < p; j++) {
        c[g + j] += x[o + j];
      }
    }
    for (int a = 0; a < k; a++) {
      for (int j = 0; j < p; j++) {
        c[a * p + j] /= size[a];
      }
    }
  }

  /**
   * The distances between the centroids into {@code gap} (k x k), and half the distance from each
   * centroid to its nearest other (non-empty) centroid into {@code half}.
   */
  private static void halfGaps(double[] c, int p, int k, int[] size, double[] half, double[] gap) {
    java.util.Arrays.fill(half, Double.POSITIVE_INFINITY);
    for (int a = 0; a < k; a++) {
      if (size[a] == 0) {
        continue;
      }
      for (int b = a + 1; b < k; b++) {
        if (size[b] == 0) {
          continue;
        }
        double between = Math.sqrt(plainSquared(c, a * p, c, b * p, p));
        gap[a * k + b] = between;
        gap[b * k + a] = between;
        double d = 0.5 * between;
        half[a] = Math.min(half[a], d);
        half[b] = Math.min(half[b], d);
      }
    }
    for (int a = 0; a < k; a++) {
      if (half[a] == Double.POSITIVE_INFINITY) {
        half[a] = 0;
      }
    }
  }

  private static double plainSquared(double[] u, int uo, double[] v, int vo, int p) {
    double s = 0;
    for (int j = 0; j < p; j++) {
      double d = u[uo + j] - v[vo + j];
      s += d * d;
    }
    return s;
  }

  /** The Euclidean distance as Smile's {@code distanceWithMissingValues} rounds it (no NaN). */
  private static double smileDistance(double[] u, int uo, double[] v, int vo, int p) {
    return Math.sqrt(p * plainSquared(u, uo, v, vo, p) / p);
  }

  private static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }
}
