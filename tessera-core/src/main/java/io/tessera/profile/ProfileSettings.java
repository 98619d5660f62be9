package io.tessera.profile;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * How profiles turn instants into days and events into sessions. Two profiles can only be merged
 * when their settings are equal.
 *
 * @param zone the zone whose calendar days bucket activity and count recency (the configured {@code
 *     timezone}; UTC by default)
 * @param sessionGap the inactivity after which an event without a {@code session_id} starts a new
 *     session; 30 minutes by default, the common web-analytics convention
 */
public record ProfileSettings(ZoneId zone, Duration sessionGap) {
  public static final ProfileSettings DEFAULT =
      new ProfileSettings(ZoneOffset.UTC, Duration.ofMinutes(30));

  public ProfileSettings {
    if (zone == null) {
      throw new IllegalArgumentException("profile settings: zone is required (e.g. UTC)");
    }
    if (sessionGap == null || sessionGap.isNegative() || sessionGap.isZero()) {
      throw new IllegalArgumentException(
          "profile settings: session_gap must be a positive duration such as PT30M, got: "
              + sessionGap);
    }
  }

  /** The calendar day, in {@link #zone}, of an instant given in epoch seconds. */
  public long epochDay(long epochSecond) {
    ZoneRules rules = zone.getRules();
    if (rules.isFixedOffset()) {
      int offset = rules.getOffset(Instant.EPOCH).getTotalSeconds();
      return Math.floorDiv(epochSecond + offset, 86_400L);
    }
    return LocalDate.ofInstant(Instant.ofEpochSecond(epochSecond), zone).toEpochDay();
  }

  /**
   * The calendar day, in {@link #zone}, of an instant: the one definition of a purchase day (RFM
   * recency and the BG/NBD purchase days of a batch run, profile recency, live scores).
   */
  public LocalDate day(Instant at) {
    return LocalDate.ofEpochDay(epochDay(at.getEpochSecond()));
  }

  long sessionGapSeconds() {
    return sessionGap.toSeconds();
  }

  static void requireSame(ProfileSettings a, ProfileSettings b) {
    if (!a.equals(b)) {
      throw new IllegalArgumentException(
          "cannot merge profiles made with different settings: " + a + " and " + b);
    }
  }
}
