package io.tessera.server.live;

import io.tessera.privacy.PersonalData;
import io.tessera.server.http.ApiException;
import io.tessera.server.message.SegmentMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Collect messages as they may be stored: core's {@link PersonalData} rule applied to their ids
 * (userId, anonymousId, previousId), traits and properties. The context is never stored.
 */
final class PrivateFields {
  private PrivateFields() {}

  /**
   * The messages with their personal data filtered (empty traits and properties are kept as they
   * are: most track messages have no traits, and filtering them made a new empty object each).
   *
   * @throws ApiException 400 when an id looks like an email or phone number and no key is
   *     configured to pseudonymise it
   */
  static List<SegmentMessage> filter(List<SegmentMessage> messages, PersonalData rule) {
    List<SegmentMessage> out = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      SegmentMessage m = messages.get(i);
      String where = messages.size() == 1 ? "" : "batch[" + i + "].";
      out.add(
          new SegmentMessage(
              m.type(),
              m.messageId(),
              id(rule, m.userId(), where + "userId"),
              id(rule, m.anonymousId(), where + "anonymousId"),
              id(rule, m.previousId(), where + "previousId"),
              m.event(),
              m.timestamp(),
              m.properties().isEmpty() ? m.properties() : rule.properties(m.properties()),
              m.traits().isEmpty() ? m.traits() : rule.traits(m.traits()),
              m.context()));
    }
    return List.copyOf(out);
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
