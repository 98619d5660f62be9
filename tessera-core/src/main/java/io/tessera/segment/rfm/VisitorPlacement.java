package io.tessera.segment.rfm;

import java.util.Arrays;
import java.util.List;

/**
 * Places customers without a completed order in the ten RFM groups by their visits, as Groobee's
 * scheme does (its recency is the last visit, and a first-time visitor of the period is a new
 * customer): a customer with no purchase is scored on days since their last activity (a visit, an
 * event, an order of any status, a service contact or a review) against the quintile edges of that
 * figure over everyone, then
 *
 * <pre>
 * visit recency 5, first activity also within it   new customers       (a new visitor)
 * visit recency 5 (earlier first activity) or 4    must catch now      (visited lately, not buying)
 * visit recency 3                                  needs attention
 * visit recency 2                                  hibernating
 * visit recency 1                                  lost
 * no recorded activity at all                      hibernating         (a dormant account)
 * </pre>
 *
 * Buyers keep their (R, F, M) group ({@link RfmModel}); together every customer lands in exactly
 * one group (property-tested). The quintile edges follow {@link RfmModel}'s rule, so equal days
 * always score the same.
 *
 * <p>References: Groobee, "RFM 세그먼트 만들기" (doc.groobee.io): recency and frequency are visits,
 * monetary is purchases, and every visitor is placed, bought or not.
 *
 * @param recencyEdges upper edges of the first four quintiles of days since the last activity
 */
public record VisitorPlacement(List<Double> recencyEdges) {

  public VisitorPlacement {
    recencyEdges = List.copyOf(recencyEdges);
    if (recencyEdges.size() != 4) {
      throw new IllegalArgumentException("visit recency has four quintile edges");
    }
    for (int k = 1; k < 4; k++) {
      if (!(recencyEdges.get(k) >= recencyEdges.get(k - 1))) {
        throw new IllegalArgumentException(
            "visit recency edges must be ascending, got " + recencyEdges);
      }
    }
  }

  /**
   * Fits the edges on everyone's days since their last activity; NaN (no activity) is left out.
   * With no activity at all the edges are 0 (everyone is then placed as having none).
   */
  public static VisitorPlacement fit(double[] daysSinceLastActivity) {
    double[] finite = Arrays.stream(daysSinceLastActivity).filter(Double::isFinite).toArray();
    if (finite.length == 0) {
      return new VisitorPlacement(List.of(0.0, 0.0, 0.0, 0.0));
    }
    return new VisitorPlacement(RfmModel.edges(finite));
  }

  /** The visit recency score 1-5 (5 = most recent), or 0 for no activity (NaN). */
  public int recencyScore(double daysSinceLastActivity) {
    if (!Double.isFinite(daysSinceLastActivity)) {
      return 0;
    }
    return 6 - RfmModel.score(daysSinceLastActivity, recencyEdges);
  }

  /**
   * The group of a customer without a completed order.
   *
   * @param daysSinceLastActivity days from the last activity to the as-of date, NaN for none
   * @param daysSinceFirstActivity days from the first activity to the as-of date, NaN for none
   */
  public RfmGroup place(double daysSinceLastActivity, double daysSinceFirstActivity) {
    return switch (recencyScore(daysSinceLastActivity)) {
      case 5 ->
          daysSinceFirstActivity <= recencyEdges.get(0) ? RfmGroup.NEW : RfmGroup.MUST_CATCH_NOW;
      case 4 -> RfmGroup.MUST_CATCH_NOW;
      case 3 -> RfmGroup.NEEDS_ATTENTION;
      case 2, 0 -> RfmGroup.HIBERNATING;
      default -> RfmGroup.LOST;
    };
  }
}
