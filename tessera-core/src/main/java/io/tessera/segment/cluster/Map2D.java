package io.tessera.segment.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import smile.manifold.TSNE;
import smile.math.MathEx;

/**
 * Two-dimensional coordinates of a seeded sample of customers, for the report's map.
 *
 * <p>PCA ({@link PrincipalComponents}) is fitted on all rows and projects the sampled rows onto the
 * first two principal components: linear, fast and faithful to large distances. t-SNE (Smile) and
 * UMAP ({@link Umap}) are fitted on the sample itself (their cost grows faster than linearly) and
 * keep neighbourhoods, so clusters show as islands. All three are pure Java: Smile's PCA and UMAP
 * call LAPACK and ARPACK through the system's native libraries, which a machine with only a JDK
 * lacks (see the README's "Requirements"). The sample, Smile's thread-local generator and UMAP's
 * generator are seeded, so the same rows and options give the same map.
 *
 * <p>References: Pearson, K. (1901). On lines and planes of closest fit. van der Maaten, L. and
 * Hinton, G. (2008). Visualizing data using t-SNE. JMLR 9. McInnes, L., Healy, J. and Melville, J.
 * (2018). UMAP: uniform manifold approximation and projection. arXiv:1802.03426.
 *
 * @param method the method's wire name: pca, tsne or umap
 * @param points one point per sampled row, in ascending row order
 * @param varianceShare PCA: share of the variance on each axis; empty for the other methods
 */
public record Map2D(
    @JsonProperty("method") String method,
    @JsonProperty("points") List<Point> points,
    @JsonProperty("variance_share") List<Double> varianceShare) {

  /** Default sample: enough to show the shape, small enough for t-SNE in seconds. */
  public static final int DEFAULT_SAMPLE = 2_000;

  /**
   * A customer on the map.
   *
   * @param row the row index in the input
   * @param x first coordinate
   * @param y second coordinate
   */
  public record Point(
      @JsonProperty("row") int row, @JsonProperty("x") double x, @JsonProperty("y") double y) {}

  /** The projection methods. */
  public enum Method {
    PCA,
    TSNE,
    UMAP;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Map2D {
    points = List.copyOf(points);
    varianceShare = List.copyOf(varianceShare);
  }

  /**
   * Maps a seeded sample of at most {@code sample} rows to two dimensions.
   *
   * @throws IllegalArgumentException when there are fewer than 3 rows or the sample is below 3
   */
  public static Map2D of(double[][] rows, Method method, int sample, long seed) {
    if (rows.length < 3) {
      throw new IllegalArgumentException(
          "map: at least 3 customers are needed, got " + rows.length);
    }
    if (sample < 3) {
      throw new IllegalArgumentException(
          "map: the sample must be at least 3 points, got " + sample);
    }
    int[] picked = Clustering.sample(rows.length, sample, seed);
    Arrays.sort(picked);
    double[][] x = new double[picked.length][];
    for (int a = 0; a < picked.length; a++) {
      x[a] = rows[picked[a]];
    }
    List<Double> share = new ArrayList<>();
    MathEx.setSeed(seed);
    double[][] xy =
        switch (method) {
          case PCA -> {
            PrincipalComponents full = PrincipalComponents.fit(rows);
            double[] shares = full.varianceShare();
            // one feature: the map is a line (y = 0) and the second axis carries nothing
            int dims = Math.min(2, shares.length);
            share.add(shares[0]);
            share.add(dims > 1 ? shares[1] : 0.0);
            double[][] projected = full.project(x, dims);
            yield dims == 2
                ? projected
                : Arrays.stream(projected)
                    .map(r -> new double[] {r[0], 0})
                    .toArray(double[][]::new);
          }
          case TSNE -> {
            double perplexity = Math.min(30, (x.length - 1) / 3.0);
            yield TSNE.fit(x, new TSNE.Options(2, perplexity, 200, 12, 1000)).coordinates();
          }
          case UMAP -> Umap.fit(x, Umap.NEIGHBOURS, seed);
        };
    List<Point> points = new ArrayList<>(picked.length);
    for (int a = 0; a < picked.length; a++) {
      points.add(new Point(picked[a], xy[a][0], xy[a][1]));
    }
    return new Map2D(method.wireName(), points, share);
  }
}
