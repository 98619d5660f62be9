package io.tessera.profile;

import io.tessera.contract.EventType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Events per contract type and calendar day, for windowed counts of one type such as "add_to_cart
 * events in the last 7 days" (the rule segments' {@code count(add_to_cart, 7d)}) and of all types
 * (the profile's events in the last 7, 30 and 90 days, {@link #between}).
 *
 * <p>One sparse table for all types: two parallel arrays of (day, type) keys, ascending, and their
 * counts. The key is {@code epochDay * 16 + type ordinal}, so a day's types sit side by side and
 * the keys sort by day first. Merging adds the counts of equal keys. One array pair per customer:
 * at 1,000,000 customers one sparse day counter per type plus one for all events were 8.5 M objects
 * with 17 M arrays, most of a batch run's heap while profiles were held (issue 14).
 */
public final class EventTypeDays implements Aggregator<EventTypeDays.Occurrence, EventTypeDays> {
  private static final EventType[] TYPES = EventType.values();
  private static final int TYPE_BITS = 4;
  private static final int[] EMPTY = {};

  static {
    if (TYPES.length > 1 << TYPE_BITS) {
      throw new IllegalStateException("more event types than a day key holds");
    }
  }

  /**
   * One event's type and time.
   *
   * @param type the parsed contract type
   * @param at when it happened
   */
  public record Occurrence(EventType type, Instant at) {}

  private final ProfileSettings settings;
  private int[] keys = EMPTY;
  private int[] counts = EMPTY;
  private int size;

  public EventTypeDays(ProfileSettings settings) {
    this.settings = settings;
  }

  @Override
  public void add(Occurrence occurrence) {
    add(occurrence.type(), occurrence.at());
  }

  /** Counts one event whose type the caller already parsed. */
  void add(EventType type, Instant at) {
    long day = settings.epochDay(at.getEpochSecond());
    add(key(day, type.ordinal(), at), 1);
  }

  private static int key(long day, int type, Instant at) {
    long key = day * (1 << TYPE_BITS) + type;
    if (key != (int) key) {
      throw new IllegalArgumentException("event time out of the supported range: " + at);
    }
    return (int) key;
  }

  private static long dayOf(int key) {
    return key >> TYPE_BITS;
  }

  private void add(int key, int count) {
    // events mostly arrive in time order: look for the place from the end
    int pos = size;
    while (pos > 0 && keys[pos - 1] > key) {
      pos--;
    }
    if (pos > 0 && keys[pos - 1] == key) {
      counts[pos - 1] += count;
      return;
    }
    if (size == keys.length) {
      int capacity = Math.max(4, size + (size >> 1) + 1);
      keys = Arrays.copyOf(keys, capacity);
      counts = Arrays.copyOf(counts, capacity);
    }
    System.arraycopy(keys, pos, keys, pos + 1, size - pos);
    System.arraycopy(counts, pos, counts, pos + 1, size - pos);
    keys[pos] = key;
    counts[pos] = count;
    size++;
  }

  @Override
  public void merge(EventTypeDays other) {
    ProfileSettings.requireSame(settings, other.settings);
    if (other.size == 0) {
      return;
    }
    int[] k2 = new int[size + other.size];
    int[] c2 = new int[size + other.size];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < size || j < other.size) {
      if (j == other.size || (i < size && keys[i] < other.keys[j])) {
        k2[n] = keys[i];
        c2[n++] = counts[i++];
      } else if (i == size || other.keys[j] < keys[i]) {
        k2[n] = other.keys[j];
        c2[n++] = other.counts[j++];
      } else {
        k2[n] = keys[i];
        c2[n++] = counts[i++] + other.counts[j++];
      }
    }
    keys = n == k2.length ? k2 : Arrays.copyOf(k2, n);
    counts = n == c2.length ? c2 : Arrays.copyOf(c2, n);
    size = n;
  }

  @Override
  public EventTypeDays copy() {
    EventTypeDays c = new EventTypeDays(settings);
    c.keys = Arrays.copyOf(keys, size);
    c.counts = Arrays.copyOf(counts, size);
    c.size = size;
    return c;
  }

  /** Drops the spare room the arrays keep for more events (once a fold is done). */
  void trim() {
    if (keys.length > size) {
      keys = size == 0 ? EMPTY : Arrays.copyOf(keys, size);
      counts = size == 0 ? EMPTY : Arrays.copyOf(counts, size);
    }
  }

  /** Events of {@code type} on the {@code days} calendar days ending with {@code asOf}. */
  public long window(EventType type, LocalDate asOf, int days) {
    long last = asOf.toEpochDay();
    long first = last - days + 1;
    int t = type.ordinal();
    long n = 0;
    for (int k = size - 1; k >= 0 && dayOf(keys[k]) >= first; k--) {
      if ((keys[k] & ((1 << TYPE_BITS) - 1)) == t && dayOf(keys[k]) <= last) {
        n += counts[k];
      }
    }
    return n;
  }

  /**
   * Events of every type on the calendar days from {@code firstDay} to {@code lastDay} (epoch
   * days), inclusive: the profile's event windows, so that no second table by day alone is kept.
   */
  public long between(long firstDay, long lastDay) {
    long n = 0;
    for (int k = size - 1; k >= 0 && dayOf(keys[k]) >= firstDay; k--) {
      if (dayOf(keys[k]) <= lastDay) {
        n += counts[k];
      }
    }
    return n;
  }

  /** All events of {@code type}. */
  public long total(EventType type) {
    int t = type.ordinal();
    long n = 0;
    for (int k = 0; k < size; k++) {
      if ((keys[k] & ((1 << TYPE_BITS) - 1)) == t) {
        n += counts[k];
      }
    }
    return n;
  }
}
