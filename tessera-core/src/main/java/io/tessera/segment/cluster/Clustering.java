package io.tessera.segment.cluster;

import io.tessera.segment.cluster.ClusteringOptions.Algorithm;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.tribuo.MutableDataset;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.ClusteringFactory;
import org.tribuo.clustering.hdbscan.HdbscanModel;
import org.tribuo.clustering.hdbscan.HdbscanTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.distance.L2Distance;
import org.tribuo.math.neighbour.NeighboursQueryFactoryType;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import smile.clustering.DBSCAN;
import smile.clustering.HierarchicalClustering;
import smile.clustering.linkage.WardLinkage;
import smile.math.MathEx;
import smile.stat.distribution.MultivariateExponentialFamilyMixture;
import smile.stat.distribution.MultivariateMixture;

/**
 * Partitions customers (rows of a transformed feature matrix) into segments.
 *
 * <p>The algorithms are Smile's, except HDBSCAN (Tribuo's, see {@link #hdbscan}): k-means with
 * k-means++ seeding and Lloyd iterations, a Gaussian mixture with full covariances fitted by EM,
 * HDBSCAN, DBSCAN, and agglomerative clustering with Ward's linkage. The density methods and Ward
 * cost O(n²) memory or time, so they are fitted on a seeded sample of {@link
 * ClusteringOptions#fitSample()} rows and the other rows are assigned with {@link
 * ClusterModel#assign(double[])}.
 *
 * <p>Choosing k ({@code k: auto}): for each k in [k_min, k_max] the algorithm is fitted (k-means:
 * the best of {@code restarts} seeded k-means++ runs by within-cluster sum of squares), and the
 * mean silhouette on a seeded sample of {@code sample} points, the Calinski-Harabasz and
 * Davies-Bouldin indices, the gap statistic, bootstrap stability, the BIC and the smallest
 * cluster's share are computed and reported ({@link KCriteria}); {@link KSelection} chooses k from
 * them by its stated rule (five criteria nominate a useful k, the median wins). Ward's tree is cut
 * at the k with the highest silhouette.
 *
 * <p>Determinism: Smile draws its random numbers from a thread-local generator ({@code MathEx}),
 * which this class seeds from the options before each fit on the calling thread, so the same rows
 * and options give the same labels. (Smile offers no per-call seed; its parallel loops compute
 * distances only.)
 *
 * <p>References: Arthur, D. and Vassilvitskii, S. (2007). k-means++: the advantages of careful
 * seeding. SODA. Lloyd, S. (1982). Least squares quantization in PCM. IEEE Trans. Inf. Theory 28.
 * Campello, R., Moulavi, D. and Sander, J. (2013). Density-based clustering based on hierarchical
 * density estimates. PAKDD. Ester, M. et al. (1996). A density-based algorithm for discovering
 * clusters in large spatial databases with noise. KDD. Ward, J. H. (1963). Hierarchical grouping to
 * optimize an objective function. JASA 58, 236-244. Rousseeuw, P. J. (1987), see {@link
 * ClusterQuality}.
 */
public final class Clustering {
  static final String LIBRARY = "smile-core 6.3.0";

  /** Held so the level set on it is not lost with a collected logger. */
  private static final java.util.logging.Logger TRIBUO_LOG =
      java.util.logging.Logger.getLogger(HdbscanTrainer.class.getName());

  /** Added to the diagonal of each initial mixture covariance (scikit-learn's reg_covar). */
  static final double COVARIANCE_RIDGE = 1e-6;

  private Clustering() {}

  /**
   * Fits a clustering of {@code rows}.
   *
   * @param rows one row per customer, in the transformed feature space (no NaN)
   * @param featureNames the column names
   * @param options how to cluster
   * @throws IllegalArgumentException when the rows are empty, ragged, not finite, or too few for k
   */
  public static ClusterModel fit(
      double[][] rows, List<String> featureNames, ClusteringOptions options) {
    long start = System.nanoTime();
    check(rows, featureNames);
    int n = rows.length;
    Fit fit =
        switch (options.algorithm()) {
          case KMEANS -> partitioned(rows, options, k -> kmeans(rows, k, options));
          case GMM -> partitioned(rows, options, k -> mixture(rows, k, options));
          case WARD -> ward(rows, options);
          case HDBSCAN, DBSCAN -> density(rows, options);
        };
    Relabel relabel = Relabel.bySize(fit.labels());
    int[] labels = relabel.apply(fit.labels());
    int k = relabel.k();
    double[][] centroids = centroids(rows, labels, k);
    double[][] memberships = null;
    int[] componentLabel = null;
    if (fit.mixture() != null) {
      componentLabel = new int[fit.mixture().components.length];
      for (int c = 0; c < componentLabel.length; c++) {
        componentLabel[c] = relabel.of(c);
      }
      memberships = new double[n][];
    }
    int[] exemplarLabels = null;
    if (fit.exemplarLabels() != null) {
      exemplarLabels = relabel.apply(fit.exemplarLabels());
    }
    ClusterModel.Provenance provenance =
        new ClusterModel.Provenance(
            options.algorithm().wireName(),
            options.seed(),
            n,
            fit.fitRows(),
            featureNames,
            options.algorithm() == Algorithm.HDBSCAN ? "tribuo-clustering-hdbscan 4.3.2" : LIBRARY,
            sha256(rows),
            (System.nanoTime() - start) / 1_000_000,
            io.tessera.model.Versions.of("smile"),
            java.time.Instant.now().toString());
    ClusterModel model =
        new ClusterModel(
            new ClusterModel.Parts(
                options,
                featureNames,
                k,
                labels,
                centroids,
                fit.scores(),
                fit.dendrogram(),
                memberships,
                fit.mixture(),
                componentLabel,
                fit.exemplars(),
                exemplarLabels,
                fit.exemplarReach(),
                fit.choice(),
                provenance));
    if (memberships != null) {
      MultivariateMixture mixture = fit.mixture();
      double[][] out = memberships;
      IntStream.range(0, n)
          .parallel()
          .forEach(i -> out[i] = model.byLabel(mixture.posteriori(rows[i])));
    }
    return model;
  }

  /** What one algorithm produced, before labels are numbered by size. */
  private record Fit(
      int[] labels,
      List<KScore> scores,
      int fitRows,
      Dendrogram dendrogram,
      MultivariateMixture mixture,
      double[][] exemplars,
      int[] exemplarLabels,
      double[] exemplarReach,
      KSelection.Choice choice) {}

  /** A candidate partition for one k: the labels and, for a mixture, the fitted mixture. */
  record Candidate(int[] labels, MultivariateMixture mixture) {}

  private static Fit partitioned(
      double[][] rows, ClusteringOptions options, IntFunction<Candidate> fitK) {
    int n = rows.length;
    if (!options.autoK()) {
      requireRows(n, options.k(), "clustering.k");
      Candidate c = fitK.apply(options.k());
      return new Fit(c.labels(), List.of(), n, null, c.mixture(), null, null, null, null);
    }
    requireRows(n, options.kMin(), "clustering.k_min");
    AutoK.Chosen chosen = AutoK.choose(rows, options, fitK);
    Candidate best = chosen.best();
    return new Fit(
        best.labels(), chosen.scores(), n, null, best.mixture(), null, null, null, chosen.choice());
  }

  private static KScore score(double[][] rows, int[] labels, int k, ClusteringOptions options) {
    return new KScore(
        k,
        ClusterQuality.silhouette(rows, labels, options.silhouetteSample(), options.seed()),
        ClusterQuality.calinskiHarabasz(rows, labels),
        ClusterQuality.daviesBouldin(rows, labels));
  }

  /**
   * The best of {@code restarts} seeded k-means++ runs by within-cluster sum of squares (the first
   * such run on a tie), run side by side ({@link Parallel}); each run is the partition Smile's
   * {@code KMeans.lloyd} gives with the same seed ({@link Lloyd}).
   */
  static Candidate kmeans(double[][] rows, int k, ClusteringOptions options) {
    Lloyd.Prepared data = Lloyd.prepare(rows);
    List<Lloyd.Result> runs =
        Parallel.map(
            options.restarts(),
            r -> {
              MathEx.setSeed(seedOf(options.seed(), k, r));
              return Lloyd.fit(data, k, options.maxIter());
            });
    return new Candidate(best(runs).labels(), null);
  }

  /** The run with the lowest distortion (the first such run on a tie). */
  static Lloyd.Result best(List<Lloyd.Result> runs) {
    Lloyd.Result best = null;
    for (Lloyd.Result c : runs) {
      if (best == null || c.distortion() < best.distortion()) {
        best = c;
      }
    }
    return best;
  }

  /**
   * A Gaussian mixture fitted by EM from the best k-means partition (each component starts at one
   * cluster's share, mean and covariance, plus {@link #COVARIANCE_RIDGE} on the diagonal as in
   * scikit-learn's {@code reg_covar}): Smile's own {@code fit(k, data)} starts from random points
   * and, measured on three well separated blobs, merged two of them (ARI 0.78).
   */
  private static Candidate mixture(double[][] rows, int k, ClusteringOptions options) {
    int[] start = kmeans(rows, k, options).labels();
    MultivariateMixture.Component[] initial = new MultivariateMixture.Component[k];
    double[][] means = centroids(rows, start, k);
    int p = rows[0].length;
    double[][][] cov = new double[k][p][p];
    int[] size = new int[k];
    for (int i = 0; i < rows.length; i++) {
      int c = start[i];
      size[c]++;
      for (int a = 0; a < p; a++) {
        double da = rows[i][a] - means[c][a];
        for (int b = 0; b <= a; b++) {
          cov[c][a][b] += da * (rows[i][b] - means[c][b]);
        }
      }
    }
    for (int c = 0; c < k; c++) {
      for (int a = 0; a < p; a++) {
        for (int b = 0; b <= a; b++) {
          cov[c][a][b] /= Math.max(1, size[c]);
          cov[c][b][a] = cov[c][a][b];
        }
        cov[c][a][a] += COVARIANCE_RIDGE;
      }
      initial[c] =
          new MultivariateMixture.Component(
              size[c] / (double) rows.length, new RidgedGaussian(means[c], cov[c]));
    }
    MultivariateMixture fitted;
    try {
      fitted = MultivariateExponentialFamilyMixture.fit(rows, initial);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "clustering.algorithm gmm could not fit "
              + k
              + " components ("
              + e.getMessage()
              + "); a feature may be constant within a group of customers: try kmeans or fewer"
              + " features",
          e);
    }
    int[] labels = new int[rows.length];
    IntStream.range(0, rows.length).parallel().forEach(i -> labels[i] = fitted.map(rows[i]));
    // keep only the components some row belongs to, so that every label has members
    int[] used = Arrays.stream(labels).distinct().sorted().toArray();
    if (used.length < fitted.components.length) {
      double weight = 0;
      for (int c : used) {
        weight += fitted.components[c].priori();
      }
      MultivariateMixture.Component[] kept = new MultivariateMixture.Component[used.length];
      for (int a = 0; a < used.length; a++) {
        MultivariateMixture.Component c = fitted.components[used[a]];
        kept[a] = new MultivariateMixture.Component(c.priori() / weight, c.distribution());
      }
      MultivariateMixture pruned = new MultivariateMixture(kept);
      IntStream.range(0, rows.length).parallel().forEach(i -> labels[i] = pruned.map(rows[i]));
      return new Candidate(labels, pruned);
    }
    return new Candidate(labels, fitted);
  }

  private static Fit ward(double[][] rows, ClusteringOptions options) {
    int n = rows.length;
    int[] sample = sample(n, options.fitSample(), options.seed());
    double[][] x = select(rows, sample);
    HierarchicalClustering tree = HierarchicalClustering.fit(WardLinkage.of(x));
    Dendrogram dendrogram = dendrogram(tree, x.length);
    int[] chosen;
    List<KScore> scores = new ArrayList<>();
    if (!options.autoK()) {
      requireRows(x.length, options.k(), "clustering.k");
      chosen = tree.partition(options.k());
    } else {
      requireRows(x.length, options.kMin(), "clustering.k_min");
      chosen = null;
      double bestSilhouette = Double.NEGATIVE_INFINITY;
      for (int k = options.kMin(); k <= Math.min(options.kMax(), x.length - 1); k++) {
        int[] labels = tree.partition(k);
        KScore score = score(x, labels, k, options);
        scores.add(score);
        if (chosen == null || score.silhouette() > bestSilhouette) {
          bestSilhouette = score.silhouette();
          chosen = labels;
        }
      }
    }
    int[] labels = new int[n];
    if (sample.length == n) {
      labels = chosen;
    } else {
      int k = Arrays.stream(chosen).max().orElse(0) + 1;
      double[][] centroids = centroids(x, chosen, k);
      int[] position = new int[n];
      Arrays.fill(position, -1);
      for (int a = 0; a < sample.length; a++) {
        position[sample[a]] = a;
      }
      int[] out = labels;
      int[] fixed = chosen;
      IntStream.range(0, n)
          .parallel()
          .forEach(
              i ->
                  out[i] =
                      position[i] >= 0
                          ? fixed[position[i]]
                          : ClusterModel.nearest(centroids, rows[i]));
    }
    return new Fit(labels, scores, sample.length, dendrogram, null, null, null, null, null);
  }

  private static Dendrogram dendrogram(HierarchicalClustering tree, int leaves) {
    int[][] merge = tree.tree();
    double[] height = tree.height();
    int[] size = new int[2 * leaves - 1];
    Arrays.fill(size, 0, leaves, 1);
    List<Dendrogram.Merge> merges = new ArrayList<>(merge.length);
    for (int m = 0; m < merge.length; m++) {
      int s = size[merge[m][0]] + size[merge[m][1]];
      size[leaves + m] = s;
      merges.add(new Dendrogram.Merge(merge[m][0], merge[m][1], height[m], s));
    }
    return new Dendrogram(leaves, merges);
  }

  private static Fit density(double[][] rows, ClusteringOptions options) {
    int n = rows.length;
    int[] sample = sample(n, options.fitSample(), options.seed());
    Arrays.sort(sample);
    double[][] x = select(rows, sample);
    int[] sampleLabels;
    double[] reach = new double[x.length];
    MathEx.setSeed(options.seed());
    if (options.algorithm() == Algorithm.HDBSCAN) {
      if (x.length <= options.minPoints()) {
        throw new IllegalArgumentException(
            "clustering.min_points ("
                + options.minPoints()
                + ") must be below the number of rows ("
                + x.length
                + ")");
      }
      sampleLabels = hdbscan(x, options.minPoints(), options.minClusterSize());
      double[] core = coreDistances(x, options.minPoints());
      System.arraycopy(core, 0, reach, 0, reach.length);
    } else {
      DBSCAN<double[]> d = DBSCAN.fit(x, options.minPoints(), options.eps());
      sampleLabels = d.group();
      Arrays.fill(reach, options.eps());
    }
    sampleLabels = sampleLabels.clone();
    for (int a = 0; a < sampleLabels.length; a++) {
      if (sampleLabels[a] == smile.clustering.Clustering.OUTLIER) {
        sampleLabels[a] = ClusterModel.NOISE;
      }
    }
    int[] labelsOfSample = sampleLabels;
    int[] clustered = IntStream.range(0, x.length).filter(a -> labelsOfSample[a] >= 0).toArray();
    double[][] exemplars = new double[clustered.length][];
    int[] exemplarLabels = new int[clustered.length];
    double[] exemplarReach = new double[clustered.length];
    for (int e = 0; e < clustered.length; e++) {
      exemplars[e] = x[clustered[e]].clone();
      exemplarLabels[e] = sampleLabels[clustered[e]];
      exemplarReach[e] = reach[clustered[e]];
    }
    int[] labels = new int[n];
    int[] position = new int[n];
    Arrays.fill(position, -1);
    for (int a = 0; a < sample.length; a++) {
      position[sample[a]] = a;
    }
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              if (position[i] >= 0) {
                labels[i] = labelsOfSample[position[i]];
              } else if (exemplars.length == 0) {
                labels[i] = ClusterModel.NOISE;
              } else {
                int e = ClusterModel.nearest(exemplars, rows[i]);
                labels[i] =
                    ClusterQuality.distance(exemplars[e], rows[i]) <= exemplarReach[e]
                        ? exemplarLabels[e]
                        : ClusterModel.NOISE;
              }
            });
    return new Fit(
        labels,
        List.of(),
        sample.length,
        null,
        null,
        exemplars,
        exemplarLabels,
        exemplarReach,
        null);
  }

  /**
   * HDBSCAN labels of the sample ({@code smile.clustering.Clustering.OUTLIER} for noise), by
   * Tribuo's HDBSCAN*: Smile 6.3's kept the whole sample as one cluster on the default features of
   * a generated shop (adjusted Rand index 0.00 against its personas), Tribuo's found 7 to 19
   * clusters with 5-10% noise (0.61-0.65). One thread: the same sample gives the same labels.
   */
  static int[] hdbscan(double[][] x, int minPoints, int minClusterSize) {
    // Tribuo reports progress at INFO through java.util.logging, onto the user's console
    TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
    ClusteringFactory factory = new ClusteringFactory();
    MutableDataset<ClusterID> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("customers", factory), factory);
    String[] names = new String[x[0].length];
    for (int j = 0; j < names.length; j++) {
      names[j] = "f" + j;
    }
    for (double[] row : x) {
      data.add(new ArrayExample<>(ClusteringFactory.UNASSIGNED_CLUSTER_ID, names, row));
    }
    HdbscanModel model =
        new HdbscanTrainer(
                minClusterSize,
                new L2Distance(),
                minPoints,
                1,
                NeighboursQueryFactoryType.BRUTE_FORCE)
            .train(data);
    List<Integer> found = model.getClusterLabels();
    int[] labels = new int[x.length];
    for (int i = 0; i < labels.length; i++) {
      // Tribuo numbers clusters from 1 and marks noise 0
      int label = found.get(i);
      labels[i] = label == 0 ? smile.clustering.Clustering.OUTLIER : label - 1;
    }
    return labels;
  }

  /** Each point's distance to its {@code minPoints}-th nearest other point (its core distance). */
  static double[] coreDistances(double[][] x, int minPoints) {
    double[] core = new double[x.length];
    int m = Math.min(minPoints, x.length - 1);
    IntStream.range(0, x.length)
        .parallel()
        .forEach(
            i -> {
              double[] d = new double[x.length - 1];
              int k = 0;
              for (int j = 0; j < x.length; j++) {
                if (j != i) {
                  d[k++] = ClusterQuality.distance(x[i], x[j]);
                }
              }
              Arrays.sort(d);
              core[i] = m == 0 ? 0 : d[m - 1];
            });
    return core;
  }

  /** Cluster ids renumbered by size, largest first (ties: lower original id first). */
  private record Relabel(int[] map, int k) {
    static Relabel bySize(int[] labels) {
      int max = Arrays.stream(labels).max().orElse(-1);
      int[] count = new int[max + 1];
      for (int label : labels) {
        if (label >= 0) {
          count[label]++;
        }
      }
      Integer[] order =
          IntStream.rangeClosed(0, max)
              .filter(c -> count[c] > 0)
              .boxed()
              .sorted((a, b) -> count[a] != count[b] ? count[b] - count[a] : a - b)
              .toArray(Integer[]::new);
      int[] map = new int[max + 1];
      Arrays.fill(map, ClusterModel.NOISE);
      for (int r = 0; r < order.length; r++) {
        map[order[r]] = r;
      }
      return new Relabel(map, order.length);
    }

    int of(int label) {
      return label < 0 || label >= map.length ? ClusterModel.NOISE : map[label];
    }

    int[] apply(int[] labels) {
      int[] out = new int[labels.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = of(labels[i]);
      }
      return out;
    }
  }

  static double[][] centroids(double[][] rows, int[] labels, int k) {
    int p = rows.length == 0 ? 0 : rows[0].length;
    double[][] c = new double[k][p];
    int[] size = new int[k];
    for (int i = 0; i < rows.length; i++) {
      if (labels[i] >= 0) {
        size[labels[i]]++;
        for (int j = 0; j < p; j++) {
          c[labels[i]][j] += rows[i][j];
        }
      }
    }
    for (int a = 0; a < k; a++) {
      for (int j = 0; j < p; j++) {
        c[a][j] = size[a] == 0 ? 0 : c[a][j] / size[a];
      }
    }
    return c;
  }

  /** A seeded sample of row indices (all rows when n <= m). */
  static int[] sample(int n, int m, long seed) {
    int[] all = IntStream.range(0, n).toArray();
    if (n <= m) {
      return all;
    }
    return ClusterQuality.sampleOf(all, m, seed);
  }

  private static double[][] select(double[][] rows, int[] indices) {
    double[][] out = new double[indices.length][];
    for (int a = 0; a < indices.length; a++) {
      out[a] = rows[indices[a]];
    }
    return out;
  }

  /** One seed per (k, restart), spread by a 64-bit mix so neighbouring runs are unrelated. */
  static long seedOf(long seed, int k, int restart) {
    long z = seed + 0x9E3779B97F4A7C15L * (k * 1_000L + restart + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static void requireRows(int n, int k, String key) {
    if (n <= k) {
      throw new IllegalArgumentException(
          key + " is " + k + " but there are only " + n + " rows to cluster; lower " + key);
    }
  }

  private static void check(double[][] rows, List<String> featureNames) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("clustering: there are no customers to cluster");
    }
    int p = featureNames.size();
    if (p == 0) {
      throw new IllegalArgumentException("clustering: no features given");
    }
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != p) {
        throw new IllegalArgumentException(
            "clustering: row " + i + " has " + rows[i].length + " values for " + p + " features");
      }
      for (int j = 0; j < p; j++) {
        if (!Double.isFinite(rows[i][j])) {
          throw new IllegalArgumentException(
              "clustering: row "
                  + i
                  + ", feature "
                  + featureNames.get(j)
                  + " is "
                  + rows[i][j]
                  + "; cluster the transformed matrix (FeatureTransform imputes missing values)");
        }
      }
    }
  }

  private static String sha256(double[][] rows) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      ByteBuffer buffer = ByteBuffer.allocate(rows[0].length * Double.BYTES);
      for (double[] row : rows) {
        buffer.clear();
        for (double v : row) {
          buffer.putLong(Double.doubleToLongBits(v));
        }
        digest.update(buffer.array(), 0, buffer.position());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
