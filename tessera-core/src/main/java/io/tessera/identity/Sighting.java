package io.tessera.identity;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import java.time.Instant;

/**
 * The identifiers one record carries together: an event's customer id (a login), anonymous id,
 * device id and email pseudonym. Identifiers seen together belong to one person unless one of them
 * is shared (see {@link IdentityResolver}).
 *
 * @param recordId the record's id, kept as evidence
 */
public record Sighting(
    String recordId,
    Instant at,
    CustomerId customerId,
    String anonymousId,
    String deviceId,
    String email) {

  public Sighting {
    if (recordId == null || at == null) {
      throw new IllegalArgumentException("a sighting needs a record id and a time");
    }
    anonymousId = blankToNull(anonymousId);
    deviceId = blankToNull(deviceId);
    email = blankToNull(email);
  }

  public static Sighting of(Event e) {
    return new Sighting(
        e.eventId(),
        e.occurredAt(),
        e.customerId(),
        e.anonymousId(),
        e.deviceId(),
        e.emailPseudonym());
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
