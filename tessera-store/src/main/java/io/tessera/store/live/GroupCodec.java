package io.tessera.store.live;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.OrderStatus;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link LiveGroup} as the bytes of one log entry, and back. Every value is kept exactly (an
 * instant as its seconds and nanoseconds, a double as its bits, a string as its UTF-8 bytes), so a
 * group read back from the log stores the rows the engine would have stored.
 */
final class GroupCodec {
  // the entry's format; a log written by another format is refused at start
  static final int VERSION = 1;

  private GroupCodec() {}

  /** A byte stream whose buffer is read in place (no copy per entry) and reused. */
  static final class Buffer extends ByteArrayOutputStream {
    Buffer(int size) {
      super(size);
    }

    byte[] bytes() {
      return buf;
    }
  }

  static byte[] encode(LiveGroup g) {
    Buffer b = new Buffer(256 + 160 * g.events().size());
    encode(g, b);
    return b.toByteArray();
  }

  /** Writes the group's entry into {@code bytes} (after what it holds). */
  static void encode(LiveGroup g, Buffer bytes) {
    try {
      DataOutputStream o = new DataOutputStream(bytes);
      o.writeByte(VERSION);
      instant(o, g.receivedAt());
      o.writeInt(g.messages().size());
      for (LiveWriter.Message m : g.messages()) {
        text(o, m.messageId());
        text(o, m.type());
        text(o, m.userId());
        text(o, m.anonymousId());
      }
      o.writeInt(g.events().size());
      for (Event e : g.events()) {
        text(o, e.eventId());
        text(o, e.type());
        instant(o, e.occurredAt());
        text(o, e.customerId() == null ? null : e.customerId().value());
        text(o, e.anonymousId());
        text(o, e.deviceId());
        text(o, e.emailPseudonym());
        text(o, e.sessionId());
        text(o, e.properties());
      }
      encodeOrders(o, g);
      encodeLater(o, g);
      o.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void encodeOrders(DataOutputStream o, LiveGroup g) throws IOException {
    o.writeInt(g.orders().size());
    for (Order x : g.orders()) {
      order(o, x);
    }
    o.writeInt(g.anonymousOrders().size());
    for (LiveWriter.AnonymousOrder a : g.anonymousOrders()) {
      text(o, a.anonymousId());
      text(o, a.eventId());
      order(o, a.order());
    }
    o.writeInt(g.items().size());
    for (OrderItem i : g.items()) {
      text(o, i.orderId());
      text(o, i.productId());
      text(o, i.category());
      o.writeInt(i.quantity());
      o.writeDouble(i.unitPrice());
    }
    o.writeInt(g.links().size());
    for (LiveWriter.Link l : g.links()) {
      text(o, l.anonymousId());
      text(o, l.customerId());
      text(o, l.messageId());
    }
  }

  private static void encodeLater(DataOutputStream o, LiveGroup g) throws IOException {
    o.writeInt(g.traits().size());
    for (LiveWriter.Traits t : g.traits()) {
      text(o, t.customerId());
      text(o, t.json());
    }
    o.writeInt(g.timers().size());
    for (LiveWriter.CartTimer t : g.timers()) {
      text(o, t.customerId());
      text(o, t.cartEventId());
      instant(o, t.cartAt());
      instant(o, t.dueAt());
      text(o, t.state());
    }
    o.writeInt(g.changes().size());
    for (MembershipChange c : g.changes()) {
      o.writeLong(c.seq());
      instant(o, c.at());
      text(o, c.customerId());
      text(o, c.segmentId());
      text(o, c.change());
      text(o, c.cause());
      text(o, c.causeEventId());
    }
    o.writeInt(g.deliveries().size());
    for (WebhookDelivery d : g.deliveries()) {
      text(o, d.deliveryId());
      text(o, d.webhookId());
      text(o, d.trigger());
      text(o, d.payload());
      instant(o, d.createdAt());
    }
    o.writeInt(g.audits().size());
    for (AccessTables.AuditEntry a : g.audits()) {
      instant(o, a.at());
      text(o, a.keyId());
      text(o, a.role());
      text(o, a.action());
      text(o, a.customerId());
    }
  }

  static LiveGroup decode(byte[] payload) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new IOException("a log entry of format " + version + ", this engine reads " + VERSION);
    }
    Instant receivedAt = instant(in);
    List<LiveWriter.Message> messages = new ArrayList<>();
    for (int n = in.readInt(); n > 0; n--) {
      messages.add(new LiveWriter.Message(text(in), text(in), text(in), text(in)));
    }
    List<Event> events = events(in);
    List<Order> orders = new ArrayList<>();
    for (int n = in.readInt(); n > 0; n--) {
      orders.add(order(in));
    }
    List<LiveWriter.AnonymousOrder> anonymous = new ArrayList<>();
    for (int n = in.readInt(); n > 0; n--) {
      anonymous.add(new LiveWriter.AnonymousOrder(text(in), text(in), order(in)));
    }
    List<OrderItem> items = new ArrayList<>();
    for (int n = in.readInt(); n > 0; n--) {
      items.add(new OrderItem(text(in), text(in), text(in), in.readInt(), in.readDouble()));
    }
    List<LiveWriter.Link> links = new ArrayList<>();
    for (int n = in.readInt(); n > 0; n--) {
      links.add(new LiveWriter.Link(text(in), text(in), text(in)));
    }
    List<LiveWriter.Traits> traits = new ArrayList<>();
    for (int n = in.readInt(); n > 0; n--) {
      traits.add(new LiveWriter.Traits(text(in), text(in)));
    }
    List<LiveWriter.CartTimer> timers = new ArrayList<>();
    for (int n = in.readInt(); n > 0; n--) {
      timers.add(new LiveWriter.CartTimer(text(in), text(in), instant(in), instant(in), text(in)));
    }
    return later(in, receivedAt, messages, events, orders, anonymous, items, links, traits, timers);
  }

  private static List<Event> events(DataInputStream in) throws IOException {
    List<Event> events = new ArrayList<>();
    for (int n = in.readInt(); n > 0; n--) {
      String id = text(in);
      String type = text(in);
      Instant at = instant(in);
      String customer = text(in);
      events.add(
          new Event(
              id,
              type,
              at,
              customer == null ? null : CustomerId.of(customer),
              text(in),
              text(in),
              text(in),
              text(in),
              text(in)));
    }
    return events;
  }

  // the change log, deliveries and audited reads, then the whole group
  private static LiveGroup later(
      DataInputStream in,
      Instant receivedAt,
      List<LiveWriter.Message> messages,
      List<Event> events,
      List<Order> orders,
      List<LiveWriter.AnonymousOrder> anonymous,
      List<OrderItem> items,
      List<LiveWriter.Link> links,
      List<LiveWriter.Traits> traits,
      List<LiveWriter.CartTimer> timers)
      throws IOException {
    List<MembershipChange> changes = new ArrayList<>();
    for (int n = in.readInt(); n > 0; n--) {
      changes.add(
          new MembershipChange(
              in.readLong(), instant(in), text(in), text(in), text(in), text(in), text(in)));
    }
    List<WebhookDelivery> deliveries = new ArrayList<>();
    for (int n = in.readInt(); n > 0; n--) {
      deliveries.add(new WebhookDelivery(text(in), text(in), text(in), text(in), instant(in)));
    }
    List<AccessTables.AuditEntry> audits = new ArrayList<>();
    for (int n = in.readInt(); n > 0; n--) {
      audits.add(new AccessTables.AuditEntry(instant(in), text(in), text(in), text(in), text(in)));
    }
    if (in.available() != 0) {
      throw new IOException("a log entry has " + in.available() + " bytes after its group");
    }
    return new LiveGroup(
        receivedAt,
        messages,
        events,
        orders,
        anonymous,
        items,
        links,
        traits,
        timers,
        changes,
        deliveries,
        audits);
  }

  private static void order(DataOutputStream o, Order x) throws IOException {
    text(o, x.orderId());
    text(o, x.customerId().value());
    instant(o, x.orderedAt());
    o.writeDouble(x.amount().amount());
    text(o, x.amount().currency());
    text(o, x.status().name());
    text(o, x.channel());
    o.writeInt(x.attributes().size());
    for (Map.Entry<String, String> a : x.attributes().entrySet()) {
      text(o, a.getKey());
      text(o, a.getValue());
    }
  }

  private static Order order(DataInputStream in) throws IOException {
    String id = text(in);
    String customer = text(in);
    Instant at = instant(in);
    double amount = in.readDouble();
    String currency = text(in);
    String status = text(in);
    String channel = text(in);
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int n = in.readInt(); n > 0; n--) {
      attributes.put(text(in), text(in));
    }
    return new Order(
        id,
        CustomerId.of(customer),
        at,
        Money.of(amount, currency),
        OrderStatus.valueOf(status),
        channel,
        attributes);
  }

  private static void text(DataOutputStream o, String s) throws IOException {
    if (s == null) {
      o.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    o.writeInt(b.length);
    o.write(b);
  }

  private static String text(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  private static void instant(DataOutputStream o, Instant t) throws IOException {
    o.writeBoolean(t != null);
    if (t != null) {
      o.writeLong(t.getEpochSecond());
      o.writeInt(t.getNano());
    }
  }

  private static Instant instant(DataInputStream in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
  }
}
