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
 */
enum Persona {
  VIP(0.04, 16, 190, 4, 0.08, 0.65, 0.15, 1.0),
  LOYAL(0.14, 6, 70, 2, 0.20, 0.45, 0.25, 1.0),
  BARGAIN_HUNTER(0.14, 5, 28, 3, 0.85, 0.30, 0.60, 1.0),
  NEW(0.10, 6, 60, 12, 0.30, 0.50, 0.35, 1.0),
  ONE_TIME(0.24, 0, 45, 1, 0.30, 0.10, 0.50, 0.0),
  LAPSING_VIP(0.06, 14, 170, 3, 0.10, 0.25, 0.20, 0.05),
  BROWSER(0.28, 0, 40, 3, 0.20, 0.15, 0.90, 0.0);

  final double share;
  final double ordersPerYear;
  final double meanOrderValue;
  final double sessionsPerYear;
  final double discountProbability;
  final double emailOpenProbability;
  final double cartAbandonProbability;
  final double futureRateFactor;

  Persona(
      double share,
      double ordersPerYear,
      double meanOrderValue,
      double sessionsPerYear,
      double discountProbability,
      double emailOpenProbability,
      double cartAbandonProbability,
      double futureRateFactor) {
    this.share = share;
    this.ordersPerYear = ordersPerYear;
    this.meanOrderValue = meanOrderValue;
    this.sessionsPerYear = sessionsPerYear;
    this.discountProbability = discountProbability;
    this.emailOpenProbability = emailOpenProbability;
    this.cartAbandonProbability = cartAbandonProbability;
    this.futureRateFactor = futureRateFactor;
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
