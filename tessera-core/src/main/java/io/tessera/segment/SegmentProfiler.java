package io.tessera.segment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Compares each segment with the population on named numeric features: means, lift and the
 * standardized difference, strongest (largest absolute standardized difference) first. A NaN value
 * (a customer without the figure, e.g. the recency of one who never bought) counts for neither the
 * segment nor the population; a feature no member has is left out.
 */
public final class SegmentProfiler {
  private SegmentProfiler() {}

  /**
   * @param names feature names, one per column
   * @param columns column-major values: {@code columns[feature][customer]}
   * @param inSegment whether each customer belongs to the segment
   */
  public static List<DistinguishingFeature> distinguish(
      String[] names, double[][] columns, boolean[] inSegment) {
    List<DistinguishingFeature> out = new ArrayList<>();
    for (int f = 0; f < names.length; f++) {
      double[] v = columns[f];
      double sum = 0;
      double sumSq = 0;
      int n = 0;
      double segSum = 0;
      int segN = 0;
      for (int i = 0; i < v.length; i++) {
        if (Double.isNaN(v[i])) {
          continue;
        }
        sum += v[i];
        sumSq += v[i] * v[i];
        n++;
        if (inSegment[i]) {
          segSum += v[i];
          segN++;
        }
      }
      if (segN == 0 || n == 0) {
        continue;
      }
      double mean = sum / n;
      double sd = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
      double segMean = segSum / segN;
      double lift = mean == 0 ? 0 : segMean / mean;
      double std = sd == 0 ? 0 : (segMean - mean) / sd;
      out.add(new DistinguishingFeature(names[f], segMean, mean, lift, std));
    }
    out.sort(
        Comparator.comparingDouble(
            (DistinguishingFeature d) -> -Math.abs(d.standardizedDifference())));
    return out;
  }
}
