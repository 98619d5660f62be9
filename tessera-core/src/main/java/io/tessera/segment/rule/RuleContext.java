package io.tessera.segment.rule;

import io.tessera.contract.EventType;
import io.tessera.profile.CustomerProfile;
import io.tessera.profile.ProfileField;
import java.time.LocalDate;

/** What a rule reads about one customer. */
public interface RuleContext {
  /** A profile field's value (NaN when undefined for the customer). */
  double field(ProfileField field);

  /** Events of {@code type} in the last {@code days} calendar days, or all of them when 0. */
  long count(EventType type, int days);

  /**
   * A customer's profile as of a day. The field values are computed once, on the first field the
   * rule reads, and shared by all rules evaluated on this context.
   */
  static RuleContext of(CustomerProfile profile, LocalDate asOf) {
    return new RuleContext() {
      private double[] values;

      @Override
      public double field(ProfileField field) {
        if (values == null) {
          values = profile.values(asOf);
        }
        return values[field.ordinal()];
      }

      @Override
      public long count(EventType type, int days) {
        return profile.eventCount(type, asOf, days);
      }
    };
  }
}
