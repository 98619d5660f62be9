package io.tessera.contract;

import java.time.Instant;

/** A service interaction: a call, email, chat or social message, with its text if any. */
public record Interaction(
    String interactionId,
    CustomerId customerId,
    Instant occurredAt,
    Channel channel,
    Kind kind,
    String text) {

  /** Where the interaction happened. */
  public enum Channel {
    CALL,
    EMAIL,
    CHAT,
    SOCIAL;

    public static Channel parse(String text) {
      return Fields.parseEnum(Channel.class, text, "channel");
    }
  }

  /** What the customer came for. */
  public enum Kind {
    INQUIRY,
    COMPLAINT,
    PRAISE;

    public static Kind parse(String text) {
      return Fields.parseEnum(Kind.class, text, "kind");
    }
  }

  public Interaction {
    Fields.requireText(interactionId, "interaction_id");
    if (customerId == null) {
      throw new IllegalArgumentException("customer_id is required");
    }
    if (occurredAt == null) {
      throw new IllegalArgumentException("occurred_at is required");
    }
  }
}
