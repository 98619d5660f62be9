package io.tessera.pipeline;

import io.tessera.profile.ProfileSettings;
import io.tessera.store.BatchQueries;
import io.tessera.store.Store;
import io.tessera.store.TesseraConfig;
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
    return BatchQueries.lastActivity(store)
        .map(days::day)
        .orElseGet(() -> LocalDate.now(config.timezone()));
  }
}
