package io.tessera.pipeline;

import io.tessera.profile.ProfileSettings;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The run's as-of date, decided once before any stage runs; every stage receives it. The config's
 * {@code as_of} (or {@code --as-of}) when given; else the day, in the configured time zone, of the
 * last completed order; else of the last non-bot event; else today in that zone.
 */
public final class AsOf {
  private AsOf() {}

  /** The as-of date of a run over {@code store}; never null. */
  public static LocalDate decide(TesseraConfig config, Store store) {
    if (config.asOf() != null) {
      return config.asOf();
    }
    ProfileSettings days =
        new ProfileSettings(config.timezone(), ProfileSettings.DEFAULT.sessionGap());
    try (Statement s = store.connection().createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT coalesce((SELECT epoch_us(max(ordered_at)) FROM orders WHERE status ="
                    + " 'completed'), (SELECT epoch_us(max(occurred_at)) FROM events WHERE NOT"
                    + " is_bot))")) {
      r.next();
      long micros = r.getLong(1);
      if (r.wasNull()) {
        return LocalDate.now(config.timezone());
      }
      return days.day(Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1_000L)));
    } catch (SQLException e) {
      throw new IllegalStateException("reading the store failed: " + e.getMessage(), e);
    }
  }
}
