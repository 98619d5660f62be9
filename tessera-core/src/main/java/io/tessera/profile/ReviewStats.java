package io.tessera.profile;

import io.tessera.contract.Review;

/** Reviews written, and the mean of their star ratings (reviews without a rating count only). */
public final class ReviewStats implements Aggregator<Review, ReviewStats> {
  private int reviews;
  private final ScoreMean rating = new ScoreMean();

  @Override
  public void add(Review review) {
    reviews++;
    if (review.rating() != null) {
      rating.add(review.rating().doubleValue());
    }
  }

  @Override
  public void merge(ReviewStats other) {
    reviews += other.reviews;
    rating.merge(other.rating);
  }

  @Override
  public ReviewStats copy() {
    ReviewStats c = new ReviewStats();
    c.merge(this);
    return c;
  }

  public int count() {
    return reviews;
  }

  /** Mean star rating (1-5) of rated reviews; NaN when none was rated. */
  public double meanRating() {
    return rating.mean();
  }
}
