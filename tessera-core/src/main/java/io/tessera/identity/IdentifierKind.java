package io.tessera.identity;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A kind of identifier: the contract's {@code customer_id}, {@code email}, {@code phone}, {@code
 * device_id} and {@code anonymous_id}, or an {@code identity:} column the config names (say {@code
 * loyalty_card}). The name is what {@code identities.csv} writes in its {@code kind} column.
 *
 * @param name lower-case snake-case name
 */
public record IdentifierKind(String name) implements Comparable<IdentifierKind> {
  // first: the constants below are checked against it as the class initialises
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  public static final IdentifierKind CUSTOMER_ID = new IdentifierKind("customer_id");
  public static final IdentifierKind EMAIL = new IdentifierKind("email");
  public static final IdentifierKind PHONE = new IdentifierKind("phone");
  public static final IdentifierKind DEVICE_ID = new IdentifierKind("device_id");
  public static final IdentifierKind ANONYMOUS_ID = new IdentifierKind("anonymous_id");

  public IdentifierKind {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "identity column '"
              + name
              + "' must be a lower-case column name (letters, digits, underscores)");
    }
  }

  /** The kind of a configured {@code identity:} column of the customers file. */
  public static IdentifierKind column(String column) {
    String n = column == null ? null : column.strip().toLowerCase(Locale.ROOT);
    IdentifierKind k = new IdentifierKind(n);
    if (k.isContractKind()) {
      throw new IllegalArgumentException(
          "identity column '" + column + "' is already one of the contract's identifiers");
    }
    return k;
  }

  /** Whether this is one of the five identifiers of the contract itself. */
  public boolean isContractKind() {
    return equals(CUSTOMER_ID)
        || equals(EMAIL)
        || equals(PHONE)
        || equals(DEVICE_ID)
        || equals(ANONYMOUS_ID);
  }

  /**
   * Whether a value must be a keyed pseudonym ({@code h:} + 32 hex digits) to be used: the direct
   * identifiers, email and phone, are linked by pseudonym only.
   */
  public boolean pseudonymised() {
    return equals(EMAIL) || equals(PHONE);
  }

  @Override
  public int compareTo(IdentifierKind o) {
    return name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
