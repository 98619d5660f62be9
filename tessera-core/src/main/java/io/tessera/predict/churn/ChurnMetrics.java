package io.tessera.predict.churn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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

  /**
   * The 95% interval of a ROC-AUC from its standard error by Hanley and McNeil (1982), "The meaning
   * and use of the area under a ROC curve", Radiology 143: eq. 1 with Q1 = A / (2 - A) and Q2 = 2A²
   * / (1 + A); clipped to [0, 1]. It needs only the area and the class counts, so it can be stated
   * for any cross-validated figure (DeLong's would need the scores again).
   */
  public static double[] rocAucInterval95(double auc, long positives, long negatives) {
    if (positives < 1 || negatives < 1) {
      throw new IllegalArgumentException("a ROC-AUC interval needs both classes");
    }
    double q1 = auc / (2 - auc);
    double q2 = 2 * auc * auc / (1 + auc);
    double variance =
        (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc))
            / ((double) positives * negatives);
    double half = 1.959964 * Math.sqrt(Math.max(variance, 0));
    return new double[] {Math.max(0, auc - half), Math.min(1, auc + half)};
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

  /** Precision, recall and F1 when every score at or above the threshold is called positive. */
  public record AtThreshold(double threshold, double precision, double recall, double f1) {}

  /** Precision, recall and F1 at a threshold (precision is 0 when nothing is called positive). */
  public static AtThreshold at(double threshold, double[] p, int[] labels) {
    long tp = 0;
    long fp = 0;
    long fn = 0;
    for (int i = 0; i < p.length; i++) {
      boolean called = p[i] >= threshold;
      if (called && labels[i] == 1) {
        tp++;
      } else if (called) {
        fp++;
      } else if (labels[i] == 1) {
        fn++;
      }
    }
    double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
    double recall = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new AtThreshold(threshold, precision, recall, f1);
  }

  /** One point of a ROC curve: false and true positive rates at a threshold. */
  public record RocPoint(double threshold, double fpr, double tpr) {}

  /**
   * The ROC curve from (0, 0) to (1, 1), one point per distinct score, thinned to at most {@code
   * maxPoints} points (always keeping the ends) for plotting.
   */
  public static List<RocPoint> rocCurve(double[] scores, int[] labels, int maxPoints) {
    Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
    long pos = Arrays.stream(labels).filter(l -> l == 1).count();
    long neg = labels.length - pos;
    List<RocPoint> all = new ArrayList<>();
    all.add(new RocPoint(Double.POSITIVE_INFINITY, 0, 0));
    long tp = 0;
    long fp = 0;
    for (int k = 0; k < order.length; k++) {
      if (labels[order[k]] == 1) {
        tp++;
      } else {
        fp++;
      }
      if (k + 1 == order.length || scores[order[k + 1]] != scores[order[k]]) {
        all.add(
            new RocPoint(
                scores[order[k]],
                neg == 0 ? 0 : fp / (double) neg,
                pos == 0 ? 0 : tp / (double) pos));
      }
    }
    if (all.size() <= maxPoints) {
      return all;
    }
    List<RocPoint> thin = new ArrayList<>();
    for (int k = 0; k < maxPoints; k++) {
      thin.add(all.get((int) Math.round(k * (all.size() - 1) / (double) (maxPoints - 1))));
    }
    return thin;
  }

  /** One bin of a calibration table. */
  public record CalibrationBin(
      double lower, double upper, double meanPredicted, double observedRate, long count) {}

  /**
   * The calibration (reliability) table: predictions in {@code bins} equal-width bins over [0, 1]
   * (the last closed), each with its mean prediction, observed positive rate and count; empty bins
   * are left out.
   */
  public static List<CalibrationBin> calibrationTable(double[] p, int[] labels, int bins) {
    double[] sum = new double[bins];
    long[] hits = new long[bins];
    long[] count = new long[bins];
    for (int i = 0; i < p.length; i++) {
      int b = Math.min(bins - 1, Math.max(0, (int) Math.floor(p[i] * bins)));
      sum[b] += p[i];
      hits[b] += labels[i];
      count[b]++;
    }
    List<CalibrationBin> out = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        out.add(
            new CalibrationBin(
                b / (double) bins,
                (b + 1) / (double) bins,
                sum[b] / count[b],
                hits[b] / (double) count[b],
                count[b]));
      }
    }
    return out;
  }
}
