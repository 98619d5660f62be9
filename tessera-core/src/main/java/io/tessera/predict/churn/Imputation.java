package io.tessera.predict.churn;

import java.util.Arrays;

/** Column medians of training rows, to fill missing values for models that cannot take NaN. */
final class Imputation {
  private Imputation() {}

  /** The median of each column's non-missing values; 0 for a column with none. */
  static double[] medians(ChurnData rows) {
    double[] out = new double[rows.width()];
    double[] buffer = new double[rows.size()];
    for (int j = 0; j < out.length; j++) {
      int m = 0;
      for (int i = 0; i < rows.size(); i++) {
        double v = rows.get(i, j);
        if (!Double.isNaN(v)) {
          buffer[m++] = v;
        }
      }
      if (m == 0) {
        continue;
      }
      Arrays.sort(buffer, 0, m);
      out[j] = m % 2 == 1 ? buffer[m / 2] : (buffer[m / 2 - 1] + buffer[m / 2]) / 2;
    }
    return out;
  }
}
