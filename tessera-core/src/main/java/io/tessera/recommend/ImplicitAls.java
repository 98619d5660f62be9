package io.tessera.recommend;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Matrix factorisation for implicit feedback by alternating least squares.
 *
 * <p>Every customer-item cell gets a preference {@code p = 1} if the customer bought the item and
 * {@code 0} otherwise, weighted by a confidence {@code c = 1 + alpha * r} where {@code r} is the
 * number of purchase lines. Customer factors {@code x_u} and item factors {@code y_i} minimise
 * {@code sum c_ui (p_ui - x_u . y_i)^2 + lambda (sum |x_u|^2 + sum |y_i|^2)} over all cells,
 * alternately for the customers and the items; each row is the exact solution of {@code (Y'Y +
 * Y'(C_u - I)Y + lambda I) x_u = Y' C_u p_u}, formed in {@code O(n_u f^2)} from the precomputed
 * {@code Y'Y} (the paper's speed-up) and solved by a Cholesky factorisation, or approximately by a
 * few conjugate-gradient steps from the row's previous value, which never forms the matrix (Takács,
 * Pilászy & Tikk 2011). Pure Java: no native BLAS.
 *
 * <p>The reason of a recommendation is the paper's explanation (its section 5): with {@code W_u =
 * (Y'C_uY + lambda I)^-1}, the score is {@code sum_j s_ij c_uj} over the customer's items, {@code
 * s_ij = y_i' W_u y_j}; the bought item with the largest term is named ("bought with X").
 *
 * <p>References: Y. Hu, Y. Koren, C. Volinsky. Collaborative filtering for implicit feedback
 * datasets. ICDM 2008, 263-272. G. Takács, I. Pilászy, D. Tikk. Applications of the conjugate
 * gradient method for implicit feedback collaborative filtering. RecSys 2011, 297-300.
 */
public final class ImplicitAls implements Recommender {
  /**
   * @param factors latent factors (at least 1)
   * @param lambda regularisation (positive)
   * @param alpha confidence per purchase line, {@code c = 1 + alpha r} (non-negative)
   * @param iterations alternations (at least 1)
   * @param seed seed of the random start
   * @param cgSteps conjugate-gradient steps per row, warm-started from the row's previous value
   *     (Takács, Pilászy & Tikk 2011); 0 solves each row exactly by Cholesky
   */
  public record Options(
      int factors, double lambda, double alpha, int iterations, long seed, int cgSteps) {
    /** Exact (Cholesky) row solves. */
    public Options(int factors, double lambda, double alpha, int iterations, long seed) {
      this(factors, lambda, alpha, iterations, seed, 0);
    }

    public Options {
      if (cgSteps < 0 || cgSteps > 100) {
        throw new IllegalArgumentException(
            "recommend.als.cg_steps must be in 0..100 (0 = exact), got: " + cgSteps);
      }
      if (factors < 1 || factors > 512) {
        throw new IllegalArgumentException(
            "recommend.als.factors must be in 1..512, got: " + factors);
      }
      if (!(lambda > 0) || !Double.isFinite(lambda)) {
        throw new IllegalArgumentException("recommend.als.lambda must be positive, got: " + lambda);
      }
      if (!(alpha >= 0) || !Double.isFinite(alpha)) {
        throw new IllegalArgumentException(
            "recommend.als.alpha must be zero or positive, got: " + alpha);
      }
      if (iterations < 1) {
        throw new IllegalArgumentException(
            "recommend.als.iterations must be at least 1, got: " + iterations);
      }
    }
  }

  private final Purchases purchases;
  private final Options options;
  private final double[] x;
  private final double[] y;
  private final double[] itemGram;

  private ImplicitAls(Purchases purchases, Options options, double[] x, double[] y) {
    this.purchases = purchases;
    this.options = options;
    this.x = x;
    this.y = y;
    this.itemGram = gram(y, options.factors());
  }

  public Options options() {
    return options;
  }

  /** Fits the factors (rows in parallel; each row's solution does not depend on threads). */
  public static ImplicitAls fit(Purchases purchases, Options options) {
    int f = options.factors();
    int n = purchases.customerCount();
    int m = purchases.itemCount();
    SplittableRandom random = new SplittableRandom(options.seed());
    double[] x = new double[n * f];
    double[] y = new double[m * f];
    for (int k = 0; k < y.length; k++) {
      y[k] = random.nextDouble(-0.01, 0.01);
    }
    for (int it = 0; it < options.iterations(); it++) {
      solveRows(purchases, true, x, y, options);
      solveRows(purchases, false, y, x, options);
    }
    return new ImplicitAls(purchases, options, x, y);
  }

  /**
   * Solves every row of {@code out} (customers or items) against the fixed {@code fixed}. The
   * confidences {@code 1 + alpha r} of the row's cells are taken in the matrix's row order for the
   * customers and its column order for the items, so no cell's count is searched for.
   */
  private static void solveRows(
      Purchases p, boolean customers, double[] out, double[] fixed, Options o) {
    int f = o.factors();
    double[] gram = gram(fixed, f);
    int rowsCount = customers ? p.customerCount() : p.itemCount();
    int[] other = customers ? p.cols() : p.rows();
    int[] counts = customers ? p.counts() : p.colCounts();
    IntStream.range(0, rowsCount)
        .parallel()
        .forEach(
            r -> {
              int start = customers ? p.rowStart(r) : p.colStart(r);
              int end = customers ? p.rowEnd(r) : p.colEnd(r);
              if (o.cgSteps() > 0) {
                conjugateGradient(other, counts, start, end, r, out, fixed, gram, o);
                return;
              }
              double[] a = new double[f * f];
              double[] b = new double[f];
              system(other, counts, start, end, fixed, gram, o, a, b);
              cholesky(a, f);
              solve(a, f, b);
              System.arraycopy(b, 0, out, r * f, f);
            });
  }

  /**
   * A few conjugate-gradient steps on the row's system from its current value; {@code A v} is
   * {@code G v + lambda v + sum (c - 1) (y . v) y} over the row's cells, never formed.
   *
   * @param other the other side's index of each cell (cells {@code start..end-1} are the row's)
   * @param counts each cell's count
   */
  private static void conjugateGradient(
      int[] other,
      int[] counts,
      int start,
      int end,
      int r,
      double[] out,
      double[] fixed,
      double[] gram,
      Options o) {
    int f = o.factors();
    int len = end - start;
    double[] conf = new double[len];
    double[] weight = new double[len];
    for (int k = 0; k < len; k++) {
      conf[k] = 1 + o.alpha() * counts[start + k];
      weight[k] = conf[k] - 1;
    }
    double[] x = new double[f];
    System.arraycopy(out, r * f, x, 0, f);
    double[] res = new double[f];
    double[] ap = new double[f];
    // residual b - A x, with b = sum c y
    times(x, other, start, weight, fixed, gram, o.lambda(), f, res);
    for (int d = 0; d < f; d++) {
      res[d] = -res[d];
    }
    for (int k = 0; k < len; k++) {
      int off = other[start + k] * f;
      for (int d = 0; d < f; d++) {
        res[d] += conf[k] * fixed[off + d];
      }
    }
    double[] dir = res.clone();
    double rs = dot(res, res);
    for (int step = 0; step < o.cgSteps() && rs > 1e-20; step++) {
      times(dir, other, start, weight, fixed, gram, o.lambda(), f, ap);
      double alpha = rs / dot(dir, ap);
      for (int d = 0; d < f; d++) {
        x[d] += alpha * dir[d];
        res[d] -= alpha * ap[d];
      }
      double next = dot(res, res);
      for (int d = 0; d < f; d++) {
        dir[d] = res[d] + next / rs * dir[d];
      }
      rs = next;
    }
    System.arraycopy(x, 0, out, r * f, f);
  }

  /**
   * {@code out = G v + lambda v + sum_k w_k (y_k . v) y_k} over the row's cells k. Four sums are
   * carried side by side (four rows of G, four dot products, then the four terms added to each
   * coordinate in k's order) so that the processor overlaps them; every sum adds the same terms in
   * the same order as one at a time, so the result is the same to the bit. (G v column by column,
   * on vector lanes, measured no faster.)
   */
  static void times(
      double[] v,
      int[] other,
      int start,
      double[] weight,
      double[] fixed,
      double[] gram,
      double lambda,
      int f,
      double[] out) {
    gramTimes(v, gram, lambda, f, out);
    int len = weight.length;
    int k = 0;
    for (; k + 3 < len; k += 4) {
      int o0 = other[start + k] * f;
      int o1 = other[start + k + 1] * f;
      int o2 = other[start + k + 2] * f;
      int o3 = other[start + k + 3] * f;
      double y0 = 0;
      double y1 = 0;
      double y2 = 0;
      double y3 = 0;
      for (int e = 0; e < f; e++) {
        double ve = v[e];
        y0 += fixed[o0 + e] * ve;
        y1 += fixed[o1 + e] * ve;
        y2 += fixed[o2 + e] * ve;
        y3 += fixed[o3 + e] * ve;
      }
      double w0 = weight[k] * y0;
      double w1 = weight[k + 1] * y1;
      double w2 = weight[k + 2] * y2;
      double w3 = weight[k + 3] * y3;
      for (int e = 0; e < f; e++) {
        double s = out[e];
        s += w0 * fixed[o0 + e];
        s += w1 * fixed[o1 + e];
        s += w2 * fixed[o2 + e];
        s += w3 * fixed[o3 + e];
        out[e] = s;
      }
    }
    for (; k < len; k++) {
      int off = other[start + k] * f;
      double yv = 0;
      for (int e = 0; e < f; e++) {
        yv += fixed[off + e] * v[e];
      }
      double w = weight[k] * yv;
      for (int e = 0; e < f; e++) {
        out[e] += w * fixed[off + e];
      }
    }
  }

  /** {@code out = G v + lambda v}, four rows of G side by side (each summed in row order). */
  private static void gramTimes(double[] v, double[] gram, double lambda, int f, double[] out) {
    int d = 0;
    for (; d + 3 < f; d += 4) {
      int g0 = d * f;
      int g1 = g0 + f;
      int g2 = g1 + f;
      int g3 = g2 + f;
      double s0 = lambda * v[d];
      double s1 = lambda * v[d + 1];
      double s2 = lambda * v[d + 2];
      double s3 = lambda * v[d + 3];
      for (int e = 0; e < f; e++) {
        double ve = v[e];
        s0 += gram[g0 + e] * ve;
        s1 += gram[g1 + e] * ve;
        s2 += gram[g2 + e] * ve;
        s3 += gram[g3 + e] * ve;
      }
      out[d] = s0;
      out[d + 1] = s1;
      out[d + 2] = s2;
      out[d + 3] = s3;
    }
    for (; d < f; d++) {
      double s = lambda * v[d];
      for (int e = 0; e < f; e++) {
        s += gram[d * f + e] * v[e];
      }
      out[d] = s;
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** {@code A = G + sum (c-1) v v' + lambda I} and {@code b = sum c v} over the row's cells. */
  private static void system(
      int[] otherOf,
      int[] counts,
      int start,
      int end,
      double[] fixed,
      double[] gram,
      Options o,
      double[] a,
      double[] b) {
    int f = o.factors();
    System.arraycopy(gram, 0, a, 0, f * f);
    for (int d = 0; d < f; d++) {
      a[d * f + d] += o.lambda();
    }
    for (int q = start; q < end; q++) {
      int other = otherOf[q];
      double c = 1 + o.alpha() * counts[q];
      int off = other * f;
      for (int d = 0; d < f; d++) {
        double vd = fixed[off + d];
        b[d] += c * vd;
        double w = (c - 1) * vd;
        for (int e = 0; e <= d; e++) {
          a[d * f + e] += w * fixed[off + e];
        }
      }
    }
    for (int d = 0; d < f; d++) {
      for (int e = 0; e < d; e++) {
        a[e * f + d] = a[d * f + e];
      }
    }
  }

  /** {@code V'V} of the row-major factors {@code v} (rows of length f). */
  private static double[] gram(double[] v, int f) {
    int rows = v.length / f;
    double[] g = new double[f * f];
    for (int r = 0; r < rows; r++) {
      int off = r * f;
      for (int d = 0; d < f; d++) {
        double vd = v[off + d];
        for (int e = 0; e <= d; e++) {
          g[d * f + e] += vd * v[off + e];
        }
      }
    }
    for (int d = 0; d < f; d++) {
      for (int e = 0; e < d; e++) {
        g[e * f + d] = g[d * f + e];
      }
    }
    return g;
  }

  /**
   * Cholesky factorisation in place: the lower triangle of {@code a} becomes L with A = L L'. A is
   * symmetric positive definite (a Gram matrix plus lambda I with lambda > 0).
   */
  static void cholesky(double[] a, int f) {
    for (int j = 0; j < f; j++) {
      double s = a[j * f + j];
      for (int k = 0; k < j; k++) {
        s -= a[j * f + k] * a[j * f + k];
      }
      double d = Math.sqrt(s);
      a[j * f + j] = d;
      for (int i = j + 1; i < f; i++) {
        double t = a[i * f + j];
        for (int k = 0; k < j; k++) {
          t -= a[i * f + k] * a[j * f + k];
        }
        a[i * f + j] = t / d;
      }
    }
  }

  /** Solves L L' z = b in place, with L from {@link #cholesky}. */
  static void solve(double[] l, int f, double[] b) {
    for (int i = 0; i < f; i++) {
      double t = b[i];
      for (int k = 0; k < i; k++) {
        t -= l[i * f + k] * b[k];
      }
      b[i] = t / l[i * f + i];
    }
    for (int i = f - 1; i >= 0; i--) {
      double t = b[i];
      for (int k = i + 1; k < f; k++) {
        t -= l[k * f + i] * b[k];
      }
      b[i] = t / l[i * f + i];
    }
  }

  /** The predicted preference {@code x_u . y_i}, or NaN when either is unknown. */
  public double score(String customer, String item) {
    int u = purchases.customerIndex(customer);
    int i = purchases.itemIndex(item);
    if (u < 0 || i < 0) {
      return Double.NaN;
    }
    return dot(x, u, y, i, options.factors());
  }

  private static double dot(double[] a, int ra, double[] b, int rb, int f) {
    double s = 0;
    int oa = ra * f;
    int ob = rb * f;
    for (int d = 0; d < f; d++) {
      s += a[oa + d] * b[ob + d];
    }
    return s;
  }

  @Override
  public Method method() {
    return Method.ALS;
  }

  private double[] scores(int u, Set<String> exclude) {
    int f = options.factors();
    int m = purchases.itemCount();
    double[] score = new double[m];
    // four items' dot products side by side, each summed in the order of dot(): the same bits
    int ou = u * f;
    int i = 0;
    for (; i + 3 < m; i += 4) {
      int o0 = i * f;
      int o1 = o0 + f;
      int o2 = o1 + f;
      int o3 = o2 + f;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int d = 0; d < f; d++) {
        double xd = x[ou + d];
        s0 += xd * y[o0 + d];
        s1 += xd * y[o1 + d];
        s2 += xd * y[o2 + d];
        s3 += xd * y[o3 + d];
      }
      score[i] = s0;
      score[i + 1] = s1;
      score[i + 2] = s2;
      score[i + 3] = s3;
    }
    for (; i < m; i++) {
      score[i] = dot(x, u, y, i, f);
    }
    for (String item : exclude) {
      int j = purchases.itemIndex(item);
      if (j >= 0) {
        score[j] = Double.NaN;
      }
    }
    return score;
  }

  @Override
  public List<String> items(String customer, int n, Set<String> exclude) {
    int u = purchases.customerIndex(customer);
    if (u < 0) {
      return List.of();
    }
    List<String> out = new ArrayList<>(n);
    for (int i : TopN.of(scores(u, exclude), n)) {
      out.add(purchases.item(i));
    }
    return out;
  }

  @Override
  public List<Scored> recommend(String customer, int n, Set<String> exclude) {
    int u = purchases.customerIndex(customer);
    if (u < 0) {
      return List.of();
    }
    int f = options.factors();
    double[] score = scores(u, exclude);
    int[] top = TopN.of(score, n);
    if (top.length == 0) {
      return List.of();
    }
    // The explanation of section 5: W_u from the customer's own system.
    double[] a = new double[f * f];
    double[] b = new double[f];
    system(
        purchases.cols(),
        purchases.counts(),
        purchases.rowStart(u),
        purchases.rowEnd(u),
        y,
        itemGram,
        options,
        a,
        b);
    cholesky(a, f);
    List<Scored> out = new ArrayList<>(top.length);
    for (int i : top) {
      double[] z = new double[f];
      System.arraycopy(y, i * f, z, 0, f);
      solve(a, f, z);
      int bestItem = -1;
      double best = Double.NEGATIVE_INFINITY;
      for (int q = purchases.rowStart(u); q < purchases.rowEnd(u); q++) {
        int j = purchases.cols()[q];
        double c = 1 + options.alpha() * purchases.counts()[q];
        double term = 0;
        for (int d = 0; d < f; d++) {
          term += z[d] * y[j * f + d];
        }
        term *= c;
        if (term > best) {
          best = term;
          bestItem = j;
        }
      }
      out.add(
          new Scored(purchases.item(i), score[i], new Reason.BoughtWith(purchases.item(bestItem))));
    }
    return out;
  }
}
