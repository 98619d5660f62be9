package io.tessera.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.contract.EventType;
import java.time.LocalDate;
import java.util.List;

/** Compares profiles field by field, exactly (NaN equal to NaN), naming the first difference. */
public final class ProfileAssertions {
  static final List<LocalDate> AS_OF_DATES =
      List.of(
          RecordGenerator.START.plusDays(45),
          RecordGenerator.START.plusDays(120),
          RecordGenerator.START.plusDays(199),
          RecordGenerator.START.plusDays(400));

  // 0 counts every event of the type
  private static final int[] WINDOWS = {0, 1, 7, 30, 90};

  private ProfileAssertions() {}

  public static void assertSameValues(
      CustomerProfile actual, CustomerProfile expected, String what) {
    for (LocalDate asOf : AS_OF_DATES) {
      double[] a = actual.values(asOf);
      double[] e = expected.values(asOf);
      for (ProfileField f : ProfileField.values()) {
        double x = a[f.ordinal()];
        double y = e[f.ordinal()];
        assertThat(Double.doubleToLongBits(x))
            .as("%s: %s as of %s (%s vs %s)", what, f.wireName(), asOf, x, y)
            .isEqualTo(Double.doubleToLongBits(y));
      }
      for (EventType type : EventType.values()) {
        for (int days : WINDOWS) {
          assertThat(actual.eventCount(type, asOf, days))
              .as("%s: %s events in %d days to %s", what, type.wireName(), days, asOf)
              .isEqualTo(expected.eventCount(type, asOf, days));
        }
      }
    }
    assertThat(actual.categoryShares())
        .as(what + ": category shares")
        .isEqualTo(expected.categoryShares());
  }
}
