package io.tessera.profile;

import io.tessera.contract.CustomerId;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The profiles of a population, sorted by customer id so that iteration order (and everything built
 * from it, such as a feature matrix) does not depend on how the fold was scheduled.
 */
public final class ProfileTable {
  private final CustomerId[] ids;
  private final CustomerProfile[] profiles;
  private final ProfileSettings settings;
  private final FoldCounts counts;

  /**
   * What the fold did with its input.
   *
   * @param records records folded into a profile
   * @param unlinkedEvents events without a customer_id (anonymous; identity resolution links them)
   * @param orphanItems order lines whose order was not among the folded orders
   * @param afterUntil records at or after {@link ProfileFold.Options#until()}, left out
   */
  public record FoldCounts(long records, long unlinkedEvents, long orphanItems, long afterUntil) {
    public static final FoldCounts NONE = new FoldCounts(0, 0, 0, 0);
  }

  ProfileTable(CustomerProfile[] sortedProfiles, ProfileSettings settings, FoldCounts counts) {
    this.profiles = sortedProfiles;
    this.ids = new CustomerId[sortedProfiles.length];
    for (int i = 0; i < sortedProfiles.length; i++) {
      ids[i] = sortedProfiles[i].customerId();
      if (i > 0 && ids[i - 1].compareTo(ids[i]) >= 0) {
        throw new IllegalStateException("profiles are not sorted by distinct customer id");
      }
    }
    this.settings = settings;
    this.counts = counts;
  }

  /** A table of the given profiles (any order; each customer once), e.g. from a live store. */
  public static ProfileTable of(List<CustomerProfile> profiles, ProfileSettings settings) {
    CustomerProfile[] sorted = profiles.toArray(CustomerProfile[]::new);
    ProfileFold.sortByCustomer(sorted);
    for (CustomerProfile p : sorted) {
      ProfileSettings.requireSame(settings, p.settings());
    }
    return new ProfileTable(sorted, settings, FoldCounts.NONE);
  }

  public int size() {
    return profiles.length;
  }

  public CustomerId id(int row) {
    return ids[row];
  }

  public CustomerProfile profile(int row) {
    return profiles[row];
  }

  /** The customer's profile, or null when the customer had no record. */
  public CustomerProfile get(CustomerId id) {
    int row = Arrays.binarySearch(ids, Objects.requireNonNull(id));
    return row < 0 ? null : profiles[row];
  }

  /** Customer ids in table order (ascending). */
  public List<CustomerId> ids() {
    return List.of(ids);
  }

  public ProfileSettings settings() {
    return settings;
  }

  public FoldCounts counts() {
    return counts;
  }
}
