package io.tessera.contract;

import java.time.Instant;

/** A product review with an optional 1-5 star rating. */
public record Review(
    String reviewId,
    CustomerId customerId,
    Instant createdAt,
    Integer rating,
    String productId,
    String text) {

  public Review {
    Fields.requireText(reviewId, "review_id");
    if (customerId == null) {
      throw new IllegalArgumentException("customer_id is required");
    }
    if (createdAt == null) {
      throw new IllegalArgumentException("created_at is required");
    }
    if (rating != null && (rating < 1 || rating > 5)) {
      throw new IllegalArgumentException("rating must be between 1 and 5, got: " + rating);
    }
  }
}
