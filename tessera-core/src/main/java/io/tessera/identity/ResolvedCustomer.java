package io.tessera.identity;

import io.tessera.contract.CustomerId;
import java.util.List;

/**
 * A person: one or more accounts and the identifiers attached to them.
 *
 * @param id the resolved customer id: the smallest account id of the person (stable while the
 *     person keeps that account)
 * @param accounts the person's accounts, sorted
 * @param identifiers every identifier resolved to the person (accounts included), sorted
 * @param confidence the confidence of the weakest link needed to hold the accounts together (1 for
 *     a single account)
 */
public record ResolvedCustomer(
    CustomerId id, List<CustomerId> accounts, List<Identifier> identifiers, double confidence) {
  public ResolvedCustomer {
    accounts = List.copyOf(accounts);
    identifiers = List.copyOf(identifiers);
  }

  public boolean merged() {
    return accounts.size() > 1;
  }
}
