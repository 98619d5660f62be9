package io.tessera.profile;

import io.tessera.contract.CustomerId;
import java.time.Instant;

/**
 * What one text a customer wrote (a review or a service interaction) says, once scored: its
 * sentiment in [-1, 1] (NaN when it could not be measured), whether it is a complaint, and its
 * topic (-1 for none). Made by {@code io.tessera.text.TextScorer}; folded by {@link TextStats}.
 */
public record TextSignal(
    CustomerId customerId, Instant at, double sentiment, boolean complaint, int topic) {
  public TextSignal {
    if (customerId == null || at == null) {
      throw new IllegalArgumentException("a text signal needs a customer id and a time");
    }
    if (!Double.isNaN(sentiment) && (sentiment < -1 || sentiment > 1)) {
      throw new IllegalArgumentException("sentiment must be in [-1, 1], got " + sentiment);
    }
    if (topic < -1) {
      throw new IllegalArgumentException("topic must be -1 (none) or a topic id, got " + topic);
    }
  }
}
