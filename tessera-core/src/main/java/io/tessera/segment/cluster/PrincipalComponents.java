package io.tessera.segment.cluster;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.RealVector;

/**
 * Principal components of a set of rows, in pure Java: the sample covariance matrix (p x p) is
 * accumulated here and decomposed by Hipparchus's symmetric eigen-solver, so no native BLAS or
 * LAPACK is needed (Smile 6.3's {@code PCA} calls LAPACK through the system's OpenBLAS, which a
 * machine with only a JDK lacks). With p the number of clustered features (under 20) the
 * decomposition is microseconds; the O(n p^2) pass over the rows is the cost. Each axis's sign is
 * fixed so that its largest loading is positive, so the same rows give the same map everywhere.
 *
 * <p>Reference: Pearson, K. (1901). On lines and planes of closest fit to systems of points in
 * space. Philosophical Magazine 2(11).
 */
final class PrincipalComponents {
  private final double[] mean;
  private final double[][] axes;
  private final double[] variance;

  private PrincipalComponents(double[] mean, double[][] axes, double[] variance) {
    this.mean = mean;
    this.axes = axes;
    this.variance = variance;
  }

  /**
   * Fits the components of {@code rows} (at least 2 rows of equal length).
   *
   * @throws IllegalArgumentException for fewer than 2 rows
   */
  static PrincipalComponents fit(double[][] rows) {
    if (rows.length < 2) {
      throw new IllegalArgumentException("PCA needs at least 2 rows, got " + rows.length);
    }
    int p = rows[0].length;
    double[] mean = new double[p];
    for (double[] row : rows) {
      for (int a = 0; a < p; a++) {
        mean[a] += row[a];
      }
    }
    for (int a = 0; a < p; a++) {
      mean[a] /= rows.length;
    }
    double[][] cov = new double[p][p];
    double[] d = new double[p];
    for (double[] row : rows) {
      for (int a = 0; a < p; a++) {
        d[a] = row[a] - mean[a];
      }
      for (int a = 0; a < p; a++) {
        double da = d[a];
        double[] ca = cov[a];
        for (int b = 0; b <= a; b++) {
          ca[b] += da * d[b];
        }
      }
    }
    for (int a = 0; a < p; a++) {
      for (int b = 0; b <= a; b++) {
        cov[a][b] /= rows.length - 1;
        cov[b][a] = cov[a][b];
      }
    }
    EigenDecompositionSymmetric eigen =
        new EigenDecompositionSymmetric(new Array2DRowRealMatrix(cov, false));
    double[] values = eigen.getEigenvalues();
    Integer[] order = new Integer[p];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -values[i]));
    double[][] axes = new double[p][];
    double[] variance = new double[p];
    for (int c = 0; c < p; c++) {
      RealVector v = eigen.getEigenvector(order[c]);
      double[] axis = v.toArray();
      int largest = 0;
      for (int a = 1; a < p; a++) {
        largest = Math.abs(axis[a]) > Math.abs(axis[largest]) ? a : largest;
      }
      if (axis[largest] < 0) {
        for (int a = 0; a < p; a++) {
          axis[a] = -axis[a];
        }
      }
      axes[c] = axis;
      // rounding can leave the smallest eigenvalues of a singular covariance slightly negative
      variance[c] = Math.max(0, values[order[c]]);
    }
    return new PrincipalComponents(mean, axes, variance);
  }

  /** The variance along each axis, largest first. */
  double[] variance() {
    return variance.clone();
  }

  /** Each axis's share of the total variance, largest first (all 0 when the rows are equal). */
  double[] varianceShare() {
    double total = Arrays.stream(variance).sum();
    return Arrays.stream(variance).map(v -> total > 0 ? v / total : 0).toArray();
  }

  /** Unit axis {@code c} (0 is the direction of most variance). */
  double[] axis(int c) {
    return axes[c].clone();
  }

  /** The coordinates of each row on the first {@code dims} axes, the mean at the origin. */
  double[][] project(double[][] rows, int dims) {
    if (dims < 1 || dims > axes.length) {
      throw new IllegalArgumentException(
          "PCA: dims must be between 1 and " + axes.length + ", got " + dims);
    }
    double[][] out = new double[rows.length][dims];
    IntStream.range(0, rows.length)
        .parallel()
        .forEach(
            i -> {
              double[] row = rows[i];
              for (int c = 0; c < dims; c++) {
                double[] axis = axes[c];
                double s = 0;
                for (int a = 0; a < axis.length; a++) {
                  s += (row[a] - mean[a]) * axis[a];
                }
                out[i][c] = s;
              }
            });
    return out;
  }
}
