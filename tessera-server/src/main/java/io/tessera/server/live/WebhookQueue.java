package io.tessera.server.live;

import io.tessera.server.hook.Webhooks;
import io.tessera.store.live.MembershipChange;
import io.tessera.store.live.WebhookDelivery;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Webhook queuing: the deliveries a group's membership changes raise are decided before its commit
 * (and written in the same transaction, so none is lost or sent for a change that was undone);
 * after the commit, the changes and deliveries are handed to the listeners (the change stream, the
 * deliverer) on the thread that wrote the group (the committer, or the writer for jobs and ticks).
 */
final class WebhookQueue {
  private final Webhooks webhooks;
  private final List<Consumer<List<MembershipChange>>> changeListeners =
      new CopyOnWriteArrayList<>();
  private final List<Consumer<List<WebhookDelivery>>> deliveryListeners =
      new CopyOnWriteArrayList<>();

  WebhookQueue(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  void onChanges(Consumer<List<MembershipChange>> listener) {
    changeListeners.add(listener);
  }

  void onDeliveries(Consumer<List<WebhookDelivery>> listener) {
    deliveryListeners.add(listener);
  }

  /** Decides the group's deliveries, before it is written. */
  void prepare(GroupTx tx) {
    tx.deliveries = webhooks.deliveriesFor(tx.changes, tx.receivedAt);
  }

  /** Hands a committed group's changes and deliveries to the listeners. */
  void committed(GroupTx tx) {
    if (!tx.changes.isEmpty()) {
      for (var l : changeListeners) {
        l.accept(List.copyOf(tx.changes));
      }
    }
    if (!tx.deliveries.isEmpty()) {
      for (var l : deliveryListeners) {
        l.accept(List.copyOf(tx.deliveries));
      }
    }
  }
}
