package io.tessera.identity;

import java.time.Instant;
import java.util.List;

/**
 * One accepted edge of the identity graph.
 *
 * @param from the identifier linked
 * @param to the identifier it was linked to (for an account merge, the other account)
 * @param rule {@code login}, {@code verified_email}, {@code same_event}, {@code same_<kind>} or
 *     {@code probabilistic}
 * @param matchWeight the Fellegi-Sunter match weight (log2 of the likelihood ratio with the prior)
 *     of a probabilistic link; NaN for a deterministic one
 * @param confidence probability that the two are one person (1 for deterministic rules)
 * @param evidence the records that made the link (ids, at most a few)
 * @param firstSeen the earliest evidence, or null
 * @param lastSeen the latest evidence, or null
 */
public record IdentityLink(
    Identifier from,
    Identifier to,
    String rule,
    double matchWeight,
    double confidence,
    List<String> evidence,
    Instant firstSeen,
    Instant lastSeen) {
  public IdentityLink {
    evidence = List.copyOf(evidence);
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
    }
  }

  public boolean deterministic() {
    return Double.isNaN(matchWeight);
  }
}
