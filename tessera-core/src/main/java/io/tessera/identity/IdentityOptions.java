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
   * The default posterior threshold. The rule that chose it (README "Identity resolution"): on the
   * tuning shop (seed 7) and the grid 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999, keep the
   * thresholds whose pairwise precision is at least 0.995 (a margin over the 0.99 goal), of those
   * the ones with the highest recall, and of those the highest threshold (the most cautious one
   * that loses nothing). Confirmed on a shop with another seed, identity rate, trap rate and faults
   * ({@code IdentityEvaluationTest}).
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
