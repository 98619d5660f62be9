package io.tessera.feature;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tessera.profile.ProfileField.Kind;

/**
 * The fitted steps of one input column, applied in this order: a missing value becomes {@code fill}
 * (and the indicator, if any, 1); the value is clipped to [{@code clipLow}, {@code clipHigh}]; if
 * {@code log1p}, x becomes sign(x) log(1 + |x|); finally (x - {@code center}) / {@code scale}.
 *
 * @param name the input column's name
 * @param kind the input column's kind
 * @param fill the training median of the observed values (0 when none was observed)
 * @param indicator whether a {@code <name>_missing} column follows this one
 * @param clipLow the training winsor_lower quantile of the observed values
 * @param clipHigh the training winsor_upper quantile of the observed values
 * @param log1p whether the signed log1p is applied
 * @param center the training mean ({@code sd} scaling) or median ({@code iqr}) of the column after
 *     the steps before scaling; 0 without scaling
 * @param scale the divisor: the standard deviation ({@code sd} scaling); the interquartile range,
 *     else 1.349 standard deviations (the IQR of a normal distribution) ({@code iqr}); 1 for a
 *     constant column or without scaling
 * @param scaleFrom which of {@code iqr}, {@code sd}, {@code none} (constant column or scaling off)
 */
public record ColumnTransform(
    @JsonProperty("name") String name,
    @JsonProperty("kind") Kind kind,
    @JsonProperty("fill") double fill,
    @JsonProperty("indicator") boolean indicator,
    @JsonProperty("clip_low") double clipLow,
    @JsonProperty("clip_high") double clipHigh,
    @JsonProperty("log1p") boolean log1p,
    @JsonProperty("center") double center,
    @JsonProperty("scale") double scale,
    @JsonProperty("scale_from") String scaleFrom) {

  public ColumnTransform {
    for (double v : new double[] {fill, clipLow, clipHigh, center, scale}) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            "transform of column " + name + ": parameters must be finite numbers");
      }
    }
    if (clipLow > clipHigh) {
      throw new IllegalArgumentException(
          "transform of column " + name + ": clip_low " + clipLow + " > clip_high " + clipHigh);
    }
    if (!(scale > 0)) {
      throw new IllegalArgumentException(
          "transform of column " + name + ": scale must be positive, got " + scale);
    }
  }

  /** The steps up to and including log1p, on a value that is not missing. */
  double beforeScaling(double x) {
    double v = Math.min(Math.max(x, clipLow), clipHigh);
    return log1p ? signedLog1p(v) : v;
  }

  /** The transformed value of one raw value (NaN = missing). */
  double apply(double x) {
    double v = beforeScaling(Double.isNaN(x) ? fill : x);
    return (v - center) / scale;
  }

  static double signedLog1p(double v) {
    return Math.copySign(Math.log1p(Math.abs(v)), v);
  }
}
