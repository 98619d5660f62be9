package io.tessera.server.live;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.profile.CustomerProfile;
import io.tessera.store.live.LiveGroup;
import io.tessera.store.live.LiveWriter;
import io.tessera.store.live.MembershipChange;
import io.tessera.store.live.WebhookDelivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one group commit (or job, or tick) writes, collected on the writer thread while the
 * parts change the in-memory state, and written in one transaction by {@link GroupWriter}.
 */
final class GroupTx {
  final Instant receivedAt;
  // identify and alias messages (a track/page/screen message is kept as its event)
  final List<LiveWriter.Message> messages = new ArrayList<>();
  final List<Event> events = new ArrayList<>();
  final List<Order> orders = new ArrayList<>();
  final List<LiveWriter.AnonymousOrder> anonymousOrders = new ArrayList<>();
  final List<OrderItem> items = new ArrayList<>();
  final List<LiveWriter.Link> links = new ArrayList<>();
  final List<LiveWriter.Traits> traits = new ArrayList<>();
  final List<LiveWriter.CartTimer> timers = new ArrayList<>();
  final List<MembershipChange> changes = new ArrayList<>();
  // accounts whose memberships are re-evaluated before the commit, in the order first touched
  final Map<CustomerId, Touch> touched = new LinkedHashMap<>();
  List<WebhookDelivery> deliveries = List.of();

  GroupTx(Instant receivedAt) {
    this.receivedAt = receivedAt;
  }

  /** The rows to store, once the group is folded and evaluated (its lists change no more). */
  LiveGroup stored() {
    return new LiveGroup(
        receivedAt,
        messages,
        events,
        orders,
        anonymousOrders,
        items,
        links,
        traits,
        timers,
        changes,
        deliveries,
        List.of());
  }

  /**
   * An account the group touched: the last message that touched it and why, and the profile its
   * memberships are evaluated on as the fold found it (its person's merged profile, its own, or
   * null: none to evaluate, e.g. without consent to profiling). Carrying the profile from the fold
   * to the evaluation saves the evaluation's own lookups of it (four maps of every customer, likely
   * cache misses); persons and profiles are regrouped only by jobs, never during a group's fold.
   */
  static final class Touch {
    String causeEventId;
    String cause;
    CustomerProfile profile;

    private Touch(String causeEventId, String cause, CustomerProfile profile) {
      this.causeEventId = causeEventId;
      this.cause = cause;
      this.profile = profile;
    }
  }

  /**
   * Marks an account for re-evaluation, caused by a message.
   *
   * @param profile the profile its memberships are evaluated on ({@link LiveProfiles#evaluated})
   */
  void touch(CustomerId c, String causeEventId, String cause, CustomerProfile profile) {
    Touch t = touched.get(c);
    if (t == null) {
      touched.put(c, new Touch(causeEventId, cause, profile));
    } else {
      t.causeEventId = causeEventId;
      t.cause = cause;
      t.profile = profile;
    }
  }
}
