package io.tessera.profile;

import io.tessera.contract.EventType;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Events per contract type and calendar day, for windowed counts of one type such as "add_to_cart
 * events in the last 7 days" (the rule segments' {@code count(add_to_cart, 7d)}). One sparse {@link
 * DailyCounts} per type, allocated when the type first occurs, so a customer who only views pages
 * carries one small array pair.
 */
public final class EventTypeDays implements Aggregator<EventTypeDays.Occurrence, EventTypeDays> {
  private static final EventType[] TYPES = EventType.values();

  /**
   * One event's type and time.
   *
   * @param type the parsed contract type
   * @param at when it happened
   */
  public record Occurrence(EventType type, Instant at) {}

  private final ProfileSettings settings;
  private final DailyCounts[] byType = new DailyCounts[TYPES.length];

  public EventTypeDays(ProfileSettings settings) {
    this.settings = settings;
  }

  @Override
  public void add(Occurrence occurrence) {
    add(occurrence.type(), occurrence.at());
  }

  /** Counts one event whose type the caller already parsed. */
  void add(EventType type, Instant at) {
    DailyCounts d = byType[type.ordinal()];
    if (d == null) {
      d = new DailyCounts(settings);
      byType[type.ordinal()] = d;
    }
    d.add(at);
  }

  @Override
  public void merge(EventTypeDays other) {
    ProfileSettings.requireSame(settings, other.settings);
    for (int k = 0; k < byType.length; k++) {
      if (other.byType[k] == null) {
        continue;
      }
      if (byType[k] == null) {
        byType[k] = other.byType[k].copy();
      } else {
        byType[k].merge(other.byType[k]);
      }
    }
  }

  @Override
  public EventTypeDays copy() {
    EventTypeDays c = new EventTypeDays(settings);
    c.merge(this);
    return c;
  }

  /** Events of {@code type} on the {@code days} calendar days ending with {@code asOf}. */
  public long window(EventType type, LocalDate asOf, int days) {
    DailyCounts d = byType[type.ordinal()];
    return d == null ? 0 : d.window(asOf, days);
  }

  /** All events of {@code type}. */
  public long total(EventType type) {
    DailyCounts d = byType[type.ordinal()];
    return d == null ? 0 : d.total();
  }
}
