package io.tessera.contract;

/** A customer's identifier in the user's own system (never an email or phone number). */
public record CustomerId(String value) implements Comparable<CustomerId> {
  /** Identifiers longer than this are rejected rather than silently truncated. */
  public static final int MAX_LENGTH = 256;

  public CustomerId {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("customer_id is empty");
    }
    value = value.strip();
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "customer_id is longer than " + MAX_LENGTH + " characters: " + value.length());
    }
  }

  public static CustomerId of(String value) {
    return new CustomerId(value);
  }

  // Written out instead of the record's generated ones (a method-handle chain per call): the live
  // engine looks customers up in its maps several times per event. Same values as generated.
  @Override
  public boolean equals(Object o) {
    return o instanceof CustomerId c && value.equals(c.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public int compareTo(CustomerId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
