package io.tessera.identity;

import io.tessera.contract.CustomerId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What identity resolution did and refused to do: the identity section of {@code data_health.json}
 * and of the report.
 *
 * @param accounts accounts seen (customers rows and customer ids of other sources)
 * @param withoutConsent accounts without consent to profiling: never linked or merged
 * @param resolvedCustomers persons after resolution (consenting accounts only)
 * @param mergedCustomers persons holding more than one account
 * @param accountLinksByRule account merges accepted, by rule
 * @param identifiersLinkedByRule anonymous ids, devices and emails attached to a customer, by rule
 * @param recordsLinkedByRule records without a customer id (anonymous events) now resolved to a
 *     customer, by the rule of the identifier that linked them
 * @param recordsUnlinked records without a customer id that still resolve to nobody
 * @param belowThreshold probabilistic candidate pairs under {@code min_confidence}
 * @param consentBlocked links refused because an account has no consent to profiling
 * @param shared identifiers held by more accounts than {@code max_shared} (largest first, at most
 *     100) and {@code sharedCount} all of them
 * @param ambiguous anonymous identifiers seen with several customers (a family device): linked to
 *     none, at most 100, and {@code ambiguousCount}
 * @param conflicts merges blocked by conflicting verified identifiers or an un-merge (at most 100),
 *     and {@code conflictCount}
 * @param malformed identifiers refused as malformed, by kind
 * @param malformedExamples a few of them (record and reason; values never shown)
 * @param model the fitted Fellegi-Sunter model, or null when no pair was compared
 * @param minConfidence the threshold the run used
 * @param unmerges the recorded un-merges that were applied
 * @param curve the probabilistic pairs and their match weights over the thresholds (precision and
 *     recall in it only when {@link IdentityEvaluation#curve} added the truth's)
 */
public record IdentityReport(
    long accounts,
    long withoutConsent,
    long resolvedCustomers,
    long mergedCustomers,
    Map<String, Long> accountLinksByRule,
    Map<String, Long> identifiersLinkedByRule,
    Map<String, Long> recordsLinkedByRule,
    long recordsUnlinked,
    long belowThreshold,
    long consentBlocked,
    List<Shared> shared,
    long sharedCount,
    List<Shared> ambiguous,
    long ambiguousCount,
    List<Conflict> conflicts,
    long conflictCount,
    Map<String, Long> malformed,
    List<String> malformedExamples,
    MatchModel model,
    double minConfidence,
    List<Unmerge> unmerges,
    ThresholdCurve curve) {

  public IdentityReport {
    accountLinksByRule = byKey(accountLinksByRule);
    identifiersLinkedByRule = byKey(identifiersLinkedByRule);
    recordsLinkedByRule = byKey(recordsLinkedByRule);
    shared = List.copyOf(shared);
    ambiguous = List.copyOf(ambiguous);
    conflicts = List.copyOf(conflicts);
    malformed = byKey(malformed);
    malformedExamples = List.copyOf(malformedExamples);
    unmerges = List.copyOf(unmerges);
  }

  /** This report with {@code c} as its threshold curve. */
  public IdentityReport withCurve(ThresholdCurve c) {
    return new IdentityReport(
        accounts,
        withoutConsent,
        resolvedCustomers,
        mergedCustomers,
        accountLinksByRule,
        identifiersLinkedByRule,
        recordsLinkedByRule,
        recordsUnlinked,
        belowThreshold,
        consentBlocked,
        shared,
        sharedCount,
        ambiguous,
        ambiguousCount,
        conflicts,
        conflictCount,
        malformed,
        malformedExamples,
        model,
        minConfidence,
        unmerges,
        c);
  }

  /**
   * An identifier that links nobody because too many customers hold it.
   *
   * @param customers how many distinct accounts hold it
   */
  public record Shared(Identifier identifier, long customers) {}

  /**
   * A merge that was blocked.
   *
   * @param reason e.g. {@code different email}, {@code un-merged by <who>: <why>}
   * @param rule the rule that proposed the merge
   */
  public record Conflict(CustomerId a, CustomerId b, String rule, String reason) {}

  /**
   * The counts in key order: written to data_health.json and the report, they read the same in
   * every run (Map.copyOf's order changes from one JVM to the next).
   */
  private static Map<String, Long> byKey(Map<String, Long> counts) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(counts));
  }
}
