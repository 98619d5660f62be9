package io.tessera.predict.churn;

import java.util.Locale;

/**
 * One factor behind a customer's score: the feature as it reads for the customer ({@code
 * Contract=Month-to-month}, {@code tenure=2}) and its contribution (positive raises the
 * probability), in the model's contribution scale.
 */
public record Reason(String factor, double contribution) {
  /** The reason as shown to users, e.g. {@code Contract=Month-to-month (+0.412)}. */
  public String text() {
    return String.format(Locale.ROOT, "%s (%+.3f)", factor, contribution);
  }
}
