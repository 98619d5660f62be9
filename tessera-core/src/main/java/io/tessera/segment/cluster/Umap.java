package io.tessera.segment.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.Pair;

/**
 * UMAP in pure Java, for the report's 2-D map: McInnes, L., Healy, J. and Melville, J. (2018).
 * UMAP: uniform manifold approximation and projection for dimension reduction. arXiv:1802.03426.
 * Each step follows the reference implementation ({@code umap-learn}) with its defaults: exact
 * nearest neighbours (15, counting the point itself), the smoothed k-NN distances and fuzzy union
 * of the neighbour graph, the curve {@code 1 / (1 + a d^2b)} fitted to {@code min_dist} 0.1 and
 * {@code spread} 1 (Levenberg-Marquardt, Hipparchus), and 500 epochs (200 above 10,000 points) of
 * stochastic gradient descent with 5 negative samples per positive one, learning rate 1 decaying
 * linearly, gradients clipped to 4.
 *
 * <p>Why not Smile's {@code UMAP}: it fits its curve with an SVD and starts from a spectral
 * embedding of the graph, both native (LAPACK, ARPACK), so on a machine with only a JDK it failed
 * with {@code NoClassDefFoundError}. The start here is the data's first two principal components
 * ({@code init="pca"} in {@code umap-learn}), scaled to [0, 10] with a little noise: Kobak, D. and
 * Linderman, G. (2021). Initialization is critical for preserving global data structure in both
 * t-SNE and UMAP. Nature Biotechnology 39 show that it keeps the global layout as well as the
 * spectral start. One seeded generator and one thread: the same rows and seed give the same map.
 */
final class Umap {
  /** Neighbours per point, counting the point itself ({@code n_neighbors}). */
  static final int NEIGHBOURS = 15;

  static final double MIN_DIST = 0.1;
  static final double SPREAD = 1.0;
  private static final double NEGATIVE_SAMPLE_RATE = 5;
  private static final double CLIP = 4;
  private static final double SMOOTH_K_TOLERANCE = 1e-5;
  private static final double MIN_K_DIST_SCALE = 1e-3;

  private Umap() {}

  /**
   * Two-dimensional coordinates of {@code x}, one row each.
   *
   * @param neighbours neighbours per point including itself (at most the number of rows)
   * @throws IllegalArgumentException for fewer than 3 rows
   */
  static double[][] fit(double[][] x, int neighbours, long seed) {
    int n = x.length;
    if (n < 3) {
      throw new IllegalArgumentException("UMAP needs at least 3 points, got " + n);
    }
    int k = Math.max(2, Math.min(neighbours, n));
    int epochs = n > 10_000 ? 200 : 500;
    int[][] knn = new int[n][];
    double[][] dist = new double[n][];
    nearestNeighbours(x, k - 1, knn, dist);
    Graph graph = fuzzyGraph(knn, dist, k, epochs);
    SplittableRandom random = new SplittableRandom(seed);
    double[][] embedding = initialLayout(x, random);
    double[] ab = curve(SPREAD, MIN_DIST);
    optimise(embedding, graph, epochs, ab[0], ab[1], random);
    return embedding;
  }

  /** The {@code m} nearest other points of each row (Euclidean; ties by row index). */
  private static void nearestNeighbours(double[][] x, int m, int[][] knn, double[][] dist) {
    int n = x.length;
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              int[] idx = new int[m];
              double[] d = new double[m];
              Arrays.fill(d, Double.POSITIVE_INFINITY);
              Arrays.fill(idx, Integer.MAX_VALUE);
              double[] xi = x[i];
              for (int j = 0; j < n; j++) {
                if (j == i) {
                  continue;
                }
                double s = 0;
                double[] xj = x[j];
                for (int a = 0; a < xi.length; a++) {
                  double t = xi[a] - xj[a];
                  s += t * t;
                }
                if (s < d[m - 1]) {
                  // insertion into the sorted list; j ascends, so equal distances keep index order
                  int at = m - 1;
                  while (at > 0 && d[at - 1] > s) {
                    d[at] = d[at - 1];
                    idx[at] = idx[at - 1];
                    at--;
                  }
                  d[at] = s;
                  idx[at] = j;
                }
              }
              for (int a = 0; a < m; a++) {
                d[a] = Math.sqrt(d[a]);
              }
              knn[i] = idx;
              dist[i] = d;
            });
  }

  /** The symmetric fuzzy neighbour graph as directed edges (both directions), row-major order. */
  record Graph(int n, int[] head, int[] tail, double[] weight) {}

  static Graph fuzzyGraph(int[][] knn, double[][] dist, int k, int epochs) {
    int n = knn.length;
    double target = Math.log(k) / Math.log(2);
    double meanAll = Arrays.stream(dist).flatMapToDouble(Arrays::stream).average().orElse(0);
    double[][] w = new double[n][];
    for (int i = 0; i < n; i++) {
      w[i] = memberships(dist[i], target, meanAll);
    }
    // fuzzy union: p_ij = w_ij + w_ji - w_ij w_ji, one entry per ordered pair
    long[] keys = new long[2 * n * knn[0].length];
    double[] values = new double[keys.length];
    int count = 0;
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < knn[i].length; a++) {
        int j = knn[i][a];
        double wij = w[i][a];
        int back = indexOf(knn[j], i);
        double wji = back < 0 ? 0 : w[j][back];
        double p = wij + wji - wij * wji;
        keys[count] = (long) i * n + j;
        values[count++] = p;
        if (back < 0) {
          keys[count] = (long) j * n + i;
          values[count++] = p;
        }
      }
    }
    Integer[] order = new Integer[count];
    Arrays.setAll(order, e -> e);
    long[] sortKeys = keys;
    Arrays.sort(order, (e, f) -> Long.compare(sortKeys[e], sortKeys[f]));
    double max = 0;
    for (int e = 0; e < count; e++) {
      max = Math.max(max, values[e]);
    }
    // edges too weak to be sampled once in all epochs are dropped, as in umap-learn
    double cut = max / epochs;
    int kept = 0;
    for (int e = 0; e < count; e++) {
      if (values[e] >= cut) {
        kept++;
      }
    }
    int[] head = new int[kept];
    int[] tail = new int[kept];
    double[] weight = new double[kept];
    int at = 0;
    for (Integer e : order) {
      if (values[e] >= cut) {
        head[at] = (int) (keys[e] / n);
        tail[at] = (int) (keys[e] % n);
        weight[at++] = values[e];
      }
    }
    return new Graph(n, head, tail, weight);
  }

  /**
   * One point's fuzzy memberships of its neighbours: exp(-(d - rho) / sigma), rho the nearest
   * non-zero distance and sigma found by bisection so that they sum to log2(k) (umap-learn's
   * smooth_knn_dist), floored at a share of the mean distance.
   */
  private static double[] memberships(double[] d, double target, double meanAll) {
    double rho = 0;
    for (double v : d) {
      if (v > 0) {
        rho = v; // the nearest non-zero distance (local connectivity 1)
        break;
      }
    }
    double lo = 0;
    double hi = Double.POSITIVE_INFINITY;
    double mid = 1;
    for (int iter = 0; iter < 64; iter++) {
      double psum = 0;
      for (double v : d) {
        double t = v - rho;
        psum += t > 0 ? Math.exp(-t / mid) : 1;
      }
      if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) {
        break;
      }
      if (psum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = hi == Double.POSITIVE_INFINITY ? mid * 2 : (lo + hi) / 2;
      }
    }
    double sigma = mid;
    double floor = MIN_K_DIST_SCALE * (rho > 0 ? Arrays.stream(d).average().orElse(0) : meanAll);
    sigma = Math.max(sigma, floor);
    double[] w = new double[d.length];
    for (int a = 0; a < d.length; a++) {
      double t = d[a] - rho;
      w[a] = t <= 0 || sigma == 0 ? 1 : Math.exp(-t / sigma);
    }
    return w;
  }

  private static int indexOf(int[] values, int v) {
    for (int a = 0; a < values.length; a++) {
      if (values[a] == v) {
        return a;
      }
    }
    return -1;
  }

  /** The first two principal components, scaled to [0, 10] per axis with noise of 1e-4. */
  private static double[][] initialLayout(double[][] x, SplittableRandom random) {
    PrincipalComponents pca = PrincipalComponents.fit(x);
    int dims = Math.min(2, x[0].length);
    double[][] projected = pca.project(x, dims);
    double largest = 0;
    for (double[] row : projected) {
      for (double v : row) {
        largest = Math.max(largest, Math.abs(v));
      }
    }
    double expansion = largest > 0 ? 10 / largest : 1;
    double[][] y = new double[x.length][2];
    for (int i = 0; i < x.length; i++) {
      for (int c = 0; c < 2; c++) {
        double v = c < dims ? projected[i][c] * expansion : 0;
        y[i][c] = v + 1e-4 * gaussian(random);
      }
    }
    for (int c = 0; c < 2; c++) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double[] row : y) {
        lo = Math.min(lo, row[c]);
        hi = Math.max(hi, row[c]);
      }
      for (double[] row : y) {
        row[c] = hi > lo ? 10 * (row[c] - lo) / (hi - lo) : 0;
      }
    }
    return y;
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * The {@code a, b} of {@code 1 / (1 + a d^2b)} closest in least squares to 1 below {@code
   * minDist} and {@code exp(-(d - minDist) / spread)} above it, on 300 points of [0, 3 spread]
   * (umap-learn's {@code find_ab_params}).
   */
  static double[] curve(double spread, double minDist) {
    int m = 300;
    double[] xs = new double[m];
    double[] ys = new double[m];
    for (int i = 0; i < m; i++) {
      xs[i] = 3 * spread * i / (m - 1);
      ys[i] = xs[i] < minDist ? 1 : Math.exp(-(xs[i] - minDist) / spread);
    }
    var problem =
        new LeastSquaresBuilder()
            .start(new double[] {1, 1})
            .target(ys)
            .model(
                (RealVector point) -> {
                  double a = point.getEntry(0);
                  double b = point.getEntry(1);
                  double[] f = new double[m];
                  double[][] jac = new double[m][2];
                  for (int i = 0; i < m; i++) {
                    double x = xs[i];
                    double x2b = x > 0 ? Math.pow(x, 2 * b) : 0;
                    double den = 1 + a * x2b;
                    f[i] = 1 / den;
                    jac[i][0] = -x2b / (den * den);
                    jac[i][1] = x > 0 ? -a * x2b * 2 * Math.log(x) / (den * den) : 0;
                  }
                  RealMatrix j = new Array2DRowRealMatrix(jac, false);
                  return new Pair<>(new ArrayRealVector(f, false), j);
                })
            .maxEvaluations(10_000)
            .maxIterations(10_000)
            .build();
    RealVector fitted = new LevenbergMarquardtOptimizer().optimize(problem).getPoint();
    return new double[] {fitted.getEntry(0), fitted.getEntry(1)};
  }

  private static void optimise(
      double[][] y, Graph graph, int epochs, double a, double b, SplittableRandom random) {
    int edges = graph.head().length;
    double max = Arrays.stream(graph.weight()).max().orElse(1);
    double[] perSample = new double[edges];
    double[] perNegative = new double[edges];
    double[] nextSample = new double[edges];
    double[] nextNegative = new double[edges];
    for (int e = 0; e < edges; e++) {
      perSample[e] = max / graph.weight()[e];
      perNegative[e] = perSample[e] / NEGATIVE_SAMPLE_RATE;
      nextSample[e] = perSample[e];
      nextNegative[e] = perNegative[e];
    }
    int n = graph.n();
    for (int epoch = 0; epoch < epochs; epoch++) {
      double alpha = 1.0 - (double) epoch / epochs;
      for (int e = 0; e < edges; e++) {
        if (nextSample[e] > epoch) {
          continue;
        }
        double[] current = y[graph.head()[e]];
        double[] other = y[graph.tail()[e]];
        double dx = current[0] - other[0];
        double dy = current[1] - other[1];
        double d2 = dx * dx + dy * dy;
        double coeff = 0;
        if (d2 > 0) {
          // d2^b = d2 * d2^(b - 1): one pow per sample, the optimisation's main cost
          double powBm1 = Math.pow(d2, b - 1);
          coeff = -2 * a * b * powBm1 / (a * d2 * powBm1 + 1);
        }
        double gx = clip(coeff * dx) * alpha;
        double gy = clip(coeff * dy) * alpha;
        current[0] += gx;
        current[1] += gy;
        other[0] -= gx;
        other[1] -= gy;
        nextSample[e] += perSample[e];
        int negatives = (int) ((epoch - nextNegative[e]) / perNegative[e]);
        for (int s = 0; s < negatives; s++) {
          int kk = random.nextInt(n);
          if (kk == graph.head()[e]) {
            continue;
          }
          double[] far = y[kk];
          double fx = current[0] - far[0];
          double fy = current[1] - far[1];
          double f2 = fx * fx + fy * fy;
          if (f2 > 0) {
            double repel = 2 * b / ((0.001 + f2) * (a * Math.pow(f2, b) + 1));
            current[0] += clip(repel * fx) * alpha;
            current[1] += clip(repel * fy) * alpha;
          }
        }
        nextNegative[e] += negatives * perNegative[e];
      }
    }
  }

  private static double clip(double v) {
    return Math.max(-CLIP, Math.min(CLIP, v));
  }
}
