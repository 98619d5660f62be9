package io.tessera.generate;

import java.util.SplittableRandom;

/**
 * The draws a {@link ShopChunk} makes beyond plain uniforms: Poisson counts, gamma gaps, log-normal
 * amounts, seasonal times, weighted picks, e-mail addresses and phone numbers. It draws from the
 * chunk's own random stream, so a seed gives the same shop whatever helper makes the draw.
 */
final class ShopRandom {
  private final SplittableRandom rnd;

  ShopRandom(SplittableRandom rnd) {
    this.rnd = rnd;
  }

  String emailOf(String id, int n) {
    String[] names = {
      "kim", "lee", "park", "choi", "smith", "jones", "brown", "muller", "martin", "sato"
    };
    String[] domains = {"example.com", "mail.example.org", "shop.example.net"};
    return names[n % names.length]
        + "."
        + id.toLowerCase(java.util.Locale.ROOT)
        + "@"
        + domains[rnd.nextInt(domains.length)];
  }

  /** A phone number in a format people type, parsable with the customer's country. */
  String phoneOf(String country) {
    return switch (country) {
      case "KR" -> "010-" + (2000 + rnd.nextInt(8000)) + "-" + (1000 + rnd.nextInt(9000));
      case "US" ->
          "+1 "
              + (201 + rnd.nextInt(700))
              + "-"
              + (200 + rnd.nextInt(700))
              + "-"
              + (1000 + rnd.nextInt(9000));
      case "GB" -> "+44 7" + (400 + rnd.nextInt(500)) + " " + (100000 + rnd.nextInt(900000));
      case "DE" -> "+49 15" + (10 + rnd.nextInt(80)) + " " + (1000000 + rnd.nextInt(9000000));
      case "FR" ->
          "+33 6 "
              + (10 + rnd.nextInt(89))
              + " "
              + (10 + rnd.nextInt(89))
              + " "
              + (10 + rnd.nextInt(89))
              + " "
              + (10 + rnd.nextInt(89));
      default -> "+81 90-" + (1000 + rnd.nextInt(9000)) + "-" + (1000 + rnd.nextInt(9000));
    };
  }

  /**
   * A time in [from, to] with a yearly peak in November-December, more on weekends, and a daily
   * rhythm peaking in the evening (rejection sampling against these weights).
   */
  long seasonalTime(long from, long to) {
    if (to <= from) {
      return from;
    }
    for (int attempt = 0; attempt < 64; attempt++) {
      long day = from / 86_400 + (long) (rnd.nextDouble() * ((to - from) / 86_400.0 + 1));
      int month = (int) ((day % 365) / 30.5); // 0..11, close enough for a weight
      int weekday = (int) ((day + 3) % 7); // 0 = Monday for 1970-01-01 (a Thursday) + 3
      double w = (month >= 10 ? 1.6 : 1.0) * (weekday >= 5 ? 1.25 : 1.0);
      if (rnd.nextDouble() * 2.0 < w) {
        double hour =
            8 + Math.abs(rnd.nextGaussian() * 5 + 8) % 15; // 08:00 .. 23:00, evening heavy
        long t = day * 86_400 + (long) (hour * 3600) + rnd.nextInt(60);
        if (t >= from && t <= to) {
          return t;
        }
      }
    }
    // a window too short or at the wrong hours for the rhythm: take any time in it
    return from + (long) (rnd.nextDouble() * (to - from));
  }

  int pick(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = rnd.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  int poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 30) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * rnd.nextGaussian()));
    }
    double l = Math.exp(-mean);
    int k = 0;
    double prod = rnd.nextDouble();
    while (prod > l) {
      k++;
      prod *= rnd.nextDouble();
    }
    return k;
  }

  /**
   * A gamma distributed gap with integer {@code shape} and the given mean (sum of exponentials).
   */
  double gammaGap(int shape, double mean) {
    double sum = 0;
    for (int i = 0; i < shape; i++) {
      sum -= Math.log(1 - rnd.nextDouble());
    }
    return sum * mean / shape;
  }

  double logNormal(double mean, double sigma) {
    double mu = Math.log(mean) - sigma * sigma / 2;
    return Math.exp(mu + sigma * rnd.nextGaussian());
  }
}
