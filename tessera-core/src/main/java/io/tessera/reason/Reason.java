package io.tessera.reason;

/**
 * One reason, in English as users read it: {@code frequent buyer (frequency 12 vs 3.1 on average)}
 * for a cluster, {@code Contract=Month-to-month (+0.412)} for churn.
 *
 * @param kind what the reason explains
 * @param text the reason
 */
public record Reason(Kind kind, String text) {
  /** What a reason explains. */
  public enum Kind {
    /** Why the customer is in their cluster (most distinctive first). */
    CLUSTER,
    /** What drives their churn probability (largest contribution first). */
    CHURN
  }

  public Reason {
    if (kind == null || text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "a reason needs a kind and a text, got " + kind + ", " + text);
    }
  }
}
