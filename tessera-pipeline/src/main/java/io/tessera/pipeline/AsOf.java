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

  /** Where a run's as-of date came from, as manifest.json names it. */
  public enum Source {
    /** the config's {@code as_of} or {@code --as-of} */
    CONFIG("config"),
    /** the day of the last completed order */
    LAST_COMPLETED_ORDER("last_completed_order"),
    /** the day of the last non-bot event (no completed order) */
    LAST_EVENT("last_event"),
    /** today: the store holds neither */
    TODAY("today");

    private final String wire;

    Source(String wire) {
      this.wire = wire;
    }

    /** The name manifest.json writes. */
    public String wire() {
      return wire;
    }
  }

  /** The decided date and where it came from. */
  public record Decision(LocalDate date, Source source) {}

  /** The as-of date of a run over {@code store}; never null. */
  public static LocalDate decide(TesseraConfig config, Store store) {
    return decision(config, store).date();
  }

  /** The as-of date of a run over {@code store} and where it came from. */
  public static Decision decision(TesseraConfig config, Store store) {
    if (config.asOf() != null) {
      return new Decision(config.asOf(), Source.CONFIG);
    }
    ProfileSettings days = config.profileSettings();
    var order = BatchQueries.lastCompletedOrder(store);
    if (order.isPresent()) {
      return new Decision(days.day(order.get()), Source.LAST_COMPLETED_ORDER);
    }
    var event = BatchQueries.lastEvent(store);
    if (event.isPresent()) {
      return new Decision(days.day(event.get()), Source.LAST_EVENT);
    }
    return new Decision(LocalDate.now(config.timezone()), Source.TODAY);
  }
}
