package io.tessera.predict.churn;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times the random forest's TreeSHAP ({@link RandomForestChurn.Model#contributions}) and its
 * probabilities: the default 50-tree forest fitted on TRAIN synthetic rows of ten columns (a noisy
 * logistic label of five of them, two coarse integers, one missing in a tenth of the rows), then
 * ROWS rows explained, REPEATS times. Prints process CPU and wall per repeat and a checksum of the
 * values, so two builds can be compared for the same values. Not a test: times are printed, never
 * asserted.
 *
 * <pre>
 * java -cp ... io.tessera.predict.churn.ForestShapBench [TRAIN 20000] [ROWS 5000] [REPEATS 3]
 * </pre>
 */
public final class ForestShapBench {
  private ForestShapBench() {}

  static ChurnData data(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] rows = new double[n][];
    int[] y = new int[n];
    List<String> names = new ArrayList<>();
    for (int j = 0; j < 10; j++) {
      names.add("x" + j);
    }
    for (int i = 0; i < n; i++) {
      double[] r = new double[10];
      for (int j = 0; j < 10; j++) {
        r[j] = j < 6 ? rnd.nextGaussian() : rnd.nextInt(j == 6 ? 5 : 30);
      }
      double logit = -0.5 + 1.2 * r[0] - r[1] + (r[6] >= 2 ? r[2] : -r[2]) + 0.05 * r[7];
      logit += 0.6 * r[3] * r[4];
      y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
      if (rnd.nextDouble() < 0.1) {
        r[5] = Double.NaN;
      }
      rows[i] = r;
    }
    return ChurnData.of(rows, names, y);
  }

  private static long nodes(smile.model.cart.Node node) {
    return node instanceof smile.model.cart.InternalNode s
        ? 1 + nodes(s.trueChild()) + nodes(s.falseChild())
        : 1;
  }

  public static void main(String[] args) {
    int train = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long c0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    RandomForestChurn.Model model = RandomForestChurn.defaults(42).fit(data(train, 1));
    System.out.printf(
        "fit on %,d rows: %.2f s CPU, %.2f s wall; load %.2f%n",
        train,
        (os.getProcessCpuTime() - c0) / 1e9,
        (System.nanoTime() - t0) / 1e9,
        os.getSystemLoadAverage());
    long nodes = 0;
    for (var tree : model.forest().trees()) {
      nodes += nodes(tree.root());
    }
    System.out.printf("%,d nodes in %d trees%n", nodes, model.forest().trees().length);
    ChurnData rows = data(n, 2);
    for (int r = 0; r < repeats; r++) {
      c0 = os.getProcessCpuTime();
      t0 = System.nanoTime();
      double[][] c = model.contributions(rows);
      double shapCpu = (os.getProcessCpuTime() - c0) / 1e9;
      double shapWall = (System.nanoTime() - t0) / 1e9;
      c0 = os.getProcessCpuTime();
      t0 = System.nanoTime();
      double[] p = model.probability(rows);
      double pCpu = (os.getProcessCpuTime() - c0) / 1e9;
      double pWall = (System.nanoTime() - t0) / 1e9;
      double sum = 0;
      double abs = 0;
      long bits = 17;
      for (int i = 0; i < c.length; i++) {
        sum += p[i];
        for (double v : c[i]) {
          abs += Math.abs(v);
          bits = bits * 31 + Double.doubleToLongBits(v);
        }
      }
      System.out.printf(
          "%,d rows: TreeSHAP %.2f s CPU, %.2f s wall; probability %.3f s CPU, %.3f s wall;"
              + " checksum %.15e %.15e, bits %016x; load %.2f%n",
          n, shapCpu, shapWall, pCpu, pWall, sum, abs, bits, os.getSystemLoadAverage());
    }
  }
}
