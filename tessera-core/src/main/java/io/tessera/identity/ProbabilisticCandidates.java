package io.tessera.identity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Probabilistic merge candidates: account pairs blocked on a phone or a shared device or anonymous
 * id, scored by a {@link FellegiSunter} model fitted on this data.
 */
final class ProbabilisticCandidates {
  private final Account[] acc;
  private final String[] phone;
  private final Map<Identifier, List<Integer>> phones;
  private final Set<Identifier> shared;
  private final List<SightingNodes.Node> nodeList;
  private final IdentityOptions options;
  private final Set<Long> deviceBlock = new HashSet<>();
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
      String[] phone,
      Map<Identifier, List<Integer>> phones,
      Set<Identifier> shared,
      List<SightingNodes.Node> nodeList,
      IdentityOptions options) {
    this.acc = acc;
    this.phone = phone;
    this.phones = phones;
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
    Set<Long> phoneBlock = new HashSet<>();
    List<Identifier> phoneKeys = new ArrayList<>(phones.keySet());
    phoneKeys.sort(null);
    for (Identifier p : phoneKeys) {
      List<Integer> h = phones.get(p);
      if (h.size() < 2 || shared.contains(p)) {
        continue;
      }
      pairs(h, phoneBlock);
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
      String p =
          phone[i] == null || shared.contains(new Identifier(IdentifierKind.PHONE, phone[i]))
              ? null
              : phone[i];
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
      profiles[i] = new FellegiSunter.Profile(p, a.birthYear(), gender, place);
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
    long[] random =
        FellegiSunter.randomPairs(consenting.length, options.randomPairs(), options.seed());
    List<byte[]> randomVectors = new ArrayList<>(random.length);
    for (long key : random) {
      int i = consenting[(int) (key / consenting.length)];
      int j = consenting[(int) (key % consenting.length)];
      randomVectors.add(
          FellegiSunter.compare(profiles[i], profiles[j], deviceBlock.contains(pairKey(i, j))));
    }
    List<Long> blockedKeys = new ArrayList<>(blocked);
    blockedKeys.sort(null);
    List<byte[]> all = new ArrayList<>();
    for (long key : blockedKeys) {
      all.add(
          FellegiSunter.compare(
              profiles[(int) (key >>> 32)], profiles[(int) key], deviceBlock.contains(key)));
    }
    FellegiSunter fs = FellegiSunter.fit(randomVectors, all, options.maxIterations());
    model = fs.report(blockedKeys.size(), random.length);
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
