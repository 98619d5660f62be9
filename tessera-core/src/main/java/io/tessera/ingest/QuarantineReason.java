package io.tessera.ingest;

import java.util.Locale;

/**
 * Why a row was quarantined. A row with several problems gets the first reason in declaration
 * order. The wire names are public API: they appear in data_health.json, the quarantine files and
 * the generator's truth/faults.json.
 */
public enum QuarantineReason {
  /** The row's bytes are not UTF-8 (never replaced: two distinct ids would become one). */
  BAD_ENCODING,
  /** The line cannot be split into the header's fields (wrong field count, broken quoting). */
  MALFORMED_ROW,
  /** A required column is empty. */
  MISSING_REQUIRED,
  /** A timestamp that does not parse. */
  BAD_TIMESTAMP,
  /** A number (amount, quantity, unit price, rating, birth year) that does not parse. */
  BAD_NUMBER,
  /** A value that parses but breaks the contract (rating 7, unknown status, invalid email). */
  INVALID_VALUE,
  /** A timestamp after the wall-clock time of the run. */
  TIMESTAMP_IN_FUTURE,
  /** A timestamp before 1990-01-01. */
  TIMESTAMP_BEFORE_1990,
  /** An order currency without a rate to the base currency (never guessed). */
  UNKNOWN_CURRENCY,
  /** A negative amount on an order not marked returned or cancelled. */
  NEGATIVE_AMOUNT,
  /** The row's id was already accepted earlier in the same source. */
  DUPLICATE_ID;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
