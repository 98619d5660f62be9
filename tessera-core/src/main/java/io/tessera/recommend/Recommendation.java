package io.tessera.recommend;

import java.util.Objects;

/**
 * One recommended item for one customer.
 *
 * @param customer the customer id
 * @param rank 1 for the best
 * @param item the product id
 * @param score the method's score (comparable within one method and customer only)
 * @param reason why
 */
public record Recommendation(String customer, int rank, String item, double score, Reason reason) {
  public Recommendation {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(reason, "reason");
    if (rank < 1) {
      throw new IllegalArgumentException("rank must be at least 1, got: " + rank);
    }
  }
}
