package io.tessera.store.live;

import java.time.Instant;

/**
 * One line of the membership change log.
 *
 * @param seq position in the log (ascending, gap-free within a run of the server)
 * @param at when the engine made the change
 * @param customerId whose membership changed
 * @param segmentId e.g. {@code rfm:vip}, {@code rule:cart_abandoners}, or {@code
 *     trigger:cart_abandoned} for a fired timed trigger
 * @param change entered, left or fired
 * @param cause event, identify, rule_changed, model_refit, clock or timer
 * @param causeEventId the message id of the event that caused it, or null
 */
public record MembershipChange(
    long seq,
    Instant at,
    String customerId,
    String segmentId,
    String change,
    String cause,
    String causeEventId) {
  public static final String ENTERED = "entered";
  public static final String LEFT = "left";
  public static final String FIRED = "fired";
  public static final String CART_ABANDONED = "trigger:cart_abandoned";

  /** The webhook trigger this change raises: segment.entered, segment.left or cart.abandoned. */
  public String trigger() {
    return switch (change) {
      case ENTERED -> "segment.entered";
      case LEFT -> "segment.left";
      default -> "cart.abandoned";
    };
  }
}
