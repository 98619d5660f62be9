package io.tessera.predict.churn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns a text table into a numeric feature matrix: a column whose non-blank values all parse as
 * numbers is numeric (blanks imputed with the median, plus a missing-indicator column when any are
 * blank); any other column is one-hot encoded over the levels seen at fit time (an unseen level
 * encodes as all zeros). Fitted once, then applied to new rows.
 */
public final class TabularEncoder {
  private final List<String> columns;
  private final Map<String, Double> medians = new LinkedHashMap<>();
  private final Map<String, Boolean> hasMissing = new LinkedHashMap<>();
  private final Map<String, List<String>> levels = new LinkedHashMap<>();
  private final List<String> featureNames = new ArrayList<>();

  private TabularEncoder(List<String> columns) {
    this.columns = List.copyOf(columns);
  }

  /**
   * @param header the table's columns
   * @param rows the rows
   * @param use the columns to encode (others, such as ids and the label, are ignored)
   */
  public static TabularEncoder fit(List<String> header, List<String[]> rows, List<String> use) {
    TabularEncoder e = new TabularEncoder(use);
    for (String c : use) {
      int k = header.indexOf(c);
      if (k < 0) {
        throw new IllegalArgumentException("no column '" + c + "'; the columns are " + header);
      }
      boolean numeric = true;
      List<Double> values = new ArrayList<>();
      TreeSet<String> seen = new TreeSet<>();
      boolean missing = false;
      for (String[] r : rows) {
        String v = r[k] == null ? "" : r[k].strip();
        if (v.isEmpty()) {
          missing = true;
          continue;
        }
        seen.add(v);
        try {
          values.add(Double.parseDouble(v));
        } catch (NumberFormatException ex) {
          numeric = false;
        }
      }
      if (numeric && !values.isEmpty()) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        e.medians.put(c, sorted[sorted.length / 2]);
        e.hasMissing.put(c, missing);
        e.featureNames.add(c);
        if (missing) {
          e.featureNames.add(c + "_missing");
        }
      } else {
        e.levels.put(c, List.copyOf(seen));
        for (String level : seen) {
          e.featureNames.add(c + "=" + level);
        }
      }
    }
    return e;
  }

  /**
   * An encoder saved earlier: the columns in order, the numeric ones' medians and whether they get
   * a missing indicator, the other columns' levels. The feature names follow as {@link #fit} lays
   * them out.
   */
  static TabularEncoder restore(
      List<String> columns,
      Map<String, Double> medians,
      Map<String, Boolean> hasMissing,
      Map<String, List<String>> levels) {
    TabularEncoder e = new TabularEncoder(columns);
    for (String c : columns) {
      if (medians.containsKey(c)) {
        e.medians.put(c, medians.get(c));
        boolean missing = Boolean.TRUE.equals(hasMissing.get(c));
        e.hasMissing.put(c, missing);
        e.featureNames.add(c);
        if (missing) {
          e.featureNames.add(c + "_missing");
        }
      } else if (levels.containsKey(c)) {
        e.levels.put(c, List.copyOf(levels.get(c)));
        for (String level : levels.get(c)) {
          e.featureNames.add(c + "=" + level);
        }
      } else {
        throw new IllegalArgumentException(
            "the saved encoder has neither a median nor levels for column '" + c + "'");
      }
    }
    return e;
  }

  /** The encoded source columns, in order. */
  public List<String> columns() {
    return columns;
  }

  /** The median of each numeric column. */
  Map<String, Double> medians() {
    return java.util.Collections.unmodifiableMap(medians);
  }

  /** Whether each numeric column has a missing-indicator feature. */
  Map<String, Boolean> hasMissing() {
    return java.util.Collections.unmodifiableMap(hasMissing);
  }

  /** The levels of each one-hot column. */
  Map<String, List<String>> levels() {
    return java.util.Collections.unmodifiableMap(levels);
  }

  public List<String> featureNames() {
    return List.copyOf(featureNames);
  }

  /** The original column each feature comes from (for explanations). */
  public String sourceColumn(int feature) {
    String name = featureNames.get(feature);
    int eq = name.indexOf('=');
    if (eq > 0) {
      return name.substring(0, eq);
    }
    return name.endsWith("_missing") && medians.containsKey(name.substring(0, name.length() - 8))
        ? name.substring(0, name.length() - 8)
        : name;
  }

  /** Encodes rows as a row-major float matrix (XGBoost's layout). */
  public float[] encode(List<String> header, List<String[]> rows) {
    int width = featureNames.size();
    float[] out = new float[rows.size() * width];
    for (int i = 0; i < rows.size(); i++) {
      String[] r = rows.get(i);
      int f = i * width;
      for (String c : columns) {
        int k = header.indexOf(c);
        String v = k < 0 || r[k] == null ? "" : r[k].strip();
        if (medians.containsKey(c)) {
          double x;
          try {
            x = v.isEmpty() ? medians.get(c) : Double.parseDouble(v);
          } catch (NumberFormatException ex) {
            x = medians.get(c);
          }
          out[f++] = (float) x;
          if (hasMissing.get(c)) {
            out[f++] = v.isEmpty() ? 1f : 0f;
          }
        } else {
          List<String> lv = levels.get(c);
          int hit = lv.indexOf(v);
          Arrays.fill(out, f, f + lv.size(), 0f);
          if (hit >= 0) {
            out[f + hit] = 1f;
          }
          f += lv.size();
        }
      }
    }
    return out;
  }
}
