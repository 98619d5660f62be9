package io.tessera.text;

import io.tessera.text.TopicModel.Sparse;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;

/**
 * One non-negative factorisation V ~ W H of sparse TF-IDF rows by Lee and Seung's multiplicative
 * updates for the Frobenius norm, started by NNDSVDa (Boutsidis and Gallopoulos's non-negative
 * double SVD, its zeros filled with the mean of V, the start scikit-learn's NMF uses with these
 * updates): a deterministic start from V's leading singular vectors, so that one fit per k replaces
 * the best of several random starts. The leading singular vectors come from a randomised subspace
 * iteration (Halko, Martinsson and Tropp's Algorithm 4.4, scikit-learn's {@code randomized_svd}: 10
 * extra columns, 7 power iterations), computed once for the largest k and shared by all.
 *
 * <p>The updates run until {@code maxIterations} or, as in scikit-learn's NMF, until the error fell
 * by less than {@code tolerance} times the first iteration's error over the last {@link
 * #CHECK_EVERY} iterations. The error costs no extra pass: during the update of W each row's num =
 * H v_i and den = H H^T w_i are at hand, and ||v_i - w_i H||^2 = ||v_i||^2 - 2 w_i . num + w_i .
 * den (the error of the iteration's H with the W it was updated against).
 *
 * <p>References: D. D. Lee and H. S. Seung, "Algorithms for Non-negative Matrix Factorization",
 * NIPS 2001; C. Boutsidis and E. Gallopoulos, "SVD based initialization: A head start for
 * nonnegative matrix factorization", Pattern Recognition 41 (2008); N. Halko, P.-G. Martinsson and
 * J. A. Tropp, "Finding structure with randomness", SIAM Review 53 (2011).
 */
final class Nmf {
  static final double EPS = 1e-9;

  /** How often (in iterations) a fit compares its error's fall with the tolerance. */
  static final int CHECK_EVERY = 10;

  private static final int OVERSAMPLE = 10;
  private static final int POWER_ITERATIONS = 7;

  /** A factorisation's H and its squared Frobenius error. */
  record Fit(double[][] h, double error, int iterations) {}

  /**
   * The leading singular triplets of V: values (descending), left vectors (n long each) and right
   * vectors (v long each).
   */
  record Svd(double[] values, double[][] left, double[][] right) {}

  private final Sparse[] rows;
  private final int v;
  private final int k;
  private final double tolerance;
  private final double[][] w;
  private final double[][] h;
  private final double norm;
  // W^T V is kept term-major (term t's k values side by side) for the sparse loop, which visits a
  // document's terms and wants all k values of each
  private final double[] wtv;
  private final double[] num;
  private final double[] den;
  private int done;
  private boolean converged;
  private double firstError = Double.NaN;
  private double lastChecked = Double.NaN;

  /** A factorisation with k topics started by NNDSVDa from {@code svd} (at least k triplets). */
  Nmf(Sparse[] rows, int v, int k, Svd svd, double tolerance) {
    this.rows = rows;
    this.v = v;
    this.k = k;
    this.tolerance = tolerance;
    int n = rows.length;
    w = new double[n][k];
    h = new double[k][v];
    double sum = 0;
    double squares = 0;
    for (Sparse r : rows) {
      for (double x : r.val) {
        sum += x;
        squares += x * x;
      }
    }
    norm = squares;
    nndsvd(svd, w, h);
    double mean = sum / ((double) n * v);
    for (double[] r : w) {
      fillZeros(r, mean);
    }
    for (double[] r : h) {
      fillZeros(r, mean);
    }
    wtv = new double[v * k];
    num = new double[k];
    den = new double[k];
  }

  /** NNDSVD (Boutsidis and Gallopoulos 2008, Table 1), values below 1e-6 set to 0. */
  private void nndsvd(Svd svd, double[][] w, double[][] h) {
    int n = w.length;
    // fewer triplets than k (a sample of fewer documents than topics): the rest start at the mean
    for (int j = 0; j < Math.min(k, svd.values().length); j++) {
      double[] x = svd.left()[j];
      double[] y = svd.right()[j];
      double s = svd.values()[j];
      double xp = 0;
      double xn = 0;
      double yp = 0;
      double yn = 0;
      for (double a : x) {
        xp += a > 0 ? a * a : 0;
        xn += a < 0 ? a * a : 0;
      }
      for (double a : y) {
        yp += a > 0 ? a * a : 0;
        yn += a < 0 ? a * a : 0;
      }
      xp = Math.sqrt(xp);
      xn = Math.sqrt(xn);
      yp = Math.sqrt(yp);
      yn = Math.sqrt(yn);
      // the first pair's signs agree (V is non-negative), so its positive part is the whole of it
      // up to sign; for the others the larger of the positive and the negative parts is kept
      boolean positive = xp * yp >= xn * yn;
      double sigma = positive ? xp * yp : xn * yn;
      double xs = positive ? xp : xn;
      double ys = positive ? yp : yn;
      if (sigma <= 0 || s <= 0) {
        continue;
      }
      double scale = Math.sqrt(s * sigma);
      double sign = positive ? 1 : -1;
      for (int i = 0; i < n; i++) {
        double a = sign * x[i];
        w[i][j] = a > 0 && scale * a / xs >= 1e-6 ? scale * a / xs : 0;
      }
      for (int t = 0; t < v; t++) {
        double a = sign * y[t];
        h[j][t] = a > 0 && scale * a / ys >= 1e-6 ? scale * a / ys : 0;
      }
    }
  }

  private static void fillZeros(double[] r, double mean) {
    for (int j = 0; j < r.length; j++) {
      if (r[j] == 0) {
        r[j] = mean;
      }
    }
  }

  /** Iterates until {@code upTo} iterations are done in all, or the fit has converged. */
  Nmf iterate(int upTo) {
    int n = rows.length;
    while (done < upTo && !converged) {
      // H <- H * (W^T V) / (W^T W H)
      Arrays.fill(wtv, 0);
      for (int i = 0; i < n; i++) {
        Sparse r = rows[i];
        double[] wi = w[i];
        for (int p = 0; p < r.idx.length; p++) {
          double x = r.val[p];
          int base = r.idx[p] * k;
          for (int j = 0; j < k; j++) {
            wtv[base + j] += wi[j] * x;
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
      double squared = norm;
      for (int i = 0; i < n; i++) {
        squared += updateRow(w[i], rows[i], flat, hht, num, den);
      }
      double error = Math.sqrt(Math.max(squared, 0));
      done++;
      if (done == 1) {
        firstError = error;
        lastChecked = error;
      } else if (tolerance > 0 && done % CHECK_EVERY == 0) {
        converged = lastChecked - error < tolerance * firstError;
        lastChecked = error;
      }
    }
    return this;
  }

  /** W (the fitted rows' topic weights). */
  double[][] weights() {
    return w;
  }

  /** H, the exact squared error of the current W and H, and the iterations run. */
  Fit fit() {
    // ||V - WH||^2 = ||V||^2 - 2 sum_i w_i . (H v_i) + tr(W^T W H H^T)
    double[][] hht = gram(transpose(h), k);
    double error = norm;
    for (int i = 0; i < rows.length; i++) {
      Sparse r = rows[i];
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
    return new Fit(h, error, done);
  }

  /**
   * The {@code rank} leading singular triplets of V (n rows over v terms) by randomised subspace
   * iteration from a seeded Gaussian start (fewer when V is smaller).
   */
  static Svd svd(Sparse[] rows, int v, int rank, long seed) {
    int n = rows.length;
    int p = Math.min(rank + OVERSAMPLE, Math.min(n, v));
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] z = new double[v * p];
    for (int i = 0; i < z.length; i++) {
      z[i] = rnd.nextGaussian();
    }
    double[] q = times(rows, z, p);
    orthonormalise(q, n, p);
    for (int it = 0; it < POWER_ITERATIONS; it++) {
      z = transposeTimes(rows, q, v, p);
      orthonormalise(z, v, p);
      q = times(rows, z, p);
      orthonormalise(q, n, p);
    }
    // B = Q^T V (p x v), held as its transpose V^T Q; B B^T = U S^2 U^T
    double[] bt = transposeTimes(rows, q, v, p);
    double[][] bbt = new double[p][p];
    for (int t = 0; t < v; t++) {
      for (int a = 0; a < p; a++) {
        double x = bt[t * p + a];
        for (int b = a; b < p; b++) {
          bbt[a][b] += x * bt[t * p + b];
        }
      }
    }
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < a; b++) {
        bbt[a][b] = bbt[b][a];
      }
    }
    EigenDecompositionSymmetric eigen =
        new EigenDecompositionSymmetric(new Array2DRowRealMatrix(bbt, false));
    double[] lambda = eigen.getEigenvalues();
    Integer[] order = new Integer[p];
    for (int a = 0; a < p; a++) {
      order[a] = a;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer a) -> -lambda[a]).thenComparing(a -> a));
    int m = Math.min(rank, p);
    double[] values = new double[m];
    double[][] left = new double[m][n];
    double[][] right = new double[m][v];
    for (int j = 0; j < m; j++) {
      double[] u = eigen.getEigenvector(order[j]).toArray();
      double s = Math.sqrt(Math.max(lambda[order[j]], 0));
      values[j] = s;
      for (int i = 0; i < n; i++) {
        double a = 0;
        for (int c = 0; c < p; c++) {
          a += q[i * p + c] * u[c];
        }
        left[j][i] = a;
      }
      for (int t = 0; t < v && s > 0; t++) {
        double a = 0;
        for (int c = 0; c < p; c++) {
          a += bt[t * p + c] * u[c];
        }
        right[j][t] = a / s;
      }
    }
    return new Svd(values, left, right);
  }

  /** V Z for Z (v x p, row-major): n x p, row-major. */
  private static double[] times(Sparse[] rows, double[] z, int p) {
    double[] y = new double[rows.length * p];
    for (int i = 0; i < rows.length; i++) {
      Sparse r = rows[i];
      int base = i * p;
      for (int e = 0; e < r.idx.length; e++) {
        double x = r.val[e];
        int zb = r.idx[e] * p;
        for (int c = 0; c < p; c++) {
          y[base + c] += x * z[zb + c];
        }
      }
    }
    return y;
  }

  /** V^T Q for Q (n x p, row-major): v x p, row-major. */
  private static double[] transposeTimes(Sparse[] rows, double[] q, int v, int p) {
    double[] z = new double[v * p];
    for (int i = 0; i < rows.length; i++) {
      Sparse r = rows[i];
      int base = i * p;
      for (int e = 0; e < r.idx.length; e++) {
        double x = r.val[e];
        int zb = r.idx[e] * p;
        for (int c = 0; c < p; c++) {
          z[zb + c] += x * q[base + c];
        }
      }
    }
    return z;
  }

  /**
   * Orthonormal columns of the m x p row-major matrix {@code a}, in place, by modified Gram-Schmidt
   * twice over (a column that vanishes is left zero).
   */
  private static void orthonormalise(double[] a, int m, int p) {
    for (int pass = 0; pass < 2; pass++) {
      for (int c = 0; c < p; c++) {
        for (int b = 0; b < c; b++) {
          double dot = 0;
          for (int i = 0; i < m; i++) {
            dot += a[i * p + b] * a[i * p + c];
          }
          for (int i = 0; i < m; i++) {
            a[i * p + c] -= dot * a[i * p + b];
          }
        }
        double s = 0;
        for (int i = 0; i < m; i++) {
          s += a[i * p + c] * a[i * p + c];
        }
        double inv = s > 1e-300 ? 1 / Math.sqrt(s) : 0;
        for (int i = 0; i < m; i++) {
          a[i * p + c] *= inv;
        }
      }
    }
  }

  /**
   * One multiplicative update of a row of W; {@code ht} is H transposed and flattened (term t's k
   * weights at t * k), {@code num} and {@code den} are scratch (k long). Returns the row's squared
   * error before the update less ||v_i||^2: w_i . (H H^T w_i) - 2 w_i . (H v_i).
   */
  static double updateRow(
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
    double error = 0;
    for (int j = 0; j < k; j++) {
      error += wi[j] * (den[j] - 2 * num[j]);
      wi[j] *= num[j] / (den[j] + EPS);
    }
    return error;
  }

  /** The rows of {@code a} (each k long) one after the other. */
  static double[] flat(double[][] a, int k) {
    double[] out = new double[a.length * k];
    for (int i = 0; i < a.length; i++) {
      System.arraycopy(a[i], 0, out, i * k, k);
    }
    return out;
  }

  static double[][] transpose(double[][] h) {
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
  static double[][] gram(double[][] a, int k) {
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
}
