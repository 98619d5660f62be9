package io.tessera.segment.cluster;

import io.tessera.segment.cluster.ClusteringOptions.Algorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fit times of the clustering algorithms on 100,000 rows x 16 features (eight overlapping Gaussian
 * blobs), for the README; not a test. Run after {@code ./mvnw -pl tessera-core test-compile}:
 *
 * <pre>
 * java -cp tessera-core/target/classes:tessera-core/target/test-classes:$(cat cp.txt) \
 *     io.tessera.segment.cluster.ClusteringBench [rows] [algorithms]
 * </pre>
 *
 * where cp.txt comes from {@code ./mvnw -pl tessera-core dependency:build-classpath
 * -Dmdep.outputFile=cp.txt}.
 */
public final class ClusteringBench {
  private ClusteringBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    String algorithms = args.length > 1 ? args[1] : "kmeans,kmeans-k8,gmm-k8,hdbscan,ward,maps";
    int p = 16;
    SplittableRandom random = new SplittableRandom(1);
    double[][] centers = new double[8][p];
    for (double[] c : centers) {
      for (int j = 0; j < p; j++) {
        c[j] = random.nextDouble(-3, 3);
      }
    }
    double[][] rows = new double[n][p];
    for (int i = 0; i < n; i++) {
      double[] c = centers[random.nextInt(centers.length)];
      for (int j = 0; j < p; j++) {
        rows[i][j] = c[j] + Blobs.gaussian(random);
      }
    }
    List<String> names = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      names.add("f" + j);
    }
    System.out.printf(
        "%d rows x %d features, %d processors%n", n, p, Runtime.getRuntime().availableProcessors());
    for (String a : algorithms.split(",")) {
      long t = System.nanoTime();
      String what =
          switch (a) {
            case "kmeans" -> describe(Clustering.fit(rows, names, ClusteringOptions.DEFAULT));
            case "kmeans-k8" ->
                describe(Clustering.fit(rows, names, ClusteringOptions.DEFAULT.withK(8)));
            case "gmm-k8" ->
                describe(
                    Clustering.fit(
                        rows,
                        names,
                        ClusteringOptions.DEFAULT.withAlgorithm(Algorithm.GMM).withK(8)));
            case "hdbscan" ->
                describe(
                    Clustering.fit(
                        rows, names, ClusteringOptions.DEFAULT.withAlgorithm(Algorithm.HDBSCAN)));
            case "ward" ->
                describe(
                    Clustering.fit(
                        rows, names, ClusteringOptions.DEFAULT.withAlgorithm(Algorithm.WARD)));
            case "maps" -> {
              StringBuilder sb = new StringBuilder();
              for (Map2D.Method m : Map2D.Method.values()) {
                long s = System.nanoTime();
                Map2D.of(rows, m, Map2D.DEFAULT_SAMPLE, 42);
                sb.append(
                    String.format(" %s %.1f s;", m.wireName(), (System.nanoTime() - s) / 1e9));
              }
              yield "2-D maps of 2,000 sampled rows:" + sb;
            }
            default -> throw new IllegalArgumentException("unknown algorithm " + a);
          };
      System.out.printf("%-10s %6.1f s  %s%n", a, (System.nanoTime() - t) / 1e9, what);
    }
  }

  private static String describe(ClusterModel m) {
    StringBuilder sb = new StringBuilder(m.toString());
    for (KScore s : m.kSelection()) {
      sb.append(String.format("%n    k=%d silhouette %.3f", s.k(), s.silhouette()));
    }
    return sb.toString();
  }
}
