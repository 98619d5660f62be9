package io.tessera.predict.churn;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Ranking and calibration metrics of probabilistic binary predictions. */
public final class ChurnMetrics {
  private ChurnMetrics() {}

  /**
   * ROC-AUC as the Mann-Whitney statistic: the probability that a random positive scores above a
   * random negative, ties counting one half (midranks).
   */
  public static double rocAuc(double[] scores, int[] labels) {
    int n = scores.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double[] rank = new double[n];
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double mid = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        rank[order[k]] = mid;
      }
      i = j + 1;
    }
    long pos = Arrays.stream(labels).filter(l -> l == 1).count();
    long neg = n - pos;
    if (pos == 0 || neg == 0) {
      throw new IllegalArgumentException("ROC-AUC needs both classes");
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      if (labels[i] == 1) {
        sum += rank[i];
      }
    }
    return (sum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  /** Average precision: the mean of the precision at each positive, ranked by score. */
  public static double averagePrecision(double[] scores, int[] labels) {
    Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
    double hits = 0;
    double sum = 0;
    for (int k = 0; k < order.length; k++) {
      if (labels[order[k]] == 1) {
        hits++;
        sum += hits / (k + 1);
      }
    }
    return hits == 0 ? 0 : sum / hits;
  }

  /** Mean squared difference between probability and outcome. */
  public static double brier(double[] p, int[] labels) {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += (p[i] - labels[i]) * (p[i] - labels[i]);
    }
    return s / p.length;
  }
}
