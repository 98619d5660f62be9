package io.tessera.feature;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tessera.profile.ProfileField.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A recorded feature transform, fitted once on a population and then applied to the same rows, a
 * new population or one new customer (the live engine), with the same numbers each time.
 *
 * <p>Per column: impute missing values with the training median and, when the column had missing
 * values, add a 0/1 indicator column {@code <name>_missing} so the model still sees that the value
 * was absent (for clustering only when no other column already marks those rows, see {@link
 * TransformOptions#CLUSTERING}); winsorise (clip at training quantiles, default 1st and 99th
 * percentile) so that a few extreme spenders do not dominate distances; apply a signed log1p to
 * counts and money, whose distributions are heavily right-skewed; and scale: by default (x - mean)
 * / sd on the winsorised values, optionally robustly, (x - median) / IQR (see {@link
 * TransformOptions#DEFAULT} for why the default is not the IQR). Every fitted number is recorded in
 * {@link ColumnTransform} and serialised to JSON ({@link #toJson()}), so a model's inputs can be
 * reproduced exactly from its file.
 *
 * <p>Quantiles are Hyndman and Fan's type 7 (linear interpolation between order statistics, the
 * default of R and NumPy). They are computed here rather than with Smile: Smile's {@code
 * MathEx.q1/q3} return order statistics without interpolation and its {@code WinsorScaler} / {@code
 * RobustStandardizer} work on {@code DataFrame}s, add no missing-value indicator and serialise only
 * with Java serialisation, not as a readable record.
 *
 * <p>References: Hyndman, R. J. and Fan, Y. (1996). Sample quantiles in statistical packages. The
 * American Statistician 50(4), 361-365. Dixon, W. J. (1960). Simplified estimation from censored
 * normal samples (winsorising). Rousseeuw, P. J. and Croux, C. (1993). Alternatives to the median
 * absolute deviation (robust scale); the IQR of a normal distribution is 1.349 sigma.
 *
 * @param formatVersion version of this JSON shape
 * @param options the options it was fitted with
 * @param columns the fitted steps, one per input column in input order
 * @param trainingRows how many rows it was fitted on
 */
public record FeatureTransform(
    @JsonProperty("format_version") int formatVersion,
    @JsonProperty("options") TransformOptions options,
    @JsonProperty("columns") List<ColumnTransform> columns,
    @JsonProperty("training_rows") int trainingRows) {

  public static final int FORMAT_VERSION = 1;
  private static final double NORMAL_IQR_PER_SD = 1.349;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public FeatureTransform {
    if (formatVersion != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "feature transform: format_version "
              + formatVersion
              + " is not supported; this version reads "
              + FORMAT_VERSION);
    }
    if (options == null || columns == null || columns.isEmpty()) {
      throw new IllegalArgumentException("feature transform: options and columns are required");
    }
    columns = List.copyOf(columns);
  }

  /** A fitted transform with the matrix it produced from its training rows. */
  public record Fitted(FeatureTransform transform, FeatureMatrix matrix) {}

  /** Fits the transform on {@code training} and returns it with the transformed training rows. */
  public static Fitted fit(FeatureMatrix training, TransformOptions options) {
    int n = training.rows();
    if (n == 0) {
      throw new IllegalArgumentException("feature transform: no rows to fit on");
    }
    List<ColumnTransform> fitted = new ArrayList<>();
    List<double[]> outColumns = new ArrayList<>();
    List<String> outNames = new ArrayList<>();
    List<Kind> outKinds = new ArrayList<>();
    for (int j = 0; j < training.columnCount(); j++) {
      String name = training.names().get(j);
      Kind kind = training.kinds().get(j);
      double[] raw = training.columnView(j);
      double[] observed = Arrays.stream(raw).filter(v -> !Double.isNaN(v)).sorted().toArray();
      if (observed.length > 0 && !Double.isFinite(observed[0] + observed[observed.length - 1])) {
        throw new IllegalArgumentException(
            "feature transform: column " + name + " holds an infinite value");
      }
      boolean anyMissing = observed.length < n;
      double fill = observed.length == 0 ? 0 : quantile(observed, 0.5);
      double low = observed.length == 0 ? fill : quantile(observed, options.winsorLower());
      double high = observed.length == 0 ? fill : quantile(observed, options.winsorUpper());
      boolean indicator =
          switch (options.indicators()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case WHEN_MISSING -> anyMissing;
            case WHEN_INFORMATIVE -> anyMissing && impliedBy(training, j) == null;
          };
      boolean log1p =
          switch (options.log1p()) {
                case ALL -> true;
                case NONE -> false;
                case AUTO -> kind == Kind.COUNT || kind == Kind.MONEY;
              }
              || options.log1pAlso().contains(name);
      ColumnTransform steps =
          new ColumnTransform(name, kind, fill, indicator, low, high, log1p, 0, 1, "none");
      double[] t = new double[n];
      for (int i = 0; i < n; i++) {
        t[i] = steps.beforeScaling(Double.isNaN(raw[i]) ? fill : raw[i]);
      }
      Scaling scaling = scaling(t, options.scale());
      double center = scaling.center();
      double scale = scaling.scale();
      String scaleFrom = scaling.from();
      steps =
          new ColumnTransform(
              name, kind, fill, indicator, low, high, log1p, center, scale, scaleFrom);
      fitted.add(steps);
      for (int i = 0; i < n; i++) {
        t[i] = (t[i] - center) / scale;
      }
      outColumns.add(t);
      outNames.add(name);
      outKinds.add(kind);
      if (indicator) {
        double[] ind = new double[n];
        for (int i = 0; i < n; i++) {
          ind[i] = Double.isNaN(raw[i]) ? 1 : 0;
        }
        outColumns.add(ind);
        outNames.add(indicatorName(name));
        outKinds.add(Kind.FLAG);
      }
    }
    FeatureTransform transform = new FeatureTransform(FORMAT_VERSION, options, fitted, n);
    FeatureMatrix matrix =
        FeatureMatrix.wrap(
            training.idArray(), outNames, outKinds, outColumns.toArray(double[][]::new));
    return new Fitted(transform, matrix);
  }

  /** A column's centre and scale, and what the scale came from (iqr, sd or none). */
  private record Scaling(double center, double scale, String from) {}

  /**
   * The centre and scale of a column after imputation, winsorising and log1p: median and IQR (or
   * the IQR a normal distribution with the column's SD would have, when the IQR is 0), or mean and
   * SD; 0 and 1 when the column does not vary.
   */
  private static Scaling scaling(double[] t, TransformOptions.Scale kind) {
    double center = 0;
    double scale = 1;
    String scaleFrom = "none";
    if (kind == TransformOptions.Scale.IQR) {
      double[] sorted = t.clone();
      Arrays.sort(sorted);
      center = quantile(sorted, 0.5);
      double iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
      double sd = standardDeviation(sorted);
      if (iqr > 0) {
        scale = iqr;
        scaleFrom = "iqr";
      } else if (sd > 0) {
        scale = NORMAL_IQR_PER_SD * sd;
        scaleFrom = "sd";
      }
    } else if (kind == TransformOptions.Scale.SD) {
      center = mean(t);
      double sd = standardDeviation(t);
      if (sd > 0) {
        scale = sd;
        scaleFrom = "sd";
      }
    }
    return new Scaling(center, scale, scaleFrom);
  }

  /**
   * The name of another column of {@code m} that is zero or missing on exactly the rows where
   * column {@code j} is missing (so an indicator for {@code j} would repeat it), or null.
   */
  static String impliedBy(FeatureMatrix m, int j) {
    double[] col = m.columnView(j);
    for (int o = 0; o < m.columnCount(); o++) {
      if (o == j) {
        continue;
      }
      double[] other = m.columnView(o);
      boolean same = true;
      for (int i = 0; i < col.length && same; i++) {
        boolean absent = Double.isNaN(other[i]) || other[i] == 0;
        same = Double.isNaN(col[i]) == absent;
      }
      if (same) {
        return m.names().get(o);
      }
    }
    return null;
  }

  static String indicatorName(String name) {
    return name + "_missing";
  }

  /** The input column names, in the order the transform expects them. */
  public List<String> inputNames() {
    return columns.stream().map(ColumnTransform::name).toList();
  }

  /** The output column names: each input, followed by its indicator when it has one. */
  public List<String> outputNames() {
    List<String> out = new ArrayList<>();
    for (ColumnTransform c : columns) {
      out.add(c.name());
      if (c.indicator()) {
        out.add(indicatorName(c.name()));
      }
    }
    return out;
  }

  /**
   * Transforms one raw row (input order, NaN = missing) into an output row: the live path.
   *
   * @throws IllegalArgumentException when the row has the wrong length
   */
  public double[] apply(double[] raw) {
    if (raw.length != columns.size()) {
      throw new IllegalArgumentException(
          "feature transform: expected "
              + columns.size()
              + " values ("
              + String.join(", ", inputNames())
              + "), got "
              + raw.length);
    }
    double[] out = new double[outputNames().size()];
    int k = 0;
    for (int j = 0; j < raw.length; j++) {
      ColumnTransform c = columns.get(j);
      out[k++] = c.apply(raw[j]);
      if (c.indicator()) {
        out[k++] = Double.isNaN(raw[j]) ? 1 : 0;
      }
    }
    return out;
  }

  /**
   * Transforms a raw matrix with the fitted numbers.
   *
   * @throws IllegalArgumentException when its columns are not the fitted input columns
   */
  public FeatureMatrix apply(FeatureMatrix raw) {
    if (!raw.names().equals(inputNames())) {
      throw new IllegalArgumentException(
          "feature transform: fitted on columns "
              + inputNames()
              + " but the matrix has "
              + raw.names());
    }
    int n = raw.rows();
    List<double[]> outColumns = new ArrayList<>();
    List<Kind> kinds = new ArrayList<>();
    for (int j = 0; j < columns.size(); j++) {
      ColumnTransform c = columns.get(j);
      double[] in = raw.columnView(j);
      double[] t = new double[n];
      for (int i = 0; i < n; i++) {
        t[i] = c.apply(in[i]);
      }
      outColumns.add(t);
      kinds.add(c.kind());
      if (c.indicator()) {
        double[] ind = new double[n];
        for (int i = 0; i < n; i++) {
          ind[i] = Double.isNaN(in[i]) ? 1 : 0;
        }
        outColumns.add(ind);
        kinds.add(Kind.FLAG);
      }
    }
    return FeatureMatrix.wrap(
        raw.idArray(), outputNames(), kinds, outColumns.toArray(double[][]::new));
  }

  /** The transform as JSON (the shape of this record, snake_case keys). */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing the feature transform failed", e);
    }
  }

  /**
   * Reads a transform written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException when the text is not such a transform, with the reason
   */
  public static FeatureTransform fromJson(String json) {
    try {
      return JSON.readValue(json, FeatureTransform.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not a feature transform JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Hyndman and Fan's type 7 quantile of ascending {@code sorted} values (non-empty). */
  static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return values.length == 0 ? 0 : sum / values.length;
  }

  private static double standardDeviation(double[] values) {
    if (values.length < 2) {
      return 0;
    }
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= values.length;
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    return Math.sqrt(ss / (values.length - 1));
  }
}
