package io.tessera.report;

import static io.tessera.report.ReportChecks.requireCount;
import static io.tessera.report.ReportChecks.requireFraction;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The identity-resolution part of a {@link ReportModel} (data_health.json's {@code identity}
 * section): what was linked by which rule, what was blocked, and the threshold curve. Declared
 * here, as {@link RecommendParts} is, to keep the model's own file to the data and the segments.
 */
public interface IdentityParts {
  /**
   * The identity stage's figures.
   *
   * @param accounts accounts seen
   * @param resolvedCustomers persons after resolution
   * @param mergedCustomers persons holding more than one account
   * @param accountLinksByRule account merges by rule
   * @param recordsLinkedByRule anonymous events linked to a customer, by rule
   * @param recordsUnlinked anonymous events left unlinked
   * @param conflicts merges blocked by conflicting verified identifiers or an un-merge
   * @param shared identifiers held by too many customers (link nobody)
   * @param ambiguous anonymous ids or devices used by several customers (link nobody)
   * @param consentBlocked links refused for lack of consent to profiling
   * @param malformed malformed identifiers (never link)
   * @param minConfidence the threshold the run used
   * @param truth whether the curve carries precision and recall against planted truth
   * @param curve one point per threshold, lowest first
   * @param weights the compared pairs' match weights, lowest bin first
   */
  public record Identity(
      long accounts,
      long resolvedCustomers,
      long mergedCustomers,
      Map<String, Long> accountLinksByRule,
      Map<String, Long> recordsLinkedByRule,
      long recordsUnlinked,
      long conflicts,
      long shared,
      long ambiguous,
      long consentBlocked,
      long malformed,
      double minConfidence,
      boolean truth,
      List<CurvePoint> curve,
      List<WeightBin> weights) {
    public Identity {
      requireCount(accounts, "identity accounts");
      requireCount(resolvedCustomers, "resolved customers");
      requireCount(mergedCustomers, "merged customers");
      requireCount(recordsUnlinked, "unlinked records");
      requireCount(conflicts, "blocked merges");
      requireCount(shared, "shared identifiers");
      requireCount(ambiguous, "ambiguous identifiers");
      requireCount(consentBlocked, "consent-blocked links");
      requireCount(malformed, "malformed identifiers");
      requireFraction(minConfidence, "identity min_confidence");
      if (resolvedCustomers > accounts) {
        throw new IllegalArgumentException(
            "report: "
                + resolvedCustomers
                + " resolved customers from only "
                + accounts
                + " accounts");
      }
      accountLinksByRule = new TreeMap<>(accountLinksByRule);
      recordsLinkedByRule = new TreeMap<>(recordsLinkedByRule);
      accountLinksByRule.forEach((k, v) -> requireCount(v, "account links by " + k));
      recordsLinkedByRule.forEach((k, v) -> requireCount(v, "records linked by " + k));
      curve = List.copyOf(curve);
      weights = List.copyOf(weights);
      for (CurvePoint p : curve) {
        if (truth != (p.precision() != null)) {
          throw new IllegalArgumentException(
              "report: identity curve point "
                  + p.threshold()
                  + (truth ? " lacks precision and recall" : " has precision without truth"));
        }
      }
    }
  }

  /**
   * One threshold of the curve.
   *
   * @param pairs compared pairs at or above it
   * @param precision pairwise precision against truth, or null without truth
   * @param recall pairwise recall, or null
   * @param trapsWrong trap identifiers wrongly joined, or null
   */
  public record CurvePoint(
      double threshold, long pairs, Double precision, Double recall, Long trapsWrong) {
    public CurvePoint {
      requireFraction(threshold, "identity threshold");
      requireCount(pairs, "pairs at threshold " + threshold);
      if (precision != null) {
        requireFraction(precision, "precision at threshold " + threshold);
      }
      if (recall != null) {
        requireFraction(recall, "recall at threshold " + threshold);
      }
      if (trapsWrong != null) {
        requireCount(trapsWrong, "traps wrongly joined at threshold " + threshold);
      }
    }
  }

  /** Compared pairs whose match weight is in [from, to). */
  public record WeightBin(double from, double to, long pairs) {
    public WeightBin {
      requireCount(pairs, "pairs in weight bin " + from);
      if (!(to > from)) {
        throw new IllegalArgumentException("report: weight bin " + from + " to " + to);
      }
    }
  }
}
