package io.tessera.identity;

import java.util.Collection;

/**
 * Resolves accounts and sightings into persons: {@code resolve(accounts, sightings, options)}.
 *
 * <p>The steps, each a guard rail or a kind of link:
 *
 * <ol>
 *   <li>Malformed identifiers are refused and reported: an email or phone that is not a keyed
 *       pseudonym ({@code h:} + 32 hex digits: a raw or broken value), any identifier with control
 *       characters or longer than 256 characters. They never link.
 *   <li>Shared identifiers, held by more than {@code max_shared} accounts (a shop's test email, a
 *       call-centre phone), link nobody and are reported.
 *   <li>Accounts are merged deterministically when they hold the same verified identifier (the
 *       account email, a configured identity column), and probabilistically when a {@link
 *       FellegiSunter} model fitted on this data gives the pair a posterior match probability of at
 *       least {@code min_confidence}. Candidate pairs come from blocking rules (same phone; a
 *       device or anonymous id both logged in on), so comparisons grow with the accounts times
 *       {@code max_shared}, not with their square. Links are applied strongest first with a
 *       union-find; a link that would join two different verified values of one kind (two emails),
 *       or undo a recorded {@link Unmerge}, is blocked and reported. A person's confidence is then
 *       its weakest needed link.
 *   <li>Anonymous ids, devices and emails seen together in records form groups; a group seen logged
 *       in as exactly one person (or carrying that person's verified email) is attached to them, a
 *       group seen with several (a family tablet) is attached to none and reported.
 *   <li>Accounts without consent to profiling are never linked or merged, and nothing is attached
 *       to them.
 * </ol>
 */
public final class IdentityResolver {
  private static final int MAX_LENGTH = 256;
  static final int REPORT_LIMIT = 100;
  static final int EXAMPLES = 20;
  static final int EVIDENCE = 3;

  private IdentityResolver() {}

  public static IdentityGraph resolve(
      Collection<Account> accounts, Iterable<Sighting> sightings, IdentityOptions options) {
    java.util.Iterator<Sighting> it = sightings.iterator();
    return resolveGroups(
        accounts,
        () ->
            new java.util.Iterator<>() {
              private long position;

              @Override
              public boolean hasNext() {
                return it.hasNext();
              }

              @Override
              public SightingGroup next() {
                return SightingGroup.of(it.next(), position++);
              }
            },
        options);
  }

  /**
   * Resolves with the records' identifiers grouped ({@link SightingGroup}), the groups in the order
   * of their first records: the same resolution as {@link #resolve} of the records one by one.
   */
  public static IdentityGraph resolveGroups(
      Collection<Account> accounts, Iterable<SightingGroup> groups, IdentityOptions options) {
    return new IdentityRun(options).resolve(accounts, groups.iterator());
  }

  /**
   * Whether a value is a keyed pseudonym: {@code h:} and 32 lowercase hex digits (the regular
   * expression {@code h:[0-9a-f]{32}}, checked by hand: it runs for every email and phone of every
   * account and record).
   */
  static boolean isPseudonym(String v) {
    if (v.length() != 34 || v.charAt(0) != 'h' || v.charAt(1) != ':') {
      return false;
    }
    for (int i = 2; i < 34; i++) {
      char c = v.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** Why a value cannot be an identifier of its kind, or null when it can. */
  static String malformedReason(IdentifierKind kind, String v) {
    if (v.length() > MAX_LENGTH) {
      return "longer than " + MAX_LENGTH + " characters";
    }
    for (int i = 0; i < v.length(); i++) {
      if (Character.isISOControl(v.charAt(i))) {
        return "holds a control character";
      }
    }
    if (kind.pseudonymised() && !isPseudonym(v)) {
      return "not a keyed pseudonym (malformed, or pseudonymisation is off): never linked";
    }
    return null;
  }
}
