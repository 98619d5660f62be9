package io.tessera.profile;

import java.time.Instant;

/** The earliest and latest instants seen, for days since first and last activity. */
public final class ActivitySpan implements Aggregator<Instant, ActivitySpan> {
  private long earliest = Long.MAX_VALUE;
  private long latest = Long.MIN_VALUE;

  @Override
  public void add(Instant at) {
    long t = at.getEpochSecond();
    earliest = Math.min(earliest, t);
    latest = Math.max(latest, t);
  }

  @Override
  public void merge(ActivitySpan other) {
    earliest = Math.min(earliest, other.earliest);
    latest = Math.max(latest, other.latest);
  }

  @Override
  public ActivitySpan copy() {
    ActivitySpan c = new ActivitySpan();
    c.earliest = earliest;
    c.latest = latest;
    return c;
  }

  /** The earliest instant, or null when nothing was added. */
  public Instant earliest() {
    return earliest == Long.MAX_VALUE ? null : Instant.ofEpochSecond(earliest);
  }

  /** The latest instant, or null when nothing was added. */
  public Instant latest() {
    return latest == Long.MIN_VALUE ? null : Instant.ofEpochSecond(latest);
  }
}
