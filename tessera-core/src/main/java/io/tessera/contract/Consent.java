package io.tessera.contract;

/**
 * A customer's consent flags. {@code null} means the source did not say; the configured default
 * policy decides what an unknown flag means (profiling defaults to allowed, marketing to denied).
 */
public record Consent(Boolean analytics, Boolean marketing, Boolean profiling) {
  public static final Consent UNKNOWN = new Consent(null, null, null);

  /** Whether the customer may be profiled and clustered, unknown counting as allowed. */
  public boolean allowsProfiling() {
    return profiling == null || profiling;
  }

  /** Whether the customer may be contacted, unknown counting as denied. */
  public boolean allowsMarketing() {
    return marketing != null && marketing;
  }
}
