package io.tessera.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Fellegi-Sunter record-linkage model over account pairs, with its m probabilities estimated by
 * expectation-maximisation and its u probabilities by random sampling, as Splink does it.
 *
 * <p>Each compared pair gets a comparison vector: one level per attribute (phone equal or not,
 * birth year equal, one apart or further, gender, country and region, a shared device or anonymous
 * id), or missing when either side lacks the attribute (a missing attribute contributes nothing).
 * Assuming the attributes independent given the match status, a pair's match weight is {@code
 * log2(λ / (1 - λ)) + Σ log2(m_l / u_l)} and its posterior match probability {@code 1 / (1 +
 * 2^-w)}.
 *
 * <p>Estimation: the u probabilities start from the level frequencies among random account pairs
 * (almost all non-matches: Splink's "estimate u by random sampling"); then m, u and the prior λ are
 * estimated together by EM over the blocked pairs (Winkler 1988), because the non-matches that
 * blocking lets through do not look like random pairs: a household shares a phone, a region and a
 * tablet, so on random pairs a shared device would look like near-proof of one person. Dirichlet
 * priors worth {@value #PRIOR_PAIRS} pairs keep m near agreement-heavy defaults and u near the
 * random-pair frequencies when the blocks hold few pairs of a kind (a MAP estimate instead of a
 * maximum-likelihood one, which can collapse onto one class).
 *
 * <p>References: I. P. Fellegi and A. B. Sunter, "A theory for record linkage", JASA 64(328), 1969;
 * W. E. Winkler, "Using the EM algorithm for weight computation in the Fellegi-Sunter model of
 * record linkage", Proc. Section on Survey Research Methods, ASA, 1988; M. A. Jaro, "Advances in
 * record-linkage methodology as applied to matching the 1985 census of Tampa, Florida", JASA
 * 84(406), 1989; R. Linacre et al., Splink (UK Ministry of Justice),
 * "estimate_u_using_random_sampling" and "estimate_parameters_using_expectation_maximisation" with
 * u fixed.
 */
final class FellegiSunter {
  static final int PHONE = 0;
  static final int BIRTH_YEAR = 1;
  static final int GENDER = 2;
  static final int REGION = 3;
  static final int DEVICE = 4;
  static final String[] NAMES = {"phone", "birth_year", "gender", "region", "shared_device"};
  static final String[][] LEVELS = {
    {"different", "equal"},
    {"apart_2_or_more", "one_apart", "equal"},
    {"different", "equal"},
    {"different", "equal"},
    {"none", "shared"}
  };
  static final int FIELDS = NAMES.length;

  /** The prior mean of m: a true pair mostly agrees, and shares a device a third of the time. */
  private static final double[][] DEFAULT_M = {
    {0.1, 0.9}, {0.05, 0.05, 0.9}, {0.05, 0.95}, {0.1, 0.9}, {0.7, 0.3}
  };

  /** Weight of the Dirichlet priors on m and u, in pairs. */
  static final double PRIOR_PAIRS = 10;

  final double[][] m;
  final double[][] u;
  final double prior;
  final int iterations;

  private FellegiSunter(double[][] m, double[][] u, double prior, int iterations) {
    this.m = m;
    this.u = u;
    this.prior = prior;
    this.iterations = iterations;
  }

  /** A comparison vector: level per field, -1 when missing. */
  static byte[] compare(Profile a, Profile b, boolean sharedDevice) {
    byte[] g = new byte[FIELDS];
    g[PHONE] = a.phone == null || b.phone == null ? -1 : (byte) (a.phone.equals(b.phone) ? 1 : 0);
    if (a.birthYear == null || b.birthYear == null) {
      g[BIRTH_YEAR] = -1;
    } else {
      int d = Math.abs(a.birthYear - b.birthYear);
      g[BIRTH_YEAR] = (byte) (d == 0 ? 2 : d == 1 ? 1 : 0);
    }
    g[GENDER] =
        a.gender == null || b.gender == null ? -1 : (byte) (a.gender.equals(b.gender) ? 1 : 0);
    g[REGION] = a.place == null || b.place == null ? -1 : (byte) (a.place.equals(b.place) ? 1 : 0);
    g[DEVICE] = (byte) (sharedDevice ? 1 : 0);
    return g;
  }

  /** What the model compares of an account (values already cleaned by the resolver). */
  record Profile(String phone, Integer birthYear, String gender, String place) {}

  /**
   * Fits the model.
   *
   * @param random comparison vectors of random pairs (the starting u, and its prior)
   * @param blocked vectors of every blocked pair
   */
  static FellegiSunter fit(List<byte[]> random, List<byte[]> blocked, int maxIterations) {
    double[][] uRandom = frequencies(random);
    double[][] m = new double[FIELDS][];
    double[][] u = new double[FIELDS][];
    for (int f = 0; f < FIELDS; f++) {
      m[f] = DEFAULT_M[f].clone();
      u[f] = uRandom[f].clone();
    }
    double lambda = 0.5;
    int iterations = 0;
    for (int it = 0; it < maxIterations && !blocked.isEmpty(); it++) {
      iterations++;
      double[][] mNum = new double[FIELDS][];
      double[][] uNum = new double[FIELDS][];
      double[] mDen = new double[FIELDS];
      double[] uDen = new double[FIELDS];
      for (int f = 0; f < FIELDS; f++) {
        // Dirichlet priors worth PRIOR_PAIRS pairs: m towards the defaults, u towards random pairs
        mNum[f] = new double[LEVELS[f].length];
        uNum[f] = new double[LEVELS[f].length];
        for (int l = 0; l < mNum[f].length; l++) {
          mNum[f][l] = PRIOR_PAIRS * DEFAULT_M[f][l];
          uNum[f][l] = PRIOR_PAIRS * uRandom[f][l];
        }
        mDen[f] = PRIOR_PAIRS;
        uDen[f] = PRIOR_PAIRS;
      }
      double sumG = 0;
      for (byte[] g : blocked) {
        double p = posterior(g, m, u, lambda, -1);
        sumG += p;
        for (int f = 0; f < FIELDS; f++) {
          if (g[f] >= 0) {
            mNum[f][g[f]] += p;
            mDen[f] += p;
            uNum[f][g[f]] += 1 - p;
            uDen[f] += 1 - p;
          }
        }
      }
      double next = Math.min(1 - 1e-9, Math.max(1e-9, sumG / blocked.size()));
      double change = Math.abs(next - lambda);
      lambda = next;
      for (int f = 0; f < FIELDS; f++) {
        for (int l = 0; l < m[f].length; l++) {
          double mv = mNum[f][l] / mDen[f];
          double uv = uNum[f][l] / uDen[f];
          change = Math.max(change, Math.max(Math.abs(mv - m[f][l]), Math.abs(uv - u[f][l])));
          m[f][l] = mv;
          u[f][l] = uv;
        }
      }
      if (change < 1e-9) {
        break;
      }
    }
    return new FellegiSunter(m, u, lambda, iterations);
  }

  /** Level frequencies, smoothed by half a count per level. */
  private static double[][] frequencies(List<byte[]> pairs) {
    double[][] out = new double[FIELDS][];
    for (int f = 0; f < FIELDS; f++) {
      double[] c = new double[LEVELS[f].length];
      Arrays.fill(c, 0.5);
      double n = 0.5 * c.length;
      for (byte[] g : pairs) {
        if (g[f] >= 0) {
          c[g[f]]++;
          n++;
        }
      }
      for (int l = 0; l < c.length; l++) {
        c[l] /= n;
      }
      out[f] = c;
    }
    return out;
  }

  private static double posterior(byte[] g, double[][] m, double[][] u, double lambda, int skip) {
    double logRatio = Math.log(lambda / (1 - lambda));
    for (int f = 0; f < FIELDS; f++) {
      if (f != skip && g[f] >= 0) {
        logRatio += Math.log(m[f][g[f]] / u[f][g[f]]);
      }
    }
    return 1 / (1 + Math.exp(-logRatio));
  }

  /** The match weight in bits: log2 of the posterior odds. */
  double weight(byte[] g) {
    double w = Math.log(prior / (1 - prior));
    for (int f = 0; f < FIELDS; f++) {
      if (g[f] >= 0) {
        w += Math.log(m[f][g[f]] / u[f][g[f]]);
      }
    }
    return w / Math.log(2);
  }

  /** The posterior match probability of a weight. */
  static double probability(double weight) {
    return 1 / (1 + Math.pow(2, -weight));
  }

  MatchModel report(long blocked, long random) {
    List<MatchModel.Comparison> cs = new ArrayList<>();
    for (int f = 0; f < FIELDS; f++) {
      cs.add(
          new MatchModel.Comparison(
              NAMES[f],
              List.of(LEVELS[f]),
              Arrays.stream(m[f]).boxed().toList(),
              Arrays.stream(u[f]).boxed().toList()));
    }
    return new MatchModel(cs, prior, blocked, random, iterations);
  }

  /** Seeded random distinct pairs (i < j) of {@code n} items, as longs i * n + j. */
  static long[] randomPairs(int n, int count, long seed) {
    if (n < 2) {
      return new long[0];
    }
    long possible = (long) n * (n - 1) / 2;
    int k = (int) Math.min(count, possible);
    SplittableRandom r = new SplittableRandom(seed);
    long[] out = new long[k];
    java.util.HashSet<Long> seen = new java.util.HashSet<>();
    int filled = 0;
    while (filled < k) {
      int i = r.nextInt(n);
      int j = r.nextInt(n);
      if (i != j && seen.add((long) Math.min(i, j) * n + Math.max(i, j))) {
        out[filled++] = (long) Math.min(i, j) * n + Math.max(i, j);
      }
    }
    return out;
  }
}
