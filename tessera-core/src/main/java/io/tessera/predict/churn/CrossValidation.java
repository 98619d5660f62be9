package io.tessera.predict.churn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;

/** Stratified k-fold cross-validation: every row is scored by the model that did not see it. */
public final class CrossValidation {
  private CrossValidation() {}

  /** Assigns each row a fold so that every fold has the same share of positives. */
  public static int[] stratifiedFolds(int[] labels, int k, long seed) {
    if (k < 2) {
      throw new IllegalArgumentException("folds must be at least 2, got " + k);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] fold = new int[labels.length];
    for (int cls = 0; cls <= 1; cls++) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == cls) {
          rows.add(i);
        }
      }
      for (int i = rows.size() - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        Integer t = rows.get(i);
        rows.set(i, rows.get(j));
        rows.set(j, t);
      }
      for (int i = 0; i < rows.size(); i++) {
        fold[rows.get(i)] = i % k;
      }
    }
    return fold;
  }

  /** The rows of fold {@code f} ({@code in = true}) or of all the other folds. */
  static int[] rows(int[] fold, int f, boolean in) {
    int n = 0;
    for (int x : fold) {
      if ((x == f) == in) {
        n++;
      }
    }
    int[] out = new int[n];
    int k = 0;
    for (int i = 0; i < fold.length; i++) {
      if ((fold[i] == f) == in) {
        out[k++] = i;
      }
    }
    return out;
  }

  /**
   * Out-of-fold raw probabilities of a classifier. The folds are fitted in parallel (the common
   * fork-join pool, one thread per core); each fit is seeded, so the result does not depend on the
   * order they finish in.
   */
  public static double[] outOfFold(ChurnClassifier classifier, ChurnData data, int[] fold, int k) {
    return outOfFold(List.of(classifier), data, fold, k, new double[1])[0];
  }

  /**
   * Out-of-fold raw probabilities of several classifiers on the same folds, {@code
   * [classifier][row]}, each fold's model fitted on all the other folds' rows: see {@link
   * #outOfFold(List, ChurnData, int[], int, int, long, double[])}.
   */
  public static double[][] outOfFold(
      List<ChurnClassifier> classifiers, ChurnData data, int[] fold, int k, double[] seconds) {
    return outOfFold(classifiers, data, fold, k, 0, 0, seconds);
  }

  /**
   * Out-of-fold raw probabilities of several classifiers on the same folds, {@code
   * [classifier][row]}: all their fits (classifiers x folds) are one parallel pass, so that one
   * classifier's last folds (XGBoost's and logistic regression's fits are single-threaded) run
   * beside another's instead of leaving a core idle. Each fit is seeded and writes only its own
   * fold's rows, so the result is that of {@link #outOfFold(ChurnClassifier, ChurnData, int[],
   * int)} for each classifier when {@code maxFitRows} caps nothing.
   *
   * @param maxFitRows the most rows a fold's model is fitted on ({@link #fitRows}); 0 = all the
   *     other folds' rows. Every row is still scored, by the model of its own fold
   * @param seed the seed of that sample
   * @param seconds receives each classifier's time from its first fit's start to its last fit's end
   */
  public static double[][] outOfFold(
      List<ChurnClassifier> classifiers,
      ChurnData data,
      int[] fold,
      int k,
      int maxFitRows,
      long seed,
      double[] seconds) {
    int m = classifiers.size();
    double[][] oof = new double[m][data.size()];
    AtomicLongArray first = new AtomicLongArray(m);
    AtomicLongArray last = new AtomicLongArray(m);
    for (int c = 0; c < m; c++) {
      first.set(c, Long.MAX_VALUE);
      last.set(c, Long.MIN_VALUE);
    }
    int[][] fitRows = new int[k][];
    for (int f = 0; f < k; f++) {
      fitRows[f] = fitRows(fold, f, data.labels(), maxFitRows, seed);
    }
    IntStream.range(0, m * k)
        .parallel()
        .forEach(
            task -> {
              int c = task / k;
              int f = task % k;
              first.accumulateAndGet(c, System.nanoTime(), Math::min);
              int[] test = rows(fold, f, true);
              if (test.length > 0) {
                ChurnClassifier.Fitted model = classifiers.get(c).fit(data.subset(fitRows[f]));
                double[] p = model.probability(data.subset(test));
                for (int t = 0; t < test.length; t++) {
                  oof[c][test[t]] = p[t];
                }
              }
              last.accumulateAndGet(c, System.nanoTime(), Math::max);
            });
    for (int c = 0; c < m; c++) {
      seconds[c] = (last.get(c) - first.get(c)) / 1e9;
    }
    return oof;
  }

  /**
   * The rows fold {@code f}'s model is fitted on: all the other folds' rows or, when they are more
   * than {@code maxRows} (and {@code maxRows > 0}), a stratified sample of {@code maxRows} of them:
   * each class keeps its share (rounded, at least one row of each class the folds hold), drawn by a
   * partial Fisher-Yates shuffle seeded by {@code seed} and the fold, in row order.
   */
  public static int[] fitRows(int[] fold, int f, int[] labels, int maxRows, long seed) {
    int[] train = rows(fold, f, false);
    if (maxRows <= 0 || train.length <= maxRows) {
      return train;
    }
    int pos = 0;
    for (int i : train) {
      pos += labels[i];
    }
    int neg = train.length - pos;
    int takePos = (int) Math.round(maxRows * (double) pos / train.length);
    takePos = Math.clamp(takePos, Math.min(1, pos), Math.min(pos, maxRows - Math.min(1, neg)));
    int takeNeg = Math.min(neg, maxRows - takePos);
    boolean[] keep = new boolean[labels.length];
    SplittableRandom rnd = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (f + 1)));
    for (int cls = 1; cls >= 0; cls--) {
      int[] of = new int[cls == 1 ? pos : neg];
      int n = 0;
      for (int i : train) {
        if (labels[i] == cls) {
          of[n++] = i;
        }
      }
      int take = cls == 1 ? takePos : takeNeg;
      for (int i = 0; i < take; i++) {
        int j = i + rnd.nextInt(of.length - i);
        int t = of[i];
        of[i] = of[j];
        of[j] = t;
        keep[of[i]] = true;
      }
    }
    int[] out = new int[takePos + takeNeg];
    int n = 0;
    for (int i : train) {
      if (keep[i]) {
        out[n++] = i;
      }
    }
    return out;
  }

  /**
   * Calibrated out-of-fold probabilities, cross-fitted: the calibration of fold {@code f}'s rows is
   * fitted on the other folds' out-of-fold probabilities, so the Brier score after calibration is
   * measured on rows the calibration did not see.
   */
  public static double[] crossCalibrated(
      Calibration calibration, double[] oof, int[] labels, int[] fold, int k) {
    double[] out = new double[oof.length];
    for (int f = 0; f < k; f++) {
      int[] test = rows(fold, f, true);
      int[] train = rows(fold, f, false);
      double[] p = new double[train.length];
      int[] y = new int[train.length];
      for (int t = 0; t < train.length; t++) {
        p[t] = oof[train[t]];
        y[t] = labels[train[t]];
      }
      var map = calibration.fit(p, y);
      for (int i : test) {
        out[i] = map.applyAsDouble(oof[i]);
      }
    }
    return out;
  }
}
