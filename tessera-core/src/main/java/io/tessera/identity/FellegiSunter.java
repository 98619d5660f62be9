package io.tessera.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Fellegi-Sunter record-linkage model over account pairs, trained the way Splink trains it: u
 * from random pairs, m from pairs a deterministic rule links, and the prior by EM.
 *
 * <p>Each compared pair gets a comparison vector: one level per comparison, or missing when either
 * side lacks the attribute (a missing attribute contributes nothing). {@code contact} is what the
 * two accounts share of the identifiers blocking uses: nothing, only a device or anonymous id both
 * logged in on, only a phone, or both. It is one comparison with joint levels, not two, because a
 * phone and a device are not independent given a non-match: a household shares its home phone
 * <em>and</em> its tablet, so two separate comparisons would count the household's one shared
 * circumstance twice. Then birth year (equal, one apart, further), gender and region. Assuming the
 * comparisons independent given the match status, a pair's match weight is {@code log2(λ / (1 - λ))
 * + Σ log2(m_l / u_l)} and its posterior match probability {@code 1 / (1 + 2^-w)}.
 *
 * <p>Estimation, each parameter from data that cannot mistake a household for a person:
 *
 * <ul>
 *   <li>u, the level frequencies among pairs of different people: for the attributes from seeded
 *       random pairs (Splink's {@code estimate_u_using_random_sampling}); for {@code contact} from
 *       the exact number of pairs at each level (the blocked pairs; all others share nothing) less
 *       the matches among them, by the EM below (random pairs would almost never share a phone, and
 *       counting all pairs sharing one counts the duplicates themselves as non-matches). Equal
 *       birth years and regions are term-frequency adjusted (Winkler's frequency-based matching,
 *       Splink's {@code term_frequency_adjustments}): u of agreeing on value v is v's share of
 *       accounts, so a common region says less than a rare one.
 *   <li>m, how often one person's two accounts show each level, from the training pairs: accounts a
 *       deterministic rule links (the same verified email or identity column), which are the same
 *       person whatever else they share (Splink's EM session with a deterministic training blocking
 *       rule, which on such pairs is the level frequencies), with Dirichlet priors worth {@value
 *       #PRIOR_PAIRS} pairs at {@link #DEFAULT_M} (all of m when no rule links anyone). m is never
 *       estimated on the blocked pairs: there, households sharing a phone, a region and a tablet
 *       look like one person to an unsupervised EM (they agree on everything but age), and an EM of
 *       m over them learned "two birth years far apart" as a trait of matches and merged them.
 *   <li>λ, the probability that two random accounts are one person, and u of {@code contact}, by EM
 *       with m and the attributes' u held: over all pairs, the blocked ones one by one and the rest
 *       (contact "none") together. A household cannot drift into the match class here: m, which
 *       says that one person's accounts rarely share a tablet and rarely differ by years in birth
 *       year, is not re-estimated.
 * </ul>
 *
 * <p>References: I. P. Fellegi and A. B. Sunter, "A theory for record linkage", JASA 64(328), 1969;
 * W. E. Winkler, "Using the EM algorithm for weight computation in the Fellegi-Sunter model of
 * record linkage", Proc. Section on Survey Research Methods, ASA, 1988; W. E. Winkler, "Frequency-
 * based matching in Fellegi-Sunter model of record linkage", 1989 (Section on Survey Research
 * Methods); R. Linacre et al., Splink (UK Ministry of Justice): "estimate_u_using_random_sampling",
 * "estimate_parameters_using_expectation_maximisation" with a deterministic training blocking rule,
 * "estimate_probability_two_random_records_match", term-frequency adjustments.
 */
final class FellegiSunter {
  static final int CONTACT = 0;
  static final int BIRTH_YEAR = 1;
  static final int GENDER = 2;
  static final int REGION = 3;
  static final String[] NAMES = {"contact", "birth_year", "gender", "region"};
  static final String[][] LEVELS = {
    {"none", "device_only", "phone_only", "phone_and_device"},
    {"apart_2_or_more", "one_apart", "equal"},
    {"different", "equal"},
    {"different", "equal"}
  };
  static final int FIELDS = NAMES.length;

  /** Levels of {@code contact}. */
  static final int NONE = 0;

  static final int DEVICE_ONLY = 1;
  static final int PHONE_ONLY = 2;
  static final int PHONE_AND_DEVICE = 3;

  /**
   * The prior mean of m, what one person's two accounts look like before any data: often no shared
   * contact, birth year, gender and region mostly agreeing.
   */
  static final double[][] DEFAULT_M = {
    {0.4, 0.1, 0.4, 0.1}, {0.05, 0.05, 0.9}, {0.05, 0.95}, {0.1, 0.9}
  };

  /** Weight of the Dirichlet priors on m, in pairs. */
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

  /**
   * A comparison vector: a level per comparison (-1 when missing) and, for an equal birth year or
   * region, the term-frequency u of the shared value (NaN otherwise).
   */
  record Vector(byte[] level, double[] tf) {}

  /** What the model compares of an account (values already cleaned by the resolver). */
  record Profile(Integer birthYear, String gender, String place) {}

  /** Value shares of birth years and places among the accounts (the term frequencies). */
  record Frequencies(
      java.util.Map<Integer, Double> birthYear, java.util.Map<String, Double> place) {
    static Frequencies of(Profile[] profiles, int[] among) {
      java.util.Map<Integer, Double> by = new java.util.HashMap<>();
      java.util.Map<String, Double> pl = new java.util.HashMap<>();
      double nb = 0;
      double np = 0;
      for (int i : among) {
        Profile p = profiles[i];
        if (p.birthYear() != null) {
          by.merge(p.birthYear(), 1.0, Double::sum);
          nb++;
        }
        if (p.place() != null) {
          pl.merge(p.place(), 1.0, Double::sum);
          np++;
        }
      }
      double b = nb;
      double q = np;
      by.replaceAll((k, v) -> v / b);
      pl.replaceAll((k, v) -> v / q);
      return new Frequencies(by, pl);
    }
  }

  /** The comparison vector of two accounts at a {@code contact} level. */
  static Vector compare(Profile a, Profile b, int contact, Frequencies tf) {
    byte[] g = new byte[FIELDS];
    double[] t = new double[FIELDS];
    Arrays.fill(t, Double.NaN);
    g[CONTACT] = (byte) contact;
    if (a.birthYear() == null || b.birthYear() == null) {
      g[BIRTH_YEAR] = -1;
    } else {
      int d = Math.abs(a.birthYear() - b.birthYear());
      g[BIRTH_YEAR] = (byte) (d == 0 ? 2 : d == 1 ? 1 : 0);
      if (d == 0 && tf != null) {
        t[BIRTH_YEAR] = tf.birthYear().getOrDefault(a.birthYear(), Double.NaN);
      }
    }
    g[GENDER] =
        a.gender() == null || b.gender() == null
            ? -1
            : (byte) (a.gender().equals(b.gender()) ? 1 : 0);
    if (a.place() == null || b.place() == null) {
      g[REGION] = -1;
    } else {
      boolean same = a.place().equals(b.place());
      g[REGION] = (byte) (same ? 1 : 0);
      if (same && tf != null) {
        t[REGION] = tf.place().getOrDefault(a.place(), Double.NaN);
      }
    }
    return new Vector(g, t);
  }

  /**
   * Fits the model.
   *
   * @param random vectors of random pairs (u of the attributes)
   * @param contactPairs pairs at each {@code contact} level among all {@code allPairs} (u of
   *     contact)
   * @param training vectors of pairs a deterministic rule links (m)
   * @param blocked vectors of every blocked pair (λ)
   */
  static FellegiSunter fit(
      List<Vector> random,
      long[] contactPairs,
      double allPairs,
      List<Vector> training,
      List<Vector> blocked,
      int maxIterations) {
    double[][] u = frequencies(random, null, 0);
    double atSomeLevel = 0;
    for (int l = 1; l < LEVELS[CONTACT].length; l++) {
      // a level no pair shows gets half a pair, as the other frequencies are smoothed
      u[CONTACT][l] = Math.max(contactPairs[l], 0.5) / allPairs;
      atSomeLevel += u[CONTACT][l];
    }
    u[CONTACT][NONE] = Math.max(1 - atSomeLevel, 0.5 / allPairs);
    double[][] m = frequencies(training, DEFAULT_M, PRIOR_PAIRS);
    // λ and u of contact by EM with m and the attributes' u held: the blocked pairs one by one,
    // all others at contact "none"; u of a contact level counts the pairs at it that are not
    // matches (the exact count above counts the matches too)
    double unblocked = Math.max(0, allPairs - blocked.size());
    double lambda = Math.max(blocked.size(), 1) / (2 * allPairs);
    int iterations = 0;
    for (int it = 0; it < maxIterations; it++) {
      iterations++;
      double matches = 0;
      double[] matchesAt = new double[LEVELS[CONTACT].length];
      for (Vector g : blocked) {
        double p = probability(weight(g, m, u, lambda));
        matches += p;
        matchesAt[g.level()[CONTACT]] += p;
      }
      double none = lambda * m[CONTACT][NONE];
      matches += unblocked * none / (none + (1 - lambda) * u[CONTACT][NONE]);
      double next = Math.min(0.5, Math.max(1e-12, matches / allPairs));
      double change = Math.abs(next - lambda) / lambda;
      lambda = next;
      double nonMatches = allPairs - matches;
      double at = 0;
      for (int l = 1; l < LEVELS[CONTACT].length; l++) {
        double v = Math.max(contactPairs[l] - matchesAt[l], 0.5) / nonMatches;
        change = Math.max(change, Math.abs(v - u[CONTACT][l]) / u[CONTACT][l]);
        u[CONTACT][l] = v;
        at += v;
      }
      u[CONTACT][NONE] = 1 - at;
      if (change < 1e-9) {
        break;
      }
    }
    return new FellegiSunter(m, u, lambda, iterations);
  }

  /**
   * Level frequencies: with a {@code prior} mean and its weight in pairs, else smoothed by half a
   * pair per level.
   */
  private static double[][] frequencies(List<Vector> pairs, double[][] prior, double weight) {
    double[][] out = new double[FIELDS][];
    for (int f = 0; f < FIELDS; f++) {
      double[] c = new double[LEVELS[f].length];
      double n = 0;
      for (int l = 0; l < c.length; l++) {
        c[l] = prior == null ? 0.5 : weight * prior[f][l];
        n += c[l];
      }
      for (Vector g : pairs) {
        if (g.level()[f] >= 0) {
          c[g.level()[f]]++;
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

  private static double weight(Vector g, double[][] m, double[][] u, double lambda) {
    double w = Math.log(lambda / (1 - lambda));
    for (int f = 0; f < FIELDS; f++) {
      int l = g.level()[f];
      if (l >= 0) {
        double uf = Double.isNaN(g.tf()[f]) ? u[f][l] : g.tf()[f];
        w += Math.log(m[f][l] / uf);
      }
    }
    return w / Math.log(2);
  }

  /** The match weight in bits: log2 of the posterior odds. */
  double weight(Vector g) {
    return weight(g, m, u, prior);
  }

  /** The posterior match probability of a weight. */
  static double probability(double weight) {
    return 1 / (1 + Math.pow(2, -weight));
  }

  MatchModel report(long blocked, long random, long training) {
    List<MatchModel.Comparison> cs = new ArrayList<>();
    for (int f = 0; f < FIELDS; f++) {
      cs.add(
          new MatchModel.Comparison(
              NAMES[f],
              List.of(LEVELS[f]),
              Arrays.stream(m[f]).boxed().toList(),
              Arrays.stream(u[f]).boxed().toList()));
    }
    return new MatchModel(cs, prior, blocked, random, training, iterations);
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
