package io.tessera.identity;

import java.util.List;

/**
 * Settings of identity resolution ({@code identity:} in tessera.yaml).
 *
 * @param columns customers-file columns that are identifiers (say {@code loyalty_card}): verified
 *     like the account email, so two accounts with the same value are merged and two different
 *     values block a merge
 * @param maxShared an identifier held by more accounts than this is shared (a family tablet, a
 *     shop's test email, a call-centre phone): it links nobody and is reported
 * @param minConfidence a probabilistic link needs at least this posterior match probability
 * @param randomPairs random account pairs drawn to estimate the non-match (u) probabilities
 * @param maxIterations EM iterations at most
 * @param seed seed of the random pairs
 * @param unmerges recorded un-merges: pairs of accounts never linked again
 */
public record IdentityOptions(
    List<String> columns,
    int maxShared,
    double minConfidence,
    int randomPairs,
    int maxIterations,
    long seed,
    List<Unmerge> unmerges) {

  /**
   * The default posterior threshold, chosen by a rule that needs no data: merge when a wrong merge
   * is less likely than 1 in 100, i.e. when the expected cost of merging is below that of not
   * merging with a wrong merge counted 99 times as costly as a missed one (a wrong merge mixes two
   * people's profiles, messages and consent; a missed one leaves a duplicate), so {@code p >= 99 /
   * (99 + 1)}. Checked, not tuned, on generated shops with planted truth ({@code
   * IdentityEvaluationTest}, README "Identity resolution").
   */
  public static final double DEFAULT_MIN_CONFIDENCE = 0.99;

  public static final int DEFAULT_MAX_SHARED = 3;

  public IdentityOptions {
    columns = columns == null ? List.of() : List.copyOf(columns);
    for (String c : columns) {
      IdentifierKind.column(c);
    }
    if (maxShared < 1) {
      throw new IllegalArgumentException(
          "identity.max_shared must be at least 1, got " + maxShared);
    }
    if (!(minConfidence > 0 && minConfidence <= 1)) {
      throw new IllegalArgumentException(
          "identity.min_confidence must be in (0, 1], got " + minConfidence);
    }
    if (randomPairs < 100) {
      throw new IllegalArgumentException(
          "identity: at least 100 random pairs are needed for the u probabilities, got "
              + randomPairs);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("identity: EM iterations must be at least 1");
    }
    unmerges = unmerges == null ? List.of() : List.copyOf(unmerges);
  }

  public static IdentityOptions defaults() {
    return new IdentityOptions(
        List.of(), DEFAULT_MAX_SHARED, DEFAULT_MIN_CONFIDENCE, 200_000, 200, 42L, List.of());
  }

  public IdentityOptions withColumns(List<String> c) {
    return new IdentityOptions(
        c, maxShared, minConfidence, randomPairs, maxIterations, seed, unmerges);
  }

  public IdentityOptions withMaxShared(int n) {
    return new IdentityOptions(
        columns, n, minConfidence, randomPairs, maxIterations, seed, unmerges);
  }

  public IdentityOptions withMinConfidence(double p) {
    return new IdentityOptions(columns, maxShared, p, randomPairs, maxIterations, seed, unmerges);
  }

  public IdentityOptions withUnmerges(List<Unmerge> u) {
    return new IdentityOptions(
        columns, maxShared, minConfidence, randomPairs, maxIterations, seed, u);
  }
}
