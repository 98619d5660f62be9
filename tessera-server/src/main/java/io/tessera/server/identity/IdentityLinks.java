package io.tessera.server.identity;

import io.tessera.contract.CustomerId;
import io.tessera.identity.IdentityGraph;
import io.tessera.identity.IdentityOptions;
import io.tessera.identity.ResolvedCustomer;
import io.tessera.identity.Unmerge;
import io.tessera.server.live.LiveEngine;
import io.tessera.store.BatchQueries;
import io.tessera.store.IdentityTables;
import io.tessera.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live engine's identity links: the store's accounts and events resolved by the same code as a
 * batch run ({@link IdentityTables}, core's resolver), so live and batch give the same customers
 * for the same records. The graph is resolved again when the store's records or un-merges changed
 * since the last answer (checked by counting them), on a reader connection of its own, and each new
 * resolution is applied to the live engine's profiles ({@link LiveEngine#applyIdentities}):
 * accounts a link joins are merged there, an un-merge re-splits them, and the regrouped customers'
 * memberships are evaluated again (cause {@code identity}).
 */
public final class IdentityLinks {
  /** The membership-change cause of a merge or un-merge applied to the live profiles. */
  public static final String CAUSE = "identity";

  private final Store store;
  private final IdentityOptions options;
  private final Clock clock;
  private final LiveEngine engine;
  private IdentityGraph graph;
  private String version;

  /**
   * @param engine the live engine the resolutions are applied to, or null (none)
   */
  public IdentityLinks(Store store, IdentityOptions options, Clock clock, LiveEngine engine) {
    this.store = store;
    this.options = options;
    this.clock = clock;
    this.engine = engine;
  }

  /** The current resolution of the store (resolved again, and applied live, when it changed). */
  public synchronized IdentityGraph graph() {
    // resolved over every event acknowledged before the call
    engine.awaitStored();
    try (Store reader = store.newConnection()) {
      String now = version(reader);
      if (graph == null || !now.equals(version)) {
        Store.Parallel threads = store.parallel();
        try {
          graph = IdentityTables.graph(reader, options, withoutConsent(reader));
        } finally {
          threads.close();
        }
        version = now;
        apply(graph);
      }
      return graph;
    }
  }

  /**
   * Hands the persons with several accounts to the live engine and waits for its writer to apply
   * them (so an answer given after this reflects them).
   */
  private void apply(IdentityGraph g) {
    if (engine == null) {
      return;
    }
    Map<CustomerId, List<CustomerId>> persons = new HashMap<>();
    for (ResolvedCustomer c : g.customers()) {
      if (c.accounts().size() > 1) {
        persons.put(c.id(), c.accounts());
      }
    }
    engine.applyIdentities(persons, CAUSE).join();
  }

  /**
   * Splits {@code account} off the person {@code person} and records who and why.
   *
   * @return the un-merge recorded
   * @throws IllegalArgumentException when the account is not one of the person's, or the person
   *     holds one account only
   */
  public synchronized Unmerge unmerge(
      CustomerId person, CustomerId account, String who, String why) {
    ResolvedCustomer c = graph().customer(person);
    if (c == null || !c.accounts().contains(account)) {
      throw new IllegalArgumentException(
          "account '" + account + "' is not one of customer '" + person + "''s accounts");
    }
    List<CustomerId> from = new ArrayList<>(c.accounts());
    from.remove(account);
    if (from.isEmpty()) {
      throw new IllegalArgumentException(
          "customer '" + person + "' holds only account '" + account + "': nothing to un-merge");
    }
    Unmerge u = new Unmerge(account, from, who, why, clock.instant());
    try (Store writer = store.newConnection()) {
      IdentityTables.record(writer, u);
    }
    graph = null;
    graph(); // resolved again at once: the live profiles are re-split before the answer
    return u;
  }

  private static String version(Store s) {
    return BatchQueries.identityInputStamp(s) + "/" + IdentityTables.unmerges(s).size();
  }

  private static Set<String> withoutConsent(Store s) {
    return new HashSet<>(BatchQueries.profilingDenied(s));
  }
}
