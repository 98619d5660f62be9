package io.tessera.predict.churn;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * How the decision threshold is chosen from out-of-fold probabilities: maximise F1, or reach a
 * target recall with as few false alarms as possible.
 */
public sealed interface ThresholdRule {
  /** The threshold: a row is called positive when its probability is at or above it. */
  double choose(double[] p, int[] labels);

  /** The rule as configs write it: {@code max_f1} or {@code recall:0.8}. */
  String wire();

  /** The threshold with the highest F1 (the highest such threshold on a tie). */
  record MaxF1() implements ThresholdRule {
    @Override
    public double choose(double[] p, int[] labels) {
      Integer[] order = sortedDescending(p);
      long pos = Arrays.stream(labels).filter(l -> l == 1).count();
      double best = -1;
      double threshold = 0.5;
      long tp = 0;
      for (int k = 0; k < order.length; k++) {
        tp += labels[order[k]];
        if (k + 1 < order.length && p[order[k + 1]] == p[order[k]]) {
          continue;
        }
        double f1 = 2.0 * tp / (k + 1 + pos);
        if (f1 > best) {
          best = f1;
          threshold = p[order[k]];
        }
      }
      return threshold;
    }

    @Override
    public String wire() {
      return "max_f1";
    }
  }

  /**
   * The highest threshold whose recall reaches the target.
   *
   * @param recall the target recall, in (0, 1]
   */
  record TargetRecall(double recall) implements ThresholdRule {
    public TargetRecall {
      if (!(recall > 0 && recall <= 1)) {
        throw new IllegalArgumentException("the target recall must be in (0, 1], got " + recall);
      }
    }

    @Override
    public double choose(double[] p, int[] labels) {
      Integer[] order = sortedDescending(p);
      long pos = Arrays.stream(labels).filter(l -> l == 1).count();
      long tp = 0;
      for (int k = 0; k < order.length; k++) {
        tp += labels[order[k]];
        if (k + 1 < order.length && p[order[k + 1]] == p[order[k]]) {
          continue;
        }
        if (tp >= recall * pos - 1e-9) {
          return p[order[k]];
        }
      }
      return p[order[order.length - 1]];
    }

    @Override
    public String wire() {
      return "recall:" + recall;
    }
  }

  /**
   * Parses {@code max_f1} or {@code recall:<target in (0, 1]>}.
   *
   * @throws IllegalArgumentException naming the allowed forms
   */
  static ThresholdRule parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("max_f1")) {
      return new MaxF1();
    }
    if (t.startsWith("recall:")) {
      try {
        return new TargetRecall(Double.parseDouble(t.substring(7)));
      } catch (IllegalArgumentException e) {
        // falls through to the message below
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a threshold rule; allowed: max_f1, recall:<0-1> (e.g. recall:0.8)");
  }

  private static Integer[] sortedDescending(double[] p) {
    Integer[] order = IntStream.range(0, p.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -p[i]));
    return order;
  }
}
