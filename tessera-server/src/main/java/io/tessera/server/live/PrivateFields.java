package io.tessera.server.live;

import io.tessera.privacy.PersonalData;
import io.tessera.server.http.ApiException;
import io.tessera.server.message.SegmentMessage;

/**
 * Collect messages as they may be stored: core's {@link PersonalData} rule applied to their ids
 * (userId, anonymousId, previousId), traits and properties. The context is never stored.
 */
final class PrivateFields {
  private PrivateFields() {}

  /**
   * The message with its personal data filtered (empty traits and properties are kept as they are:
   * most track messages have no traits, and filtering them made a new empty object each).
   *
   * @param where the message's place in errors: {@code ""} for a single message, {@code
   *     "batch[3]."} in a batch
   * @throws ApiException 400 when an id looks like an email or phone number and no key is
   *     configured to pseudonymise it
   */
  static SegmentMessage filter(SegmentMessage m, PersonalData rule, String where) {
    return new SegmentMessage(
        m.type(),
        m.messageId(),
        id(rule, m.userId(), where + "userId"),
        id(rule, m.anonymousId(), where + "anonymousId"),
        id(rule, m.previousId(), where + "previousId"),
        m.event(),
        m.timestamp(),
        m.properties().isEmpty() ? m.properties() : rule.properties(m.properties()),
        m.traits().isEmpty() ? m.traits() : rule.traits(m.traits()),
        m.context());
  }

  private static String id(PersonalData rule, String id, String field) {
    String kept = rule.id(id);
    if (id != null && kept == null) {
      throw ApiException.badRequest(
          "invalid_message",
          field
              + " looks like an email address or phone number, and the server has no"
              + " pseudonymisation key to store it as a pseudonym; send an opaque id");
    }
    return kept;
  }
}
