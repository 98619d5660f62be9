package io.tessera.identity;

import io.tessera.contract.CustomerId;
import java.time.Instant;

/**
 * Records that carry the same identifiers (customer id, anonymous id, device id, email pseudonym),
 * taken together: what resolution needs of them. A store has millions of events but a few hundred
 * thousand such combinations, so it hands resolution its groups ({@code GROUP BY} the four columns)
 * instead of every event, and resolving the groups in the order of their first records is resolving
 * the records one by one, value for value: every identifier, holder and edge first appears in the
 * group of its first record, that group's first record is the identifier's, and the earliest record
 * of an identifier is the earliest of its groups' earliest (time, then record order).
 *
 * @param firstRecordId the id of the group's first record in record order
 * @param records how many records the group holds
 * @param earliest the earliest time of its records
 * @param earliestRecordId the first record (in record order) at that time
 * @param earliestPosition that record's position in record order (any increasing numbering: a
 *     store's row ids), to choose between groups whose earliest times are equal
 * @param latest the latest time of its records
 */
public record SightingGroup(
    CustomerId customerId,
    String anonymousId,
    String deviceId,
    String email,
    String firstRecordId,
    long records,
    Instant earliest,
    String earliestRecordId,
    long earliestPosition,
    Instant latest) {

  public SightingGroup {
    if (firstRecordId == null || earliestRecordId == null || earliest == null || latest == null) {
      throw new IllegalArgumentException("a sighting group needs its record ids and times");
    }
    if (records < 1) {
      throw new IllegalArgumentException("a sighting group holds at least one record");
    }
    anonymousId = Sighting.blankToNull(anonymousId);
    deviceId = Sighting.blankToNull(deviceId);
    email = Sighting.blankToNull(email);
  }

  /** One record alone, at {@code position} in record order. */
  public static SightingGroup of(Sighting s, long position) {
    return new SightingGroup(
        s.customerId(),
        s.anonymousId(),
        s.deviceId(),
        s.email(),
        s.recordId(),
        1,
        s.at(),
        s.recordId(),
        position,
        s.at());
  }
}
