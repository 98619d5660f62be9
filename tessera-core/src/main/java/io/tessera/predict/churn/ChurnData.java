package io.tessera.predict.churn;

import io.tessera.feature.FeatureMatrix;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows a churn classifier learns from or scores: numeric features, row-major ({@code
 * rows[i][j]} is feature {@code j} of row {@code i}), NaN where a value is missing, each column
 * with a readable name and the group it explains (a one-hot column {@code Contract=Two year} and
 * its siblings form the group {@code Contract}), and optionally a 0/1 label per row (1 = the event:
 * churned, bought).
 */
public final class ChurnData {
  private final double[][] rows;
  private final List<String> names;
  private final List<String> groups;
  private final int[] labels;

  private ChurnData(double[][] rows, List<String> names, List<String> groups, int[] labels) {
    this.rows = rows;
    this.names = List.copyOf(names);
    this.groups = List.copyOf(groups);
    this.labels = labels;
  }

  /**
   * Rows with named columns; a column named {@code g=v} belongs to group {@code g}, a column named
   * {@code x_missing} to {@code x} when there is a column {@code x}, any other to itself.
   *
   * @param labels one 0/1 label per row, or null for rows to score
   */
  public static ChurnData of(double[][] rows, List<String> names, int[] labels) {
    for (double[] r : rows) {
      if (r.length != names.size()) {
        throw new IllegalArgumentException(
            "every row needs " + names.size() + " values, got " + r.length);
      }
    }
    if (labels != null) {
      if (labels.length != rows.length) {
        throw new IllegalArgumentException(
            labels.length + " labels for " + rows.length + " rows; need one per row");
      }
      for (int y : labels) {
        if (y != 0 && y != 1) {
          throw new IllegalArgumentException("labels must be 0 or 1, got " + y);
        }
      }
    }
    List<String> groups = new ArrayList<>();
    for (String n : names) {
      int eq = n.indexOf('=');
      if (eq > 0) {
        groups.add(n.substring(0, eq));
      } else if (n.endsWith("_missing") && names.contains(n.substring(0, n.length() - 8))) {
        groups.add(n.substring(0, n.length() - 8));
      } else {
        groups.add(n);
      }
    }
    double[][] copy = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      copy[i] = rows[i].clone();
    }
    return new ChurnData(copy, names, groups, labels == null ? null : labels.clone());
  }

  /** The rows of a feature matrix (missing values stay NaN). */
  public static ChurnData of(FeatureMatrix matrix, int[] labels) {
    return of(matrix.toRowMajor(), matrix.names(), labels);
  }

  /** Rows encoded by a fitted {@link TabularEncoder}. */
  public static ChurnData of(
      TabularEncoder encoder, List<String> header, List<String[]> table, int[] labels) {
    float[] x = encoder.encode(header, table);
    int width = encoder.featureNames().size();
    double[][] rows = new double[table.size()][width];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < width; j++) {
        rows[i][j] = x[i * width + j];
      }
    }
    return new ChurnData(rows, encoder.featureNames(), groupsOf(encoder), labels);
  }

  private static List<String> groupsOf(TabularEncoder encoder) {
    List<String> out = new ArrayList<>();
    for (int j = 0; j < encoder.featureNames().size(); j++) {
      out.add(encoder.sourceColumn(j));
    }
    return out;
  }

  /** The same data with other labels (e.g. a second target on the same features). */
  public ChurnData withLabels(int[] newLabels) {
    return of(rows, names, newLabels);
  }

  /** The given rows, in that order. */
  public ChurnData subset(int[] index) {
    double[][] r = new double[index.length][];
    int[] y = labels == null ? null : new int[index.length];
    for (int k = 0; k < index.length; k++) {
      r[k] = rows[index[k]];
      if (y != null) {
        y[k] = labels[index[k]];
      }
    }
    return new ChurnData(r, names, groups, y);
  }

  public int size() {
    return rows.length;
  }

  public int width() {
    return names.size();
  }

  public List<String> names() {
    return names;
  }

  /** The group (source column) of each column. */
  public List<String> groups() {
    return groups;
  }

  public boolean hasLabels() {
    return labels != null;
  }

  /** A copy of the labels. */
  public int[] labels() {
    if (labels == null) {
      throw new IllegalStateException("these rows have no labels");
    }
    return labels.clone();
  }

  public int label(int row) {
    return labels[row];
  }

  public double get(int row, int column) {
    return rows[row][column];
  }

  /** Rows as a row-major float array (XGBoost's layout). */
  float[] toFloats() {
    int w = width();
    float[] out = new float[rows.length * w];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < w; j++) {
        out[i * w + j] = (float) rows[i][j];
      }
    }
    return out;
  }

  /** Direct access to one row for this package's models (no copy; do not modify). */
  double[] rowView(int i) {
    return rows[i];
  }

  /**
   * How a group reads for one customer: the one-hot column that is set ({@code
   * Contract=Month-to-month}), {@code x=missing}, or {@code x=value} with up to four significant
   * digits.
   */
  public String describe(int row, String group) {
    String missingName = group + "_missing";
    Double value = null;
    boolean oneHot = false;
    for (int j = 0; j < names.size(); j++) {
      if (!groups.get(j).equals(group)) {
        continue;
      }
      String n = names.get(j);
      double v = rows[row][j];
      if (n.equals(missingName) && v == 1) {
        return group + "=missing";
      }
      if (n.startsWith(group + "=")) {
        oneHot = true;
        if (v == 1) {
          return n;
        }
      } else if (n.equals(group)) {
        value = v;
      }
    }
    if (oneHot) {
      return group + "=(other)";
    }
    if (value == null || Double.isNaN(value)) {
      return group + "=missing";
    }
    return group + "=" + plain(value);
  }

  static String plain(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
