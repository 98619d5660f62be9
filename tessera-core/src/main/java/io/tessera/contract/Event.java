package io.tessera.contract;

import java.time.Instant;

/**
 * One behavioural event. At least one identifier (customer, anonymous, device or email pseudonym)
 * must be present so the event can be linked to someone.
 *
 * @param type the type as written in the source (custom types keep their own name)
 * @param properties the event's properties as a JSON object text, or null
 */
public record Event(
    String eventId,
    String type,
    Instant occurredAt,
    CustomerId customerId,
    String anonymousId,
    String deviceId,
    String emailPseudonym,
    String sessionId,
    String properties) {

  public Event {
    Fields.requireText(eventId, "event_id");
    Fields.requireText(type, "type");
    if (occurredAt == null) {
      throw new IllegalArgumentException("occurred_at is required");
    }
    if (customerId == null
        && Fields.isBlank(anonymousId)
        && Fields.isBlank(deviceId)
        && Fields.isBlank(emailPseudonym)) {
      throw new IllegalArgumentException(
          "an event needs one of customer_id, anonymous_id, device_id or email");
    }
  }

  public EventType kind() {
    return EventType.fromWire(type);
  }
}
