package io.tessera.server.auth;

import java.util.Locale;
import java.util.Set;

/**
 * What a key may do. {@link #SOURCE} keys are the collect API's write keys: they send events and
 * nothing else.
 */
public enum Role {
  /** Everything, including keys, webhooks and the audit log. */
  ADMIN,
  /** Reads customers with their attributes, manages rule segments, refits models. */
  ANALYST,
  /**
   * Reads customers' profiles, segments and scores (no raw attributes, no anonymous ids; churn
   * factors from customers-file columns without their values), follows the change feed, manages
   * rule segments.
   */
  MARKETER,
  /** Reads the segment catalog and sizes only. */
  VIEWER,
  /** A write key of the collect API. */
  SOURCE;

  public static final Set<Role> ALL_USERS = Set.of(ADMIN, ANALYST, MARKETER, VIEWER);
  public static final Set<Role> CUSTOMER_READERS = Set.of(ADMIN, ANALYST, MARKETER);
  public static final Set<Role> EDITORS = Set.of(ADMIN, ANALYST, MARKETER);

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this role may see raw customer attributes (identify traits). */
  public boolean seesAttributes() {
    return this == ADMIN || this == ANALYST;
  }

  public static Role fromWire(String s) {
    for (Role r : values()) {
      if (r.wireName().equals(s)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "role must be admin, analyst, marketer, viewer or source; got: " + s);
  }
}
