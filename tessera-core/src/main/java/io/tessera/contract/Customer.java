package io.tessera.contract;

import java.time.Instant;
import java.time.Year;
import java.util.Map;

/**
 * A customer as the {@code customers} file describes them. Email and phone are held only as keyed
 * pseudonyms (see {@code io.tessera.privacy}); the raw values never reach this record.
 *
 * @param emailPseudonym HMAC of the normalised email, or null
 * @param phonePseudonym HMAC of the E.164 phone number, or null
 * @param attributes extra columns of the source, kept as text
 */
public record Customer(
    CustomerId customerId,
    String emailPseudonym,
    String phonePseudonym,
    Instant signupAt,
    String country,
    String region,
    String gender,
    Integer birthYear,
    Consent consent,
    Map<String, String> attributes) {

  public Customer {
    if (customerId == null) {
      throw new IllegalArgumentException("customer_id is required");
    }
    if (birthYear != null && (birthYear < 1900 || birthYear > Year.now().getValue())) {
      throw new IllegalArgumentException(
          "birth_year must be between 1900 and this year, got: " + birthYear);
    }
    consent = consent == null ? Consent.UNKNOWN : consent;
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }
}
