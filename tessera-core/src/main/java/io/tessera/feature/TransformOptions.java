package io.tessera.feature;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How a {@link FeatureTransform} is fitted.
 *
 * @param winsorLower quantile below which values are clipped up, in [0, 0.5)
 * @param winsorUpper quantile above which values are clipped down, in (0.5, 1]; 0 and 1 disable
 *     clipping
 * @param log1p which columns get {@code sign(x) log(1 + |x|)}: {@code auto} = counts and money
 *     (skewed, heavy-tailed), {@code none}, {@code all}
 * @param log1pAlso further columns to log1p by name (e.g. an income attribute)
 * @param indicators when to add a {@code <name>_missing} 0/1 column: {@code when_missing} (the
 *     column had a missing value in training), {@code always}, {@code never}
 * @param robustScale whether to centre on the median and divide by the interquartile range
 */
public record TransformOptions(
    @JsonProperty("winsor_lower") double winsorLower,
    @JsonProperty("winsor_upper") double winsorUpper,
    @JsonProperty("log1p") Log1p log1p,
    @JsonProperty("log1p_also") List<String> log1pAlso,
    @JsonProperty("indicators") Indicators indicators,
    @JsonProperty("robust_scale") boolean robustScale) {

  /** Which columns get log1p. */
  public enum Log1p {
    @JsonProperty("auto")
    AUTO,
    @JsonProperty("none")
    NONE,
    @JsonProperty("all")
    ALL
  }

  /** When a missing-value indicator column is added. */
  public enum Indicators {
    @JsonProperty("when_missing")
    WHEN_MISSING,
    @JsonProperty("always")
    ALWAYS,
    @JsonProperty("never")
    NEVER
  }

  /** Winsorise at the 1st and 99th percentiles, log1p counts and money, indicators when needed. */
  public static final TransformOptions DEFAULT =
      new TransformOptions(0.01, 0.99, Log1p.AUTO, List.of(), Indicators.WHEN_MISSING, true);

  public TransformOptions {
    if (!(winsorLower >= 0 && winsorLower < 0.5)) {
      throw new IllegalArgumentException(
          "transform: winsor_lower must be in [0, 0.5), got " + winsorLower);
    }
    if (!(winsorUpper > 0.5 && winsorUpper <= 1)) {
      throw new IllegalArgumentException(
          "transform: winsor_upper must be in (0.5, 1], got " + winsorUpper);
    }
    if (log1p == null) {
      throw new IllegalArgumentException("transform: log1p must be one of auto, none, all");
    }
    if (indicators == null) {
      throw new IllegalArgumentException(
          "transform: indicators must be one of when_missing, always, never");
    }
    log1pAlso = log1pAlso == null ? List.of() : List.copyOf(log1pAlso);
  }

  public TransformOptions withWinsor(double lower, double upper) {
    return new TransformOptions(lower, upper, log1p, log1pAlso, indicators, robustScale);
  }

  public TransformOptions withLog1p(Log1p mode, List<String> also) {
    return new TransformOptions(winsorLower, winsorUpper, mode, also, indicators, robustScale);
  }

  public TransformOptions withIndicators(Indicators mode) {
    return new TransformOptions(winsorLower, winsorUpper, log1p, log1pAlso, mode, robustScale);
  }

  public TransformOptions withRobustScale(boolean on) {
    return new TransformOptions(winsorLower, winsorUpper, log1p, log1pAlso, indicators, on);
  }
}
