package io.tessera.identity;

import io.tessera.contract.CustomerId;
import java.time.Instant;
import java.util.List;

/**
 * A recorded decision that {@code account} is not the same person as the accounts it was merged
 * with: resolution never links them again, whatever the evidence.
 *
 * @param account the account split off
 * @param from the accounts it was resolved together with when split
 * @param who the API key or user that split it
 * @param why the reason given
 */
public record Unmerge(
    CustomerId account, List<CustomerId> from, String who, String why, Instant at) {
  public Unmerge {
    if (account == null || from == null || from.isEmpty()) {
      throw new IllegalArgumentException("an un-merge names the account and what it leaves");
    }
    if (who == null || who.isBlank() || why == null || why.isBlank()) {
      throw new IllegalArgumentException("an un-merge records who did it and why");
    }
    from = List.copyOf(from);
  }
}
