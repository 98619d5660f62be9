package io.tessera.identity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Probabilistic merge candidates: account pairs blocked on a phone or a shared device or anonymous
 * id, scored by a {@link FellegiSunter} model fitted on this data (its m from the pairs sharing a
 * verified identifier).
 */
final class ProbabilisticCandidates {
  private final Account[] acc;
  private final Map<Identifier, List<Integer>> phones;
  private final Map<Identifier, List<Integer>> verified;
  private final Set<Identifier> shared;
  private final List<SightingNodes.Node> nodeList;
  private final IdentityOptions options;
  private final Set<Long> deviceBlock = new HashSet<>();
  private final Set<Long> phoneBlock = new HashSet<>();
  private Set<Long> blocked;
  private FellegiSunter.Profile[] profiles;

  /** Blocked pairs dropped because an account has no consent to profiling. */
  long consentBlocked;

  /** The fitted model, or null when no pair was blocked. */
  MatchModel model;

  /** Scored pairs below the minimum confidence. */
  long below;

  /** Every blocked pair's match weight (empty when no pair was blocked). */
  double[] weights = new double[0];

  ProbabilisticCandidates(
      Account[] acc,
      Map<Identifier, List<Integer>> phones,
      Map<Identifier, List<Integer>> verified,
      Set<Identifier> shared,
      List<SightingNodes.Node> nodeList,
      IdentityOptions options) {
    this.acc = acc;
    this.phones = phones;
    this.verified = verified;
    this.shared = shared;
    this.nodeList = nodeList;
    this.options = options;
  }

  /** Adds the pairs scoring at least {@code min_confidence} to the candidates. */
  void addTo(List<Candidate> candidates) {
    block();
    buildProfiles();
    score(candidates);
  }

  private void block() {
    // the phones held by several accounts, sorted: the others block no pair
    List<Identifier> phoneKeys = new ArrayList<>();
    for (var e : phones.entrySet()) {
      if (e.getValue().size() >= 2 && !shared.contains(e.getKey())) {
        phoneKeys.add(e.getKey());
      }
    }
    phoneKeys.sort(null);
    for (Identifier p : phoneKeys) {
      pairs(phones.get(p), phoneBlock);
    }
    for (SightingNodes.Node node : nodeList) {
      if (node.malformed
          || shared.contains(node.id)
          || node.holders.length < 2
          || node.id.kind().equals(IdentifierKind.EMAIL)) {
        continue;
      }
      List<Integer> h = new ArrayList<>();
      for (int x : node.holders) {
        h.add(x);
      }
      h.sort(null);
      pairs(h, deviceBlock);
    }
    blocked = new HashSet<>(phoneBlock);
    blocked.addAll(deviceBlock);
    int beforeConsent = blocked.size();
    blocked.removeIf(
        key ->
            !acc[(int) (key >>> 32)].profilingAllowed()
                || !acc[(int) (long) key].profilingAllowed());
    consentBlocked += beforeConsent - blocked.size();
  }

  private void buildProfiles() {
    profiles = new FellegiSunter.Profile[acc.length];
    for (int i = 0; i < acc.length; i++) {
      Account a = acc[i];
      String place =
          a.country() == null || a.region() == null
              ? null
              : a.country().strip().toLowerCase(java.util.Locale.ROOT)
                  + "/"
                  + a.region().strip().toLowerCase(java.util.Locale.ROOT);
      String gender =
          a.gender() == null || a.gender().isBlank()
              ? null
              : a.gender().strip().toLowerCase(java.util.Locale.ROOT);
      profiles[i] = new FellegiSunter.Profile(a.birthYear(), gender, place);
    }
  }

  private void score(List<Candidate> candidates) {
    if (blocked.isEmpty()) {
      return;
    }
    int[] consenting =
        java.util.stream.IntStream.range(0, acc.length)
            .filter(i -> acc[i].profilingAllowed())
            .toArray();
    FellegiSunter.Frequencies tf = FellegiSunter.Frequencies.of(profiles, consenting);
    long[] random =
        FellegiSunter.randomPairs(consenting.length, options.randomPairs(), options.seed());
    List<FellegiSunter.Vector> randomVectors = new ArrayList<>(random.length);
    for (long key : random) {
      int i = consenting[(int) (key / consenting.length)];
      int j = consenting[(int) (key % consenting.length)];
      // u of the attributes: the levels without term frequencies (they replace u when scoring)
      randomVectors.add(FellegiSunter.compare(profiles[i], profiles[j], contact(i, j), null));
    }
    List<Long> blockedKeys = new ArrayList<>(blocked);
    blockedKeys.sort(null);
    long[] contactPairs = new long[FellegiSunter.LEVELS[FellegiSunter.CONTACT].length];
    List<FellegiSunter.Vector> all = new ArrayList<>();
    for (long key : blockedKeys) {
      int i = (int) (key >>> 32);
      int j = (int) key;
      int level = contact(i, j);
      contactPairs[level]++;
      all.add(FellegiSunter.compare(profiles[i], profiles[j], level, tf));
    }
    List<FellegiSunter.Vector> training = trainingPairs(tf);
    double allPairs = (double) consenting.length * (consenting.length - 1) / 2;
    FellegiSunter fs =
        FellegiSunter.fit(
            randomVectors, contactPairs, allPairs, training, all, options.maxIterations());
    model = fs.report(blockedKeys.size(), random.length, training.size());
    weights = new double[blockedKeys.size()];
    for (int k = 0; k < blockedKeys.size(); k++) {
      long key = blockedKeys.get(k);
      double w = fs.weight(all.get(k));
      weights[k] = w;
      double p = FellegiSunter.probability(w);
      if (p >= options.minConfidence()) {
        candidates.add(new Candidate((int) (key >>> 32), (int) key, "probabilistic", w, p));
      } else {
        below++;
      }
    }
  }

  /**
   * The pairs a deterministic rule links (the same verified email or identity column, not shared,
   * both with consent): one person's accounts, from which m is estimated.
   */
  private List<FellegiSunter.Vector> trainingPairs(FellegiSunter.Frequencies tf) {
    Set<Long> keys = new HashSet<>();
    for (var e : verified.entrySet()) {
      if (e.getValue().size() < 2 || shared.contains(e.getKey())) {
        continue;
      }
      List<Integer> h = new ArrayList<>();
      for (int x : e.getValue()) {
        if (acc[x].profilingAllowed()) {
          h.add(x);
        }
      }
      pairs(h, keys);
    }
    List<Long> sorted = new ArrayList<>(keys);
    sorted.sort(null);
    List<FellegiSunter.Vector> out = new ArrayList<>(sorted.size());
    for (long key : sorted) {
      int i = (int) (key >>> 32);
      int j = (int) key;
      out.add(FellegiSunter.compare(profiles[i], profiles[j], contact(i, j), tf));
    }
    return out;
  }

  /** The {@code contact} level of two accounts: which blocking identifiers they share. */
  private int contact(int i, int j) {
    long key = pairKey(i, j);
    boolean p = phoneBlock.contains(key);
    boolean d = deviceBlock.contains(key);
    return p && d
        ? FellegiSunter.PHONE_AND_DEVICE
        : p ? FellegiSunter.PHONE_ONLY : d ? FellegiSunter.DEVICE_ONLY : FellegiSunter.NONE;
  }

  private static long pairKey(int i, int j) {
    return ((long) Math.min(i, j) << 32) | Math.max(i, j);
  }

  private static void pairs(List<Integer> holders, Set<Long> out) {
    for (int a = 0; a < holders.size(); a++) {
      for (int b = a + 1; b < holders.size(); b++) {
        out.add(pairKey(holders.get(a), holders.get(b)));
      }
    }
  }
}
