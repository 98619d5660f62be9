package io.tessera.bench;

import io.tessera.segment.cluster.Lloyd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import smile.math.MathEx;

/**
 * One k-means fit on one thread: Tessera's {@link Lloyd} from fixed initial centroids (rows {@code
 * i * n / k}, the start scripts/bench/kmeans_sklearn.py gives scikit-learn), Tessera's seeded fit,
 * and Smile's {@code KMeans.lloyd} with the same seed (the same partition, the code Tessera used
 * before). The data: {@code -p matrix=FILE} (a matrix a run wrote with {@code
 * -Dtessera.bench.matrix=FILE}; a {@code label} column is left out), else 2,960 x 7 overlapping
 * Gaussian blobs, written to {@code target/kmeans-synthetic.csv} so the script reads the same rows.
 * Each fit's iterations and inertia are printed once at setup, to compare with scikit-learn's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KMeansBench {
  @Param({""})
  public String matrix;

  @Param({"3", "6", "10"})
  public int k;

  /** Iteration limit; tolerance 0 (stop when the distortion no longer falls). */
  @Param({"100"})
  public int maxIter;

  private double[][] rows;
  private double[][] initial;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    rows = matrix.isEmpty() ? synthetic() : read(Path.of(matrix));
    initial = new double[k][];
    for (int j = 0; j < k; j++) {
      initial[j] = rows[(int) ((long) j * rows.length / k)].clone();
    }
    Lloyd.Result r = Lloyd.fitFrom(rows, initial, maxIter, 0);
    System.out.printf(
        Locale.ROOT,
        "%n%d x %d, k=%d from rows i*n/k: %d iterations, inertia %.6f%n",
        rows.length,
        rows[0].length,
        k,
        r.iterations(),
        r.inertia());
  }

  @Benchmark
  public Lloyd.Result lloydFromInitial() {
    return Lloyd.fitFrom(rows, initial, maxIter, 0);
  }

  @Benchmark
  public Lloyd.Result lloydSeeded() {
    MathEx.setSeed(42);
    return Lloyd.fit(rows, k, maxIter);
  }

  @Benchmark
  public Object smileLloydSeeded() {
    MathEx.setSeed(42);
    return smile.clustering.KMeans.lloyd(rows, new smile.clustering.Clustering.Options(k, maxIter));
  }

  static double[][] synthetic() throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    int n = 2_960;
    int p = 7;
    double[][] centers = new double[6][p];
    for (double[] c : centers) {
      for (int j = 0; j < p; j++) {
        c[j] = random.nextDouble(-2, 2);
      }
    }
    double[][] rows = new double[n][p];
    StringBuilder csv = new StringBuilder();
    for (int j = 0; j < p; j++) {
      csv.append(j == 0 ? "" : ",").append("f").append(j);
    }
    csv.append('\n');
    for (int i = 0; i < n; i++) {
      double[] c = centers[random.nextInt(centers.length)];
      for (int j = 0; j < p; j++) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        rows[i][j] = c[j] + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        csv.append(j == 0 ? "" : ",").append(Double.toString(rows[i][j]));
      }
      csv.append('\n');
    }
    Path out = Path.of("target", "kmeans-synthetic.csv");
    Files.createDirectories(out.getParent());
    Files.writeString(out, csv);
    return rows;
  }

  static double[][] read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String[] header = lines.get(0).split(",");
    int label = List.of(header).indexOf("label");
    List<double[]> rows = new ArrayList<>();
    for (int line = 1; line < lines.size(); line++) {
      if (lines.get(line).isBlank()) {
        continue;
      }
      String[] cells = lines.get(line).split(",");
      double[] row = new double[label >= 0 ? cells.length - 1 : cells.length];
      int at = 0;
      for (int j = 0; j < cells.length; j++) {
        if (j != label) {
          row[at++] = Double.parseDouble(cells[j]);
        }
      }
      rows.add(row);
    }
    return rows.toArray(double[][]::new);
  }
}
