package io.tessera.server.live;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Order;
import io.tessera.server.message.Records;
import io.tessera.store.live.LiveReader;
import java.util.List;

/**
 * Which customer a message's ids belong to, and what happens to an anonymous visitor's history when
 * an identify or alias links them. The writer thread calls it; API threads only read. This is the
 * engine's one seam for identity resolution: {@link AnonymousLinks} links an anonymous id to the
 * first customer that names it; a resolver that also matches emails, devices or a graph of ids
 * implements this interface and the rest of the engine does not change.
 */
interface Identities {
  /** The customer an anonymous id is linked to, or null while the visitor is anonymous. */
  CustomerId customerOf(String anonymousId);

  /**
   * Links an anonymous id to a customer (a message named both) and records the link in {@code tx}.
   *
   * @return the visitor's earlier records rebuilt for the customer, to be folded into their profile
   *     (possibly empty), or null when the link changed nothing that needs folding
   */
  List<Records.Converted> link(
      String anonymousId, CustomerId customer, String messageId, GroupTx tx);

  /**
   * Keeps an anonymous visitor's record until a link names the customer.
   *
   * @param placeholder the visitor's order when the record is a purchase (stored without a
   *     customer), else null
   */
  void holdAnonymous(String anonymousId, Records.Converted record, Order placeholder);

  /** The anonymous ids linked to a customer, sorted. */
  List<String> anonymousIds(CustomerId customer);

  /** Replaces the state with the store's links and the anonymous records not yet linked. */
  void load(LiveReader store);
}
