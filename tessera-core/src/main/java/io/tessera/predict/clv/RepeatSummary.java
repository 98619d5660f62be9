package io.tessera.predict.clv;

import java.util.Arrays;

/**
 * Each customer's repeat-purchase summary in a calibration period, column-major: {@code x} repeat
 * purchases, {@code tx} the time of the last purchase since the first, {@code T} the time from the
 * first purchase to the end of the period (all times in the model's time unit), and the mean value
 * of the repeat purchases (0 when x = 0).
 */
public final class RepeatSummary {
  private final double[] x;
  private final double[] tx;
  private final double[] age;
  private final double[] meanSpend;

  public RepeatSummary(double[] x, double[] tx, double[] age, double[] meanSpend) {
    int n = x.length;
    if (tx.length != n || age.length != n || (meanSpend != null && meanSpend.length != n)) {
      throw new IllegalArgumentException(
          "x, t_x, T and mean spend must have one value per customer");
    }
    for (int i = 0; i < n; i++) {
      if (!(x[i] >= 0) || !(tx[i] >= 0) || !(age[i] >= tx[i])) {
        throw new IllegalArgumentException(
            "customer "
                + i
                + ": need x >= 0 and 0 <= t_x <= T, got x="
                + x[i]
                + " t_x="
                + tx[i]
                + " T="
                + age[i]);
      }
      if (x[i] == 0 && tx[i] != 0) {
        throw new IllegalArgumentException(
            "customer " + i + ": t_x must be 0 when x = 0, got " + tx[i]);
      }
    }
    this.x = x.clone();
    this.tx = tx.clone();
    this.age = age.clone();
    this.meanSpend = meanSpend == null ? new double[n] : meanSpend.clone();
  }

  public int size() {
    return x.length;
  }

  public double x(int i) {
    return x[i];
  }

  public double tx(int i) {
    return tx[i];
  }

  public double age(int i) {
    return age[i];
  }

  public double meanSpend(int i) {
    return meanSpend[i];
  }

  /** Customers with at least one repeat purchase. */
  public long repeatBuyers() {
    return Arrays.stream(x).filter(v -> v > 0).count();
  }
}
