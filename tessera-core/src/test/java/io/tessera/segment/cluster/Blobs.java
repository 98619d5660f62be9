package io.tessera.segment.cluster;

import java.util.SplittableRandom;

/** Seeded Gaussian blobs for tests: rows and the blob each row was drawn from. */
record Blobs(double[][] rows, int[] truth) {

  /** {@code perBlob} points around each center, with standard deviation {@code sd} per axis. */
  static Blobs around(double[][] centers, int perBlob, double sd, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = centers.length * perBlob;
    double[][] rows = new double[n][];
    int[] truth = new int[n];
    for (int i = 0; i < n; i++) {
      int c = i % centers.length;
      truth[i] = c;
      rows[i] = new double[centers[c].length];
      for (int j = 0; j < rows[i].length; j++) {
        rows[i][j] = centers[c][j] + sd * gaussian(random);
      }
    }
    return new Blobs(rows, truth);
  }

  /** Five well separated centers in three dimensions. */
  static final double[][] FIVE = {{0, 0, 0}, {10, 0, 0}, {0, 10, 0}, {0, 0, 10}, {10, 10, 10}};

  static double gaussian(SplittableRandom random) {
    // Box-Muller
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
