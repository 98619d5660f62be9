package io.tessera.profile;

import io.tessera.contract.Event;
import io.tessera.contract.EventType;

/** Events by contract type; types outside the contract count as {@link EventType#CUSTOM}. */
public final class EventTypeCounts implements Aggregator<Event, EventTypeCounts> {
  private static final EventType[] TYPES = EventType.values();

  private final int[] counts = new int[TYPES.length];

  @Override
  public void add(Event event) {
    add(event.kind());
  }

  /** Counts one event whose type the caller already parsed. */
  void add(EventType kind) {
    counts[kind.ordinal()]++;
  }

  @Override
  public void merge(EventTypeCounts other) {
    for (int k = 0; k < counts.length; k++) {
      counts[k] += other.counts[k];
    }
  }

  @Override
  public EventTypeCounts copy() {
    EventTypeCounts c = new EventTypeCounts();
    c.merge(this);
    return c;
  }

  public int count(EventType type) {
    return counts[type.ordinal()];
  }

  public long total() {
    long n = 0;
    for (int c : counts) {
      n += c;
    }
    return n;
  }
}
