package io.tessera.segment.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times {@code Clustering.fit} with the default options (k-means, automatic k) and the UMAP map on
 * a matrix a run wrote with {@code -Dtessera.bench.matrix=FILE} (its {@code label} column left
 * out), several times in one JVM: the first call is what a run pays (the JIT still compiling), the
 * later ones the steady state. Prints wall and process CPU time and hashes of the labels, the k
 * scores and the map, so two builds can be checked for the same result. Not a test. Run after
 * {@code ./mvnw -pl tessera-core test-compile}:
 *
 * <pre>
 * java -cp tessera-core/target/classes:tessera-core/target/test-classes:$(cat cp.txt) \
 *     io.tessera.segment.cluster.MatrixFitBench FILE [repetitions]
 * </pre>
 *
 * where cp.txt comes from {@code ./mvnw -pl tessera-core dependency:build-classpath
 * -Dmdep.outputFile=cp.txt}.
 */
public final class MatrixFitBench {
  private MatrixFitBench() {}

  public static void main(String[] args) throws IOException {
    List<String> lines = Files.readAllLines(Path.of(args[0]));
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<String> header = List.of(lines.get(0).split(","));
    int label = header.indexOf("label");
    List<String> names = new ArrayList<>(header);
    if (label >= 0) {
      names.remove(label);
    }
    List<double[]> parsed = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",");
      double[] row = new double[names.size()];
      int at = 0;
      for (int j = 0; j < cells.length; j++) {
        if (j != label) {
          row[at++] = Double.parseDouble(cells[j]);
        }
      }
      parsed.add(row);
    }
    double[][] rows = parsed.toArray(double[][]::new);
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.printf("%d rows x %d features%n", rows.length, names.size());
    for (int r = 0; r < reps; r++) {
      long c0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      ClusterModel model = Clustering.fit(rows, names, ClusteringOptions.DEFAULT);
      long c1 = os.getProcessCpuTime();
      long t1 = System.nanoTime();
      Map2D map = Map2D.of(rows, Map2D.Method.UMAP, Map2D.DEFAULT_SAMPLE, 42);
      long c2 = os.getProcessCpuTime();
      long t2 = System.nanoTime();
      System.out.printf(
          "run %d: fit %.2f s wall, %.2f s CPU; umap %.2f s wall, %.2f s CPU; k %d, labels %08x,"
              + " k scores %08x, map %08x%n",
          r + 1,
          (t1 - t0) / 1e9,
          (c1 - c0) / 1e9,
          (t2 - t1) / 1e9,
          (c2 - c1) / 1e9,
          model.k(),
          Arrays.hashCode(model.labels()),
          model.kSelection().hashCode(),
          map.points().hashCode());
    }
  }
}
