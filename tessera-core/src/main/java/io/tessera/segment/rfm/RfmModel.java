package io.tessera.segment.rfm;

import java.util.Arrays;
import java.util.List;

/**
 * Quintile scoring of recency, frequency and monetary value, fitted once on a population and then
 * applied to any customer (batch or live).
 *
 * <p>Scores: with the fitted values sorted ascending, the upper edge of quintile k (k = 1..4) is
 * the value at position ceil(k n / 5) - 1, and a value scores 1 + the number of edges it strictly
 * exceeds. Equal values therefore always get equal scores, and a heavily tied value (60% of
 * customers with one purchase) takes the lowest score its quintiles allow instead of being split
 * arbitrarily. Recency is reversed: fewer days since the last purchase score higher.
 *
 * <p>References: Hughes, A. M. (1994). Strategic Database Marketing (RFM quintiles).
 *
 * @param recencyEdges upper edges of the first four recency quintiles (days)
 * @param frequencyEdges upper edges of the first four frequency quintiles
 * @param monetaryEdges upper edges of the first four monetary quintiles
 */
public record RfmModel(
    List<Double> recencyEdges, List<Double> frequencyEdges, List<Double> monetaryEdges) {

  public RfmModel {
    recencyEdges = List.copyOf(recencyEdges);
    frequencyEdges = List.copyOf(frequencyEdges);
    monetaryEdges = List.copyOf(monetaryEdges);
    if (recencyEdges.size() != 4 || frequencyEdges.size() != 4 || monetaryEdges.size() != 4) {
      throw new IllegalArgumentException("an RFM model has four quintile edges per dimension");
    }
    for (List<Double> edges : List.of(recencyEdges, frequencyEdges, monetaryEdges)) {
      for (int k = 1; k < edges.size(); k++) {
        if (!(edges.get(k) >= edges.get(k - 1))) {
          throw new IllegalArgumentException("RFM quintile edges must be ascending, got " + edges);
        }
      }
    }
  }

  /** One customer's scores and group. */
  public record Score(int r, int f, int m, RfmGroup group) {}

  /**
   * Fits the quintile edges on customers' recency (days since last purchase), frequency (purchases)
   * and monetary value (revenue), one value per customer each.
   */
  public static RfmModel fit(double[] recencyDays, double[] frequency, double[] monetary) {
    int n = recencyDays.length;
    if (n == 0 || frequency.length != n || monetary.length != n) {
      throw new IllegalArgumentException(
          "RFM needs the same number (> 0) of recency, frequency and monetary values, got "
              + n
              + ", "
              + frequency.length
              + ", "
              + monetary.length);
    }
    requireFinite(recencyDays, "recency_days");
    requireFinite(frequency, "frequency");
    requireFinite(monetary, "monetary");
    return new RfmModel(edges(recencyDays), edges(frequency), edges(monetary));
  }

  private static void requireFinite(double[] values, String name) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            name + " of customer " + i + " is not a finite number: " + values[i]);
      }
    }
  }

  /** The four upper quintile edges of the values (see the class comment). */
  static List<Double> edges(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    Double[] edges = new Double[4];
    for (int k = 1; k <= 4; k++) {
      int idx = (int) Math.ceil(k * n / 5.0) - 1;
      edges[k - 1] = sorted[Math.max(0, Math.min(n - 1, idx))];
    }
    return List.of(edges);
  }

  /** 1 + the number of edges the value strictly exceeds. */
  static int score(double v, List<Double> edges) {
    int s = 1;
    for (double e : edges) {
      if (v > e) {
        s++;
      }
    }
    return s;
  }

  public Score score(double recencyDays, double frequency, double monetary) {
    int r = 6 - score(recencyDays, recencyEdges);
    // a recency tied with the lowest edge still counts as most recent
    int f = score(frequency, frequencyEdges);
    int m = score(monetary, monetaryEdges);
    return new Score(r, f, m, RfmGroup.of(r, f, m));
  }
}
