package io.tessera.store.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.contract.Event;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.store.Db;
import io.tessera.store.Store;
import io.tessera.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The live engine's writes, on the store's own connection and only from the engine's writer thread.
 * A group commit is one transaction ({@link #begin} ... {@link #commit}) that holds the store's
 * lock; rows are appended with DuckDB's appender (one per table per group, not one statement per
 * row). Every failure is a {@link StoreException} carrying the database's message.
 */
public final class LiveWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * An identify or alias message as kept in {@code live_messages} (a track, page or screen message
   * is kept as its event).
   */
  public record Message(String messageId, String type, String userId, String anonymousId) {}

  /** An order of an anonymous visitor, kept until an identify names its customer. */
  public record AnonymousOrder(String anonymousId, String eventId, Order order) {}

  /** An anonymous id linked to a customer by a message. */
  public record Link(String anonymousId, String customerId, String messageId) {}

  /** An identify message's traits (JSON text). */
  public record Traits(String customerId, String json) {}

  /**
   * A cart timer's state change.
   *
   * @param state waiting, purchased or fired
   */
  public record CartTimer(
      String customerId, String cartEventId, Instant cartAt, Instant dueAt, String state) {}

  private final Store store;
  private Store.Transaction transaction;

  public LiveWriter(Store store) {
    this.store = store;
  }

  /** Whether a transaction is open. */
  public boolean inTransaction() {
    return transaction != null;
  }

  /** Opens a transaction (and takes the store's lock until it ends). */
  public void begin() {
    try {
      transaction = store.begin();
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /** Commits the open transaction; on failure it stays open, to be rolled back. */
  public void commit() {
    try {
      transaction.commit();
      transaction = null;
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /** Rolls back the open transaction, if any. */
  public void rollback() {
    Store.Transaction t = transaction;
    transaction = null;
    if (t != null) {
      t.rollback();
    }
  }

  private DuckDBConnection connection() {
    if (transaction == null) {
      throw new IllegalStateException("the live writer writes inside a transaction only");
    }
    return transaction.connection();
  }

  /**
   * Appends a TIMESTAMP (UTC) value as epoch microseconds: the value {@code
   * append(Db.timestamp(t))} stores (the appender counts whole microseconds from the epoch towards
   * zero), without the three date-time objects and the calendar arithmetic per value that path
   * costs the committer thread. Null appends NULL.
   */
  static DuckDBAppender timestamp(DuckDBAppender a, Instant t) throws SQLException {
    return t == null ? a.appendNull() : a.appendEpochMicros(epochMicros(t));
  }

  /** Whole microseconds from the epoch to {@code t}, truncated towards zero. */
  static long epochMicros(Instant t) {
    long micros =
        Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    // before the epoch, a fraction of a microsecond left over makes the floor one lower
    return t.getEpochSecond() < 0 && t.getNano() % 1000 != 0 ? micros + 1 : micros;
  }

  /**
   * Writes a group commit's rows, in the order the engine writes them (its links' updates after its
   * events and orders, so they see them).
   */
  public void write(LiveGroup g) {
    appendMessages(g.messages(), g.receivedAt());
    appendEvents(g.events());
    appendOrders(g.orders(), g.anonymousOrders(), g.items());
    link(g.links(), g.receivedAt());
    appendTraits(g.traits(), g.receivedAt());
    appendCartTimers(g.timers());
    appendChanges(g.changes());
    appendDeliveries(g.deliveries());
    appendAudits(g.audits());
  }

  /** Appends audited reads (as {@code AccessTables.audit} inserts them). */
  public void appendAudits(List<AccessTables.AuditEntry> audits) {
    if (audits.isEmpty()) {
      return;
    }
    try (DuckDBAppender a = connection().createAppender("main", "audit_log")) {
      for (AccessTables.AuditEntry e : audits) {
        timestamp(a.beginRow(), e.at())
            .append(e.keyId())
            .append(e.role())
            .append(e.action())
            .append(e.customerId())
            .appendNull()
            .endRow();
      }
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /**
   * Records that the store holds the engine's log up to entry {@code seq} ({@link LiveLog}), in the
   * transaction of that entry's rows. An append, not an update: an update would wait for a
   * checkpoint in progress (DuckDB takes the checkpoint lock for it).
   */
  public void storedPosition(long seq) {
    try (DuckDBAppender a = connection().createAppender("main", "live_log_position")) {
      a.beginRow().append(seq).endRow();
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /**
   * The last log entry the store holds (0 when none), after which the log is replayed on start; the
   * position's table is cut down to that one row.
   */
  public long storedPosition() {
    try {
      begin();
      DuckDBConnection c = connection();
      long seq;
      try (PreparedStatement s =
              c.prepareStatement("SELECT coalesce(max(seq), 0) FROM live_log_position");
          java.sql.ResultSet r = s.executeQuery()) {
        r.next();
        seq = r.getLong(1);
      }
      update(c, "DELETE FROM live_log_position WHERE seq < ?", seq);
      commit();
      return seq;
    } catch (SQLException e) {
      rollback();
      throw StoreException.of(e);
    }
  }

  /** Appends identify and alias messages received at {@code at}. */
  public void appendMessages(List<Message> messages, Instant at) {
    if (messages.isEmpty()) {
      return;
    }
    try (DuckDBAppender a = connection().createAppender("main", "live_messages")) {
      for (Message m : messages) {
        a.beginRow().append(m.messageId()).append(m.type());
        timestamp(a, at).append(m.userId()).append(m.anonymousId()).endRow();
      }
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /** Appends live events (no source line: {@code _line} NULL marks them as live). */
  public void appendEvents(List<Event> events) {
    if (events.isEmpty()) {
      return;
    }
    try (DuckDBAppender a = connection().createAppender("main", "events")) {
      for (Event e : events) {
        a.beginRow().appendNull().append(e.eventId()).append(e.type());
        timestamp(a, e.occurredAt())
            .append(e.customerId() == null ? null : e.customerId().value())
            .append(e.anonymousId())
            .append(e.deviceId())
            .append(e.emailPseudonym())
            .append(e.sessionId())
            .append(e.properties())
            .append(false)
            .appendNull()
            .endRow();
      }
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /**
   * Appends orders and their lines: a customer's order to {@code orders} (read by batch runs), an
   * anonymous visitor's to {@code live_anonymous_orders} until an identify names its customer.
   */
  public void appendOrders(
      List<Order> orders, List<AnonymousOrder> anonymous, List<OrderItem> items) {
    if (orders.isEmpty() && anonymous.isEmpty()) {
      return;
    }
    try {
      if (!orders.isEmpty()) {
        try (DuckDBAppender a = connection().createAppender("main", "orders")) {
          for (Order o : orders) {
            a.beginRow().appendNull().append(o.orderId()).append(o.customerId().value());
            timestamp(a, o.orderedAt())
                .append(o.amount().amount())
                .append(o.amount().currency())
                .append("completed")
                .append(o.channel());
            attributes(a, o).endRow();
          }
        }
      }
      if (!anonymous.isEmpty()) {
        try (DuckDBAppender a = connection().createAppender("main", "live_anonymous_orders")) {
          for (AnonymousOrder x : anonymous) {
            Order o = x.order();
            a.beginRow().append(x.anonymousId()).append(x.eventId()).append(o.orderId());
            timestamp(a, o.orderedAt()).append(o.amount().amount()).append(o.amount().currency());
            attributes(a, o).endRow();
          }
        }
      }
      try (DuckDBAppender a = connection().createAppender("main", "order_items")) {
        for (OrderItem i : items) {
          a.beginRow()
              .appendNull()
              .append(i.orderId())
              .append(i.productId())
              .append(i.category())
              .append(i.quantity())
              .append(i.unitPrice())
              .endRow();
        }
      }
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /** Appends an order's attributes as the JSON column, or NULL when it has none. */
  private static DuckDBAppender attributes(DuckDBAppender a, Order o) throws SQLException {
    if (o.attributes().isEmpty()) {
      return a.appendNull();
    }
    try {
      return a.append(JSON.writeValueAsString(o.attributes()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("order attributes could not be written as JSON", e);
    }
  }

  /**
   * Records links made at {@code at} and moves the anonymous visitor's history to the customer:
   * their events get the customer id, their waiting orders move to {@code orders}.
   */
  public void link(List<Link> links, Instant at) {
    DuckDBConnection c = connection();
    try {
      for (Link l : links) {
        update(
            c,
            "INSERT INTO live_identities VALUES (?, ?, ?, ?)",
            l.anonymousId(),
            l.customerId(),
            Db.timestamp(at),
            l.messageId());
        update(
            c,
            "UPDATE events SET customer_id = ? WHERE anonymous_id = ? AND customer_id IS NULL",
            l.customerId(),
            l.anonymousId());
        update(
            c,
            "INSERT INTO orders SELECT NULL, order_id, ?, ordered_at, amount, currency,"
                + " 'completed', 'live', attributes FROM live_anonymous_orders WHERE anonymous_id"
                + " = ?",
            l.customerId(),
            l.anonymousId());
        update(c, "DELETE FROM live_anonymous_orders WHERE anonymous_id = ?", l.anonymousId());
      }
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /** Appends identify messages' traits received at {@code at}. */
  public void appendTraits(List<Traits> traits, Instant at) {
    DuckDBConnection c = connection();
    try {
      for (Traits t : traits) {
        update(
            c,
            "INSERT INTO live_traits VALUES (?, ?, ?)",
            t.customerId(),
            Db.timestamp(at),
            t.json());
      }
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /** Appends cart timers' state changes (the last state of a timer is its state). */
  public void appendCartTimers(List<CartTimer> timers) {
    if (timers.isEmpty()) {
      return;
    }
    try (DuckDBAppender a = connection().createAppender("main", "cart_timers")) {
      for (CartTimer t : timers) {
        a.beginRow().append(t.customerId()).append(t.cartEventId());
        timestamp(timestamp(a, t.cartAt()), t.dueAt()).append(t.state()).endRow();
      }
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /** Appends membership changes to the change log. */
  public void appendChanges(List<MembershipChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    try (DuckDBAppender a = connection().createAppender("main", "membership_changes")) {
      for (MembershipChange c : changes) {
        timestamp(a.beginRow().append(c.seq()), c.at())
            .append(c.customerId())
            .append(c.segmentId())
            .append(c.change())
            .append(c.cause())
            .append(c.causeEventId())
            .endRow();
      }
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /** Appends webhook deliveries, pending, to be posted once committed. */
  public void appendDeliveries(List<WebhookDelivery> deliveries) {
    if (deliveries.isEmpty()) {
      return;
    }
    try (DuckDBAppender a = connection().createAppender("main", "webhook_deliveries")) {
      for (WebhookDelivery d : deliveries) {
        a.beginRow()
            .append(d.deliveryId())
            .append(d.webhookId())
            .append(d.trigger())
            .append(d.payload());
        timestamp(timestamp(a, d.createdAt()).append("pending").append(0), d.createdAt()).endRow();
      }
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /**
   * Saves a rule segment's new version: the current one (if any) is marked deleted at {@code at}.
   */
  public void saveRule(
      String id, String name, String expression, Instant createdAt, Instant at, int version) {
    DuckDBConnection c = connection();
    try {
      update(
          c,
          "UPDATE rule_segments SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
          Db.timestamp(at),
          id);
      update(
          c,
          "INSERT INTO rule_segments VALUES (?, ?, ?, ?, ?, NULL, ?)",
          id,
          name,
          expression,
          Db.timestamp(createdAt),
          Db.timestamp(at),
          version);
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /** Marks a rule segment deleted at {@code at}. */
  public void deleteRule(String id, Instant at) {
    try {
      update(
          connection(),
          "UPDATE rule_segments SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
          Db.timestamp(at),
          id);
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /** Saves a fitted model (JSON); the latest of each name is the one a start loads. */
  public void saveModel(String name, Instant at, String json) {
    try {
      update(
          connection(), "INSERT INTO live_models VALUES (?, ?, ?)", name, Db.timestamp(at), json);
    } catch (SQLException e) {
      throw StoreException.of(e);
    }
  }

  /**
   * Records messages that could not be applied or stored, with the reason, in a transaction of its
   * own (their content is not kept, only their ids).
   */
  public void deadLetters(List<Message> messages, Instant at, String reason) {
    begin();
    try {
      try (PreparedStatement s =
          connection()
              .prepareStatement("INSERT INTO live_dead_letters VALUES (?, ?, ?, ?, ?, ?)")) {
        for (Message m : messages) {
          s.setObject(1, Db.timestamp(at));
          s.setString(2, m.messageId());
          s.setString(3, m.type());
          s.setString(4, m.userId());
          s.setString(5, m.anonymousId());
          s.setString(6, reason);
          // one by one: the DuckDB driver's executeBatch opens a transaction of its own
          s.executeUpdate();
        }
      }
      commit();
    } catch (SQLException e) {
      rollback();
      throw StoreException.of(e);
    } catch (RuntimeException e) {
      rollback();
      throw e;
    }
  }

  private static void update(DuckDBConnection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      s.executeUpdate();
    }
  }
}
