package io.tessera.profile;

import java.time.Instant;

/** The latest instant seen, for days since last activity. */
public final class LastSeen implements Aggregator<Instant, LastSeen> {
  private long latest = Long.MIN_VALUE;

  @Override
  public void add(Instant at) {
    latest = Math.max(latest, at.getEpochSecond());
  }

  @Override
  public void merge(LastSeen other) {
    latest = Math.max(latest, other.latest);
  }

  @Override
  public LastSeen copy() {
    LastSeen c = new LastSeen();
    c.latest = latest;
    return c;
  }

  /** The latest instant, or null when nothing was added. */
  public Instant latest() {
    return latest == Long.MIN_VALUE ? null : Instant.ofEpochSecond(latest);
  }

  long latestEpochSecond() {
    return latest;
  }
}
