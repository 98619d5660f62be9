package io.tessera.identity;

import io.tessera.contract.CustomerId;
import io.tessera.profile.CustomerProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Profiles of resolved customers from the profiles of their accounts.
 *
 * <p>A merged customer's profile is the {@link CustomerProfile#merge} of its parts (each account's
 * profile, and the profile of the anonymous records attached to it), under the resolved id. The
 * aggregators keep canonical state only, so the merge equals one fold of all the parts' records,
 * bit for bit. An un-merge cannot subtract a part (a minimum or a sorted list forgets which part an
 * element came from), so it re-folds: each part's own profile is kept, and the split customers are
 * merged again from the parts the new resolution gives them.
 */
public final class ProfileMerge {
  private ProfileMerge() {}

  /** The profile of one customer from its parts (none: null). Parts are left unchanged. */
  public static CustomerProfile merge(CustomerId resolvedId, List<CustomerProfile> parts) {
    CustomerProfile out = null;
    for (CustomerProfile p : parts) {
      if (out == null) {
        out = p.copyAs(resolvedId);
      } else {
        out.merge(p.copyAs(resolvedId));
      }
    }
    return out;
  }

  /**
   * Profiles per resolved customer from the parts' profiles: each part goes to {@code
   * graph.resolve(part id)} (an account's person, or the part itself when it is not resolved).
   */
  public static Map<CustomerId, CustomerProfile> byCustomer(
      Map<CustomerId, CustomerProfile> parts, IdentityGraph graph) {
    Map<CustomerId, List<CustomerProfile>> grouped = new HashMap<>();
    for (var e : parts.entrySet()) {
      grouped.computeIfAbsent(graph.resolve(e.getKey()), k -> new ArrayList<>()).add(e.getValue());
    }
    Map<CustomerId, CustomerProfile> out = new HashMap<>();
    grouped.forEach((id, ps) -> out.put(id, merge(id, ps)));
    return out;
  }
}
