package io.tessera.generate;

import java.util.Locale;

/**
 * The planted customer types of the synthetic shop. Each has its own purchase process, spend level,
 * category taste and engagement, so segments and churn models have something real to find.
 *
 * @param share share of customers with this persona
 * @param ordersPerYear Poisson purchase rate while the customer is active
 * @param meanOrderValue mean order value in USD (log-normal spend around it)
 * @param sessionsPerYear Poisson rate of browsing sessions while active
 * @param discountProbability probability that an order uses a discount code
 * @param emailOpenProbability probability that a marketing email is opened
 * @param cartAbandonProbability probability that a session with a cart ends without purchase
 * @param futureRateFactor purchase rate in the 90 days after the end, relative to ordersPerYear
 * @param purchaseRegularity shape of the gamma distributed gaps between repeat purchases: 1 is a
 *     Poisson process (memoryless, gaps as variable as their mean), higher is a steadier rhythm
 *     (coefficient of variation 1 / sqrt(shape)); only for personas that buy repeatedly
 */
enum Persona {
  VIP(0.04, 16, 190, 4, 0.08, 0.65, 0.15, 1.0, 2),
  // loyal regulars replenish on a steady rhythm (gaps' coefficient of variation 0.5)
  LOYAL(0.14, 6, 70, 2, 0.20, 0.45, 0.25, 1.0, 4),
  BARGAIN_HUNTER(0.14, 5, 28, 3, 0.85, 0.30, 0.60, 1.0, 2),
  NEW(0.10, 6, 60, 12, 0.30, 0.50, 0.35, 1.0, 1),
  ONE_TIME(0.24, 0, 45, 1, 0.30, 0.10, 0.50, 0.0, 1),
  LAPSING_VIP(0.06, 14, 170, 3, 0.10, 0.25, 0.20, 0.05, 2),
  // window shoppers: they visit two to three times a month, fill carts and rarely buy
  BROWSER(0.28, 0, 40, 30, 0.20, 0.15, 0.90, 0.0, 1);

  final double share;
  final double ordersPerYear;
  final double meanOrderValue;
  final double sessionsPerYear;
  final double discountProbability;
  final double emailOpenProbability;
  final double cartAbandonProbability;
  final double futureRateFactor;
  final int purchaseRegularity;

  Persona(
      double share,
      double ordersPerYear,
      double meanOrderValue,
      double sessionsPerYear,
      double discountProbability,
      double emailOpenProbability,
      double cartAbandonProbability,
      double futureRateFactor,
      int purchaseRegularity) {
    this.share = share;
    this.ordersPerYear = ordersPerYear;
    this.meanOrderValue = meanOrderValue;
    this.sessionsPerYear = sessionsPerYear;
    this.discountProbability = discountProbability;
    this.emailOpenProbability = emailOpenProbability;
    this.cartAbandonProbability = cartAbandonProbability;
    this.futureRateFactor = futureRateFactor;
    this.purchaseRegularity = purchaseRegularity;
  }

  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Persona draw(double u) {
    double acc = 0;
    for (Persona p : values()) {
      acc += p.share;
      if (u < acc) {
        return p;
      }
    }
    return BROWSER;
  }
}
