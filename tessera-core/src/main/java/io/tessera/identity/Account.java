package io.tessera.identity;

import io.tessera.contract.Customer;
import io.tessera.contract.CustomerId;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A customer account as identity resolution sees it: a customers-file row (or a customer id seen in
 * another source without one), its verified identifiers and the attributes the probabilistic model
 * compares.
 *
 * @param email the email pseudonym on the account, or null
 * @param phone the phone pseudonym on the account, or null
 * @param columns configured identity columns (kind name to value), verified like the email
 * @param profilingAllowed false when the customer has not consented to profiling: never linked
 * @param signupAt when the account was made, or null (the evidence's time)
 */
public record Account(
    CustomerId id,
    String email,
    String phone,
    Map<String, String> columns,
    Integer birthYear,
    String gender,
    String country,
    String region,
    boolean profilingAllowed,
    Instant signupAt) {

  public Account {
    if (id == null) {
      throw new IllegalArgumentException("an account needs a customer id");
    }
    columns = columns == null ? Map.of() : Map.copyOf(columns);
  }

  /** A bare account: a customer id seen in orders or events without a customers row. */
  public static Account bare(CustomerId id, boolean profilingAllowed) {
    return new Account(id, null, null, Map.of(), null, null, null, null, profilingAllowed, null);
  }

  /**
   * The account of a customers row; {@code identityColumns} names the attribute columns that are
   * identifiers (their values as given: the caller pseudonymises them if they are personal).
   */
  public static Account of(Customer c, Iterable<String> identityColumns, boolean profilingAllowed) {
    Map<String, String> columns = new TreeMap<>();
    for (String col : identityColumns) {
      String v = c.attributes().get(col);
      if (v != null && !v.isBlank()) {
        columns.put(col, v.strip());
      }
    }
    return new Account(
        c.customerId(),
        c.emailPseudonym(),
        c.phonePseudonym(),
        columns,
        c.birthYear(),
        c.gender(),
        c.country(),
        c.region(),
        profilingAllowed,
        c.signupAt());
  }
}
