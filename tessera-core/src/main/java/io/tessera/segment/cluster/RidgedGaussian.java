package io.tessera.segment.cluster;

import java.io.Serial;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealMatrix;
import smile.stat.distribution.MultivariateDistribution;
import smile.stat.distribution.MultivariateExponentialFamily;
import smile.stat.distribution.MultivariateMixture;
import smile.tensor.DenseMatrix;

/**
 * A full-covariance Gaussian for Smile's EM ({@code MultivariateExponentialFamilyMixture}), in pure
 * Java: the covariance is factorised by Hipparchus's Cholesky decomposition, not by LAPACK.
 *
 * <p>Why not Smile's {@code MultivariateGaussianDistribution}: its constructor factorises the
 * covariance with LAPACK's {@code potrf} through the system's OpenBLAS, so on a machine with only a
 * JDK every Gaussian mixture failed with {@code NoClassDefFoundError: ... clapack_h_1}; and its EM
 * update regularises nothing, so a component whose members share a value exactly (every never-buyer
 * has frequency 0) or that loses its members gets a singular covariance ("LAPACK POTRF error code:
 * 3", seen on {@code tessera run} of a generated shop, 4,000 customers, seed 7077, at k = 6). So
 * the {@code M} step here computes the weighted mean and covariance and adds {@link
 * Clustering#COVARIANCE_RIDGE} to the diagonal on each update, as scikit-learn's {@code reg_covar}
 * does, which keeps every covariance positive definite; the E step, the likelihood and convergence
 * stay Smile's. The density is {@code log p(x) = -(d log 2 pi + log |S| + |L^-1 (x - mu)|^2) / 2}
 * with {@code S = L L'}, by forward substitution (p^2 / 2 operations for p features).
 */
final class RidgedGaussian implements MultivariateDistribution, MultivariateExponentialFamily {
  @Serial private static final long serialVersionUID = 1L;
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private final double[] mean;
  private final double[][] cov;

  /** Lower-triangular Cholesky factor of {@link #cov}, row by row. */
  private final double[][] lower;

  private final double logDet;

  /**
   * A Gaussian with this mean and covariance (taken, not copied).
   *
   * @throws IllegalArgumentException when the covariance is not symmetric positive definite
   */
  RidgedGaussian(double[] mean, double[][] cov) {
    if (cov.length != mean.length) {
      throw new IllegalArgumentException(
          "mean has " + mean.length + " features but the covariance " + cov.length);
    }
    this.mean = mean;
    this.cov = cov;
    RealMatrix l;
    try {
      l = new CholeskyDecomposition(new Array2DRowRealMatrix(cov, false)).getL();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the covariance is not positive definite (" + e.getMessage() + ")", e);
    }
    this.lower = l.getData();
    double sum = 0;
    for (int a = 0; a < lower.length; a++) {
      sum += Math.log(lower[a][a]);
    }
    this.logDet = 2 * sum;
  }

  /** The covariance matrix, a copy. */
  double[][] covariance() {
    double[][] out = new double[cov.length][];
    for (int a = 0; a < cov.length; a++) {
      out[a] = cov[a].clone();
    }
    return out;
  }

  @Override
  public int length() {
    // free parameters: the mean and the lower triangle of the covariance
    int p = mean.length;
    return p + p * (p + 1) / 2;
  }

  @Override
  public double entropy() {
    return (mean.length * (LOG_2PI + 1) + logDet) / 2;
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public DenseMatrix cov() {
    return DenseMatrix.of(covariance());
  }

  @Override
  public double logp(double[] x) {
    int p = mean.length;
    if (x.length != p) {
      throw new IllegalArgumentException("expected " + p + " features, got " + x.length);
    }
    // solve L y = x - mu; the quadratic form (x - mu)' S^-1 (x - mu) is |y|^2
    double[] y = new double[p];
    double quad = 0;
    for (int a = 0; a < p; a++) {
      double[] row = lower[a];
      double s = x[a] - mean[a];
      for (int b = 0; b < a; b++) {
        s -= row[b] * y[b];
      }
      y[a] = s / row[a];
      quad += y[a] * y[a];
    }
    return -(p * LOG_2PI + logDet + quad) / 2;
  }

  @Override
  public double p(double[] x) {
    return Math.exp(logp(x));
  }

  /**
   * Not available: no closed form in more than one dimension, and clustering never needs it.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public double cdf(double[] x) {
    throw new UnsupportedOperationException(
        "the cumulative distribution of a multivariate Gaussian is not computed here");
  }

  @Override
  public MultivariateMixture.Component M(double[][] x, double[] posteriori) {
    int p = mean.length;
    double alpha = 0;
    double[] mu = new double[p];
    for (int i = 0; i < x.length; i++) {
      double w = posteriori[i];
      alpha += w;
      for (int a = 0; a < p; a++) {
        mu[a] += w * x[i][a];
      }
    }
    if (!(alpha > 1e-12)) {
      // the component lost every member: keep its shape with no weight (it is pruned later)
      return new MultivariateMixture.Component(0, this);
    }
    for (int a = 0; a < p; a++) {
      mu[a] /= alpha;
    }
    double[][] s = new double[p][p];
    double[] d = new double[p];
    for (int i = 0; i < x.length; i++) {
      double w = posteriori[i];
      for (int a = 0; a < p; a++) {
        d[a] = x[i][a] - mu[a];
      }
      for (int a = 0; a < p; a++) {
        double wa = w * d[a];
        for (int b = 0; b <= a; b++) {
          s[a][b] += wa * d[b];
        }
      }
    }
    for (int a = 0; a < p; a++) {
      for (int b = 0; b <= a; b++) {
        s[a][b] /= alpha;
        s[b][a] = s[a][b];
      }
      s[a][a] += Clustering.COVARIANCE_RIDGE;
    }
    return new MultivariateMixture.Component(alpha / x.length, new RidgedGaussian(mu, s));
  }

  @Override
  public String toString() {
    return "RidgedGaussian(p = " + mean.length + ")";
  }
}
