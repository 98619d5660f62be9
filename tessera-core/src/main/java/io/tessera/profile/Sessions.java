package io.tessera.profile;

import io.tessera.contract.Event;
import io.tessera.contract.EventType;
import java.util.Arrays;

/**
 * Sessions, pages per session and cart abandonment, merge-exact.
 *
 * <p>An event with a {@code session_id} belongs to that session; the ids are kept as 64-bit hashes
 * in a sorted array. Events without one are sessionised by inactivity: consecutive events (in time
 * order) at most {@link ProfileSettings#sessionGap()} apart share a session, a longer gap starts a
 * new one. Those sessions are kept as disjoint intervals [first event, last event], sorted, with
 * gaps between neighbours longer than the session gap. That form merges exactly: the sessions of
 * the union of two event sets are the unions of their intervals that overlap or lie within one
 * session gap of each other (events of a part that were one session stay one session when more
 * events arrive in between, and two intervals further apart than the gap have no event between
 * them), so merging any split of a history gives the intervals of the whole history. Memory is one
 * interval (17 bytes) per session, not per event.
 *
 * <p>Message events ({@code email_open}, {@code email_click}, {@code push_open}) without a {@code
 * session_id} start no session and join none: they record that a customer read a message, sent by
 * the shop at a time the shop chose, not a visit (an email platform logs them, not the site). A
 * click that brings the customer to the site shows there as page views, which do count. Counting
 * them made every newsletter reader look like a frequent visitor: on a generated shop with two
 * mails a month, loyal customers with two browsing sessions a year had 17 "sessions" (median).
 *
 * <p>Each session carries two flags: it had an {@code add_to_cart} event, it had a {@code purchase}
 * event. Cart abandonment is the share of sessions with an add-to-cart and no purchase among the
 * sessions with an add-to-cart. Pages are {@code page_view} and {@code product_view} events.
 *
 * <p>References: Google Analytics' session definition (a session ends after 30 minutes of
 * inactivity); Baymard Institute, "Cart abandonment rate statistics" (the rate's definition).
 */
public final class Sessions implements Aggregator<Event, Sessions> {
  static final byte CART = 1;
  static final byte PURCHASE = 2;
  private static final long[] NO_LONGS = {};
  private static final byte[] NO_FLAGS = {};

  private final ProfileSettings settings;
  private long pages;

  private long[] idKeys = NO_LONGS;
  private byte[] idFlags = NO_FLAGS;
  private int ids;

  private long[] starts = NO_LONGS;
  private long[] ends = NO_LONGS;
  private byte[] flags = NO_FLAGS;
  private int intervals;

  public Sessions(ProfileSettings settings) {
    this.settings = settings;
  }

  @Override
  public void add(Event event) {
    add(event, event.kind());
  }

  /** Adds an event whose type the caller already parsed. */
  void add(Event event, EventType kind) {
    byte flag =
        switch (kind) {
          case ADD_TO_CART -> CART;
          case PURCHASE -> PURCHASE;
          case PAGE_VIEW, PRODUCT_VIEW -> {
            pages++;
            yield 0;
          }
          default -> 0;
        };
    String sessionId = event.sessionId();
    if (sessionId != null && !sessionId.isBlank()) {
      addId(hash(sessionId.strip()), flag);
    } else if (isMessage(kind)) {
      return;
    } else {
      long t = event.occurredAt().getEpochSecond();
      addInterval(t, t, flag);
    }
  }

  /** Whether an event records a message read rather than a visit (see the class comment). */
  static boolean isMessage(EventType kind) {
    return kind == EventType.EMAIL_OPEN
        || kind == EventType.EMAIL_CLICK
        || kind == EventType.PUSH_OPEN;
  }

  private void addId(long key, byte flag) {
    int pos = Arrays.binarySearch(idKeys, 0, ids, key);
    if (pos >= 0) {
      idFlags[pos] |= flag;
      return;
    }
    pos = -pos - 1;
    if (ids == idKeys.length) {
      int capacity = Math.max(2, ids * 2);
      idKeys = Arrays.copyOf(idKeys, capacity);
      idFlags = Arrays.copyOf(idFlags, capacity);
    }
    System.arraycopy(idKeys, pos, idKeys, pos + 1, ids - pos);
    System.arraycopy(idFlags, pos, idFlags, pos + 1, ids - pos);
    idKeys[pos] = key;
    idFlags[pos] = flag;
    ids++;
  }

  /**
   * Adds the interval [start, end] and restores the canonical form: sorted, and neighbours more
   * than one session gap apart.
   */
  private void addInterval(long start, long end, byte flag) {
    long gap = settings.sessionGapSeconds();
    // first interval that could touch [start, end]: the first whose end + gap >= start
    int lo = intervals;
    while (lo > 0 && ends[lo - 1] + gap >= start) {
      lo--;
    }
    // one past the last interval that could touch: the last whose start - gap <= end
    int hi = lo;
    while (hi < intervals && starts[hi] - gap <= end) {
      hi++;
    }
    long s = start;
    long e = end;
    byte f = flag;
    for (int k = lo; k < hi; k++) {
      s = Math.min(s, starts[k]);
      e = Math.max(e, ends[k]);
      f |= flags[k];
    }
    int removed = hi - lo;
    if (removed == 0) {
      if (intervals == starts.length) {
        int capacity = Math.max(2, intervals * 2);
        starts = Arrays.copyOf(starts, capacity);
        ends = Arrays.copyOf(ends, capacity);
        flags = Arrays.copyOf(flags, capacity);
      }
      System.arraycopy(starts, lo, starts, lo + 1, intervals - lo);
      System.arraycopy(ends, lo, ends, lo + 1, intervals - lo);
      System.arraycopy(flags, lo, flags, lo + 1, intervals - lo);
      intervals++;
    } else if (removed > 1) {
      System.arraycopy(starts, hi, starts, lo + 1, intervals - hi);
      System.arraycopy(ends, hi, ends, lo + 1, intervals - hi);
      System.arraycopy(flags, hi, flags, lo + 1, intervals - hi);
      intervals -= removed - 1;
    }
    starts[lo] = s;
    ends[lo] = e;
    flags[lo] = f;
  }

  @Override
  public void merge(Sessions other) {
    ProfileSettings.requireSame(settings, other.settings);
    pages += other.pages;
    for (int k = 0; k < other.ids; k++) {
      addId(other.idKeys[k], other.idFlags[k]);
    }
    for (int k = 0; k < other.intervals; k++) {
      addInterval(other.starts[k], other.ends[k], other.flags[k]);
    }
  }

  /** Drops the spare room the arrays keep for more sessions (once a fold is done). */
  void trim() {
    if (idKeys.length > ids) {
      idKeys = ids == 0 ? NO_LONGS : Arrays.copyOf(idKeys, ids);
      idFlags = ids == 0 ? NO_FLAGS : Arrays.copyOf(idFlags, ids);
    }
    if (starts.length > intervals) {
      starts = intervals == 0 ? NO_LONGS : Arrays.copyOf(starts, intervals);
      ends = intervals == 0 ? NO_LONGS : Arrays.copyOf(ends, intervals);
      flags = intervals == 0 ? NO_FLAGS : Arrays.copyOf(flags, intervals);
    }
  }

  @Override
  public Sessions copy() {
    Sessions c = new Sessions(settings);
    c.merge(this);
    return c;
  }

  /** Sessions: distinct session ids plus inactivity sessions of events without one. */
  public int count() {
    return ids + intervals;
  }

  public long pages() {
    return pages;
  }

  /** Page and product views per session; NaN without sessions. */
  public double pagesPerSession() {
    int n = count();
    return n == 0 ? Double.NaN : (double) pages / n;
  }

  /**
   * Sessions with an add-to-cart and no purchase over sessions with an add-to-cart; NaN when no
   * session had an add-to-cart.
   */
  public double cartAbandonmentRate() {
    int carts = 0;
    int abandoned = 0;
    for (int k = 0; k < ids; k++) {
      if ((idFlags[k] & CART) != 0) {
        carts++;
        abandoned += (idFlags[k] & PURCHASE) == 0 ? 1 : 0;
      }
    }
    for (int k = 0; k < intervals; k++) {
      if ((flags[k] & CART) != 0) {
        carts++;
        abandoned += (flags[k] & PURCHASE) == 0 ? 1 : 0;
      }
    }
    return carts == 0 ? Double.NaN : (double) abandoned / carts;
  }

  /**
   * A 64-bit hash of a session id (FNV-1a over the UTF-16 chars, then MurmurHash3's fmix64
   * finaliser). With 64 bits, two of a customer's sessions collide with negligible probability
   * (about n^2 / 2^65 for n sessions).
   */
  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
