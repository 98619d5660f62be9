package io.tessera.profile;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Counts per calendar day, for counts over windows such as the last 7, 30 or 90 days before any
 * as-of date. The buckets are sparse: two parallel arrays of active days (epoch days, ascending)
 * and their counts, so a customer active on 12 days holds 96 bytes however many events those days
 * had. Merging adds the counts of equal days.
 */
public final class DailyCounts implements Aggregator<Instant, DailyCounts> {
  private static final int[] EMPTY = {};

  private final ProfileSettings settings;
  private int[] days = EMPTY;
  private int[] counts = EMPTY;
  private int size;

  public DailyCounts(ProfileSettings settings) {
    this.settings = settings;
  }

  @Override
  public void add(Instant at) {
    addDay(Math.toIntExact(settings.epochDay(at.getEpochSecond())), 1);
  }

  private void addDay(int day, int count) {
    int pos = size;
    while (pos > 0 && days[pos - 1] > day) {
      pos--;
    }
    if (pos > 0 && days[pos - 1] == day) {
      counts[pos - 1] += count;
      return;
    }
    if (size == days.length) {
      int capacity = Math.max(4, size * 2);
      days = Arrays.copyOf(days, capacity);
      counts = Arrays.copyOf(counts, capacity);
    }
    System.arraycopy(days, pos, days, pos + 1, size - pos);
    System.arraycopy(counts, pos, counts, pos + 1, size - pos);
    days[pos] = day;
    counts[pos] = count;
    size++;
  }

  @Override
  public void merge(DailyCounts other) {
    ProfileSettings.requireSame(settings, other.settings);
    if (other.size == 0) {
      return;
    }
    int[] d = new int[size + other.size];
    int[] c = new int[size + other.size];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < size || j < other.size) {
      int day;
      int count = 0;
      if (j == other.size || (i < size && days[i] < other.days[j])) {
        day = days[i];
        count = counts[i++];
      } else if (i == size || other.days[j] < days[i]) {
        day = other.days[j];
        count = other.counts[j++];
      } else {
        day = days[i];
        count = counts[i++] + other.counts[j++];
      }
      d[k] = day;
      c[k++] = count;
    }
    days = d;
    counts = c;
    size = k;
  }

  @Override
  public DailyCounts copy() {
    DailyCounts c = new DailyCounts(settings);
    c.days = Arrays.copyOf(days, size);
    c.counts = Arrays.copyOf(counts, size);
    c.size = size;
    return c;
  }

  public long total() {
    long n = 0;
    for (int k = 0; k < size; k++) {
      n += counts[k];
    }
    return n;
  }

  /** The count on the {@code days} calendar days ending with {@code asOf}, inclusive. */
  public long window(LocalDate asOf, int days) {
    long end = asOf.toEpochDay();
    return between(end - days + 1, end);
  }

  /** The count on the calendar days from {@code firstDay} to {@code lastDay}, inclusive. */
  public long between(long firstDay, long lastDay) {
    long n = 0;
    for (int k = size - 1; k >= 0 && days[k] >= firstDay; k--) {
      if (days[k] <= lastDay) {
        n += counts[k];
      }
    }
    return n;
  }

  /** Number of distinct active days. */
  public int activeDays() {
    return size;
  }
}
