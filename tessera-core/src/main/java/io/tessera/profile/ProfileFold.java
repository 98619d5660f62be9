package io.tessera.profile;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Interaction;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.Review;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Folds records into profiles for a whole population, in parallel.
 *
 * <p>The idea: customers are split into a fixed number of partitions by a hash of their id (the
 * number does not depend on the thread count). The calling thread reads the input streams in chunks
 * and hands each chunk to a worker; a worker adds each record to its customer's profile under that
 * customer's partition lock. Which worker adds which record, and in what order, varies from run to
 * run, but profiles are order-independent aggregates (see {@link Aggregator}), so the result is the
 * same for any thread count and any input order. Input is streamed: only a bounded number of chunks
 * is held at once, plus, when order lines are given, a map from order id to customer id (order
 * lines carry no customer id).
 */
public final class ProfileFold {
  /** Fixed, so that partitioning never depends on the thread count. */
  static final int PARTITIONS = 256;

  private static final int CHUNK = 4096;

  private ProfileFold() {}

  /**
   * How to fold.
   *
   * @param settings day zone and session gap of the profiles
   * @param threads worker threads (at least 1)
   * @param until records at or after this instant are left out (the holdout after an as-of date);
   *     null keeps all
   */
  public record Options(ProfileSettings settings, int threads, Instant until) {
    public Options {
      if (settings == null) {
        throw new IllegalArgumentException("profile fold: settings are required");
      }
      if (threads < 1) {
        throw new IllegalArgumentException(
            "profile fold: threads must be at least 1, got " + threads);
      }
    }

    /** Default settings, one thread per available processor, all records. */
    public static Options defaults() {
      return new Options(ProfileSettings.DEFAULT, Runtime.getRuntime().availableProcessors(), null);
    }

    public Options withThreads(int n) {
      return new Options(settings, n, until);
    }

    public Options withUntil(Instant instant) {
      return new Options(settings, threads, instant);
    }

    public Options withSettings(ProfileSettings s) {
      return new Options(s, threads, until);
    }
  }

  /**
   * The record streams of one batch, any of them empty. Streams are consumed once, in this order:
   * orders, order lines, owned order lines, events, interactions, reviews. {@code eventParts} are
   * more events, read at the same time as each other (after {@code events}), each on a thread of
   * its own: a store split into disjoint shares (a range of its lines each, on connections of their
   * own) is read in parallel, not only folded in parallel. Profiles do not depend on how the events
   * are split. {@code ownedItems} are order lines that bring their order's customer and time (a
   * store joins them): the fold then need not remember whose each order is, as it does for {@code
   * items}.
   */
  public record Inputs(
      Stream<Order> orders,
      Stream<OrderItem> items,
      Stream<Event> events,
      Stream<Interaction> interactions,
      Stream<Review> reviews,
      List<Stream<Event>> eventParts,
      Stream<OwnedItem> ownedItems) {
    public Inputs {
      orders = orders == null ? Stream.empty() : orders;
      items = items == null ? Stream.empty() : items;
      events = events == null ? Stream.empty() : events;
      interactions = interactions == null ? Stream.empty() : interactions;
      reviews = reviews == null ? Stream.empty() : reviews;
      eventParts = eventParts == null ? List.of() : List.copyOf(eventParts);
      ownedItems = ownedItems == null ? Stream.empty() : ownedItems;
    }

    /** The streams without owned order lines. */
    public Inputs(
        Stream<Order> orders,
        Stream<OrderItem> items,
        Stream<Event> events,
        Stream<Interaction> interactions,
        Stream<Review> reviews,
        List<Stream<Event>> eventParts) {
      this(orders, items, events, interactions, reviews, eventParts, null);
    }

    /** The streams without event parts. */
    public Inputs(
        Stream<Order> orders,
        Stream<OrderItem> items,
        Stream<Event> events,
        Stream<Interaction> interactions,
        Stream<Review> reviews) {
      this(orders, items, events, interactions, reviews, List.of(), null);
    }

    public static Inputs of(
        Collection<Order> orders,
        Collection<OrderItem> items,
        Collection<Event> events,
        Collection<Interaction> interactions,
        Collection<Review> reviews) {
      return new Inputs(
          orders.stream(),
          items.stream(),
          events.stream(),
          interactions.stream(),
          reviews.stream());
    }
  }

  /**
   * An order line with its order's customer and time, as a store reads it joined to its order: the
   * fold routes it by its customer and leaves it out of a cut-off its order is not before, exactly
   * as it treats the {@link Inputs#items()} of the orders it was given (an order line of an order
   * at or after the cut-off, or of no customer folded, counts as an orphan). Holding each order's
   * owner in a map instead was about 130 bytes per order while the lines were folded (12.9 M map
   * nodes at 1,000,000 orders-only customers, issue 14).
   *
   * @param customer the order's customer, or null when the order is not folded (its customer left
   *     out)
   * @param orderedAt when the order was placed
   */
  public record OwnedItem(OrderItem item, CustomerId customer, Instant orderedAt) {
    public OwnedItem {
      if (item == null) {
        throw new IllegalArgumentException("an owned order line needs its line");
      }
    }
  }

  /** Folds ungrouped records into one profile per customer. */
  public static ProfileTable fold(Inputs inputs, Options options) {
    return foldUntil(inputs, options, Collections.singletonList(options.until())).get(0);
  }

  /**
   * Folds the same records into one profile table per cut-off, in one pass over the inputs: each
   * chunk read is folded into every table, each leaving out the records at or after its own
   * cut-off. Each table equals {@link #fold} with {@code options.withUntil(cut-off)} on the same
   * inputs; reading the inputs (a store's events) once instead of once per cut-off is the point.
   *
   * @param untils the cut-offs (null keeps all records), one table each, in this order
   */
  public static List<ProfileTable> foldUntil(Inputs inputs, Options options, List<Instant> untils) {
    // one map of order owners for all the cut-offs, not one per cut-off: at 1,000,000 customers
    // each held 2.9 M entries while the churn stage folded three cut-offs at once
    Owners owners = new Owners(untils);
    List<Run> runs = new ArrayList<>();
    for (Instant until : untils) {
      runs.add(new Run(options.withUntil(until), owners));
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(options.threads())) {
      Semaphore inFlight = new Semaphore(options.threads() * 2);
      // Order lines need each order's customer; remember it only when lines will come.
      Iterator<OrderItem> items = inputs.items().iterator();
      feed(runs, owners, pool, inFlight, inputs.orders().iterator(), items.hasNext());
      feed(runs, owners, pool, inFlight, items, false);
      feed(runs, owners, pool, inFlight, inputs.ownedItems().iterator(), false);
      feed(runs, owners, pool, inFlight, inputs.events().iterator(), false);
      feedParallel(runs, owners, pool, inFlight, inputs.eventParts());
      feed(runs, owners, pool, inFlight, inputs.interactions().iterator(), false);
      feed(runs, owners, pool, inFlight, inputs.reviews().iterator(), false);
    }
    List<ProfileTable> out = new ArrayList<>();
    for (Run run : runs) {
      out.add(run.table());
    }
    return out;
  }

  /**
   * Reads each stream on a thread of its own, as {@link #feed} does; the chunks go to the same pool
   * and bound. The first failure of a reader is thrown once all readers have stopped.
   */
  private static void feedParallel(
      List<Run> runs,
      Owners owners,
      ExecutorService pool,
      Semaphore inFlight,
      List<? extends Stream<? extends Record>> parts) {
    if (parts.isEmpty()) {
      return;
    }
    List<Future<?>> readers = new ArrayList<>();
    try (ExecutorService reading = Executors.newFixedThreadPool(parts.size())) {
      for (Stream<? extends Record> part : parts) {
        readers.add(
            reading.submit(() -> feed(runs, owners, pool, inFlight, part.iterator(), false)));
      }
    }
    await(readers);
  }

  /** Reads chunks of records and hands each to every run's fold, in the pool. */
  private static void feed(
      List<Run> runs,
      Owners owners,
      ExecutorService pool,
      Semaphore inFlight,
      Iterator<? extends Record> it,
      boolean rememberOwners) {
    while (it.hasNext() && runs.stream().allMatch(Run::healthy)) {
      Record[] chunk = new Record[CHUNK];
      int n = 0;
      while (n < CHUNK && it.hasNext()) {
        Record r = it.next();
        if (rememberOwners && r instanceof Order o) {
          owners.remember(o);
        }
        chunk[n++] = r;
      }
      int size = n;
      for (Run run : runs) {
        inFlight.acquireUninterruptibly();
        pool.execute(
            () -> {
              try {
                run.foldChunk(chunk, size);
              } catch (RuntimeException e) {
                run.failure.compareAndSet(null, e);
              } finally {
                inFlight.release();
              }
            });
      }
    }
  }

  /**
   * Folds records already grouped by customer (order lines included: the group says whose they
   * are), one customer per task.
   */
  public static ProfileTable foldGrouped(
      Map<CustomerId, ? extends Collection<? extends Record>> byCustomer, Options options) {
    List<Map.Entry<CustomerId, ? extends Collection<? extends Record>>> entries =
        new ArrayList<>(byCustomer.entrySet());
    CustomerProfile[] out = new CustomerProfile[entries.size()];
    LongAdder records = new LongAdder();
    LongAdder afterUntil = new LongAdder();
    int tasks = Math.max(1, Math.min(entries.size(), options.threads() * 8));
    try (ExecutorService pool = Executors.newFixedThreadPool(options.threads())) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < tasks; t++) {
        int from = (int) ((long) entries.size() * t / tasks);
        int to = (int) ((long) entries.size() * (t + 1) / tasks);
        futures.add(
            pool.submit(
                () -> {
                  for (int i = from; i < to; i++) {
                    var e = entries.get(i);
                    CustomerProfile p = new CustomerProfile(e.getKey(), options.settings());
                    for (Record r : e.getValue()) {
                      if (isAfter(r, options.until())) {
                        afterUntil.increment();
                      } else {
                        p.add(r);
                        records.increment();
                      }
                    }
                    out[i] = p;
                  }
                }));
      }
      await(futures);
    }
    sortByCustomer(out);
    return new ProfileTable(
        out,
        options.settings(),
        new ProfileTable.FoldCounts(records.sum(), 0, 0, afterUntil.sum()));
  }

  private static boolean isAfter(Record r, Instant until) {
    if (until == null) {
      return false;
    }
    Instant at =
        switch (r) {
          case Order o -> o.orderedAt();
          case Event e -> e.occurredAt();
          case Interaction i -> i.occurredAt();
          case Review v -> v.createdAt();
          default -> null;
        };
    return at != null && !at.isBefore(until);
  }

  private static void await(List<Future<?>> futures) {
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("profile fold interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException("profile fold failed: " + e.getCause(), e.getCause());
      }
    }
  }

  /**
   * Whose each order is, for its lines (which carry no customer id), shared by the cut-offs of one
   * fold: each asks for the owner as of its own cut-off. Written by the reading thread before any
   * line is read, then only read.
   */
  private static final class Owners {
    /** An order's customer and time: what a cut-off needs to know of it. */
    private record Owner(CustomerId customer, Instant at) {}

    // with one cut-off: order id -> customer, of the orders before it (as one fold always kept);
    // with more: order id -> Owner, or a List<Owner> of the orders with that id in the order read
    // (a
    // store accepts an id once; a caller's own records may repeat one)
    private final Map<String, Object> byId = new HashMap<>();
    private final Instant onlyUntil;
    private final boolean one;

    Owners(List<Instant> untils) {
      this.one = untils.stream().distinct().count() <= 1;
      this.onlyUntil = untils.isEmpty() ? null : untils.get(0);
    }

    void remember(Order o) {
      if (one) {
        if (!isAfter(o, onlyUntil)) {
          byId.put(o.orderId(), o.customerId());
        }
        return;
      }
      Owner owner = new Owner(o.customerId(), o.orderedAt());
      Object known = byId.putIfAbsent(o.orderId(), owner);
      if (known instanceof Owner first) {
        List<Owner> all = new ArrayList<>(2);
        all.add(first);
        all.add(owner);
        byId.put(o.orderId(), all);
      } else if (known instanceof List<?> list) {
        @SuppressWarnings("unchecked")
        List<Owner> all = (List<Owner>) list;
        all.add(owner);
      }
    }

    /**
     * The customer of the last order read with this id that is before {@code until} (as each
     * cut-off remembered its own owners before), or null.
     */
    CustomerId of(String orderId, Instant until) {
      Object known = byId.get(orderId);
      if (known instanceof CustomerId c) {
        return c;
      }
      if (known instanceof Owner o) {
        return before(o, until) ? o.customer() : null;
      }
      if (known instanceof List<?> list) {
        for (int k = list.size() - 1; k >= 0; k--) {
          Owner o = (Owner) list.get(k);
          if (before(o, until)) {
            return o.customer();
          }
        }
      }
      return null;
    }

    private static boolean before(Owner o, Instant until) {
      return before(o.at(), until);
    }

    /** Whether an order placed {@code at} is folded by a cut-off at {@code until}. */
    static boolean before(Instant at, Instant until) {
      return until == null || at == null || at.isBefore(until);
    }
  }

  /** The state of one fold (one cut-off) over ungrouped streams. */
  private static final class Run {
    private final Options options;
    private final Owners owners;
    private final List<Map<CustomerId, CustomerProfile>> partitions = new ArrayList<>();
    private final LongAdder records = new LongAdder();
    private final LongAdder unlinked = new LongAdder();
    private final LongAdder orphans = new LongAdder();
    private final LongAdder afterUntil = new LongAdder();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    Run(Options options, Owners owners) {
      this.options = options;
      this.owners = owners;
      for (int p = 0; p < PARTITIONS; p++) {
        partitions.add(new HashMap<>());
      }
    }

    boolean healthy() {
      return failure.get() == null;
    }

    /** The folded profiles, sorted by customer id (after every chunk has been folded). */
    ProfileTable table() {
      if (failure.get() != null) {
        throw failure.get();
      }
      List<CustomerProfile> all = new ArrayList<>();
      for (Map<CustomerId, CustomerProfile> m : partitions) {
        all.addAll(m.values());
      }
      CustomerProfile[] sorted = all.toArray(CustomerProfile[]::new);
      sortByCustomer(sorted);
      Arrays.stream(sorted).parallel().forEach(CustomerProfile::trim);
      return new ProfileTable(
          sorted,
          options.settings(),
          new ProfileTable.FoldCounts(
              records.sum(), unlinked.sum(), orphans.sum(), afterUntil.sum()));
    }

    void foldChunk(Record[] chunk, int size) {
      // each record's customer first (null: left out), then one profile lookup and one lock per
      // run of records of the same customer: a store's records come grouped by customer (its
      // files' order), and the map lookup and lock per record were a tenth of the fold's samples
      CustomerId[] ids = new CustomerId[size];
      long after = 0;
      long noCustomer = 0;
      long noOrder = 0;
      for (int k = 0; k < size; k++) {
        Record r = chunk[k];
        if (isAfter(r, options.until())) {
          after++;
          continue;
        }
        CustomerId id =
            switch (r) {
              case Order o -> o.customerId();
              case OrderItem i -> owners.of(i.orderId(), options.until());
              case OwnedItem i ->
                  Owners.before(i.orderedAt(), options.until()) ? i.customer() : null;
              case Event e -> e.customerId();
              case Interaction i -> i.customerId();
              case Review v -> v.customerId();
              default ->
                  throw new IllegalArgumentException(
                      "cannot fold a " + r.getClass().getSimpleName() + " into a profile");
            };
        if (id == null) {
          if (r instanceof Event) {
            noCustomer++;
          } else {
            noOrder++;
          }
        }
        ids[k] = id;
      }
      long folded = 0;
      int k = 0;
      while (k < size) {
        CustomerId id = ids[k];
        if (id == null) {
          k++;
          continue;
        }
        int end = k + 1;
        while (end < size && (ids[end] == id || (ids[end] != null && ids[end].equals(id)))) {
          end++;
        }
        Map<CustomerId, CustomerProfile> partition = partitions.get(partitionOf(id));
        synchronized (partition) {
          CustomerProfile profile =
              partition.computeIfAbsent(id, key -> new CustomerProfile(key, options.settings()));
          for (int j = k; j < end; j++) {
            profile.add(chunk[j] instanceof OwnedItem owned ? owned.item() : chunk[j]);
          }
        }
        folded += end - k;
        k = end;
      }
      afterUntil.add(after);
      unlinked.add(noCustomer);
      orphans.add(noOrder);
      records.add(folded);
    }
  }

  /**
   * Sorts profiles by customer id ({@link CustomerId#compareTo}), comparing first a number made of
   * each id's first eight characters after the prefix all of them share: comparing the id strings
   * themselves (three objects deep per side) was a tenth of the fold's samples at 100,000
   * customers. The number orders as the strings do or ties (each character capped at 255, a missing
   * one 0), and a tie falls back to the strings, so the order is exactly theirs.
   */
  static void sortByCustomer(CustomerProfile[] profiles) {
    if (profiles.length < 2) {
      return;
    }
    String first = profiles[0].customerId().value();
    int shared = first.length();
    for (CustomerProfile p : profiles) {
      String v = p.customerId().value();
      int n = Math.min(shared, v.length());
      int i = 0;
      while (i < n && v.charAt(i) == first.charAt(i)) {
        i++;
      }
      shared = i;
    }
    Keyed[] keyed = new Keyed[profiles.length];
    for (int i = 0; i < profiles.length; i++) {
      keyed[i] = new Keyed(key(profiles[i].customerId().value(), shared), profiles[i]);
    }
    Arrays.sort(keyed, Keyed::compareTo);
    for (int i = 0; i < profiles.length; i++) {
      profiles[i] = keyed[i].profile;
    }
  }

  /**
   * Up to eight characters of {@code id} from {@code from}, big-endian, a missing one 0; the first
   * at or above 255 is put as 255 and ends the key (all 0 after it), so that ids differing only
   * beyond it tie rather than compare wrongly.
   */
  static long key(String id, int from) {
    long key = 0;
    boolean ended = false;
    for (int i = from; i < from + 8; i++) {
      int c = ended || i >= id.length() ? 0 : id.charAt(i);
      if (c >= 255) {
        c = 255;
        ended = true;
      }
      key = (key << 8) | c;
    }
    return key;
  }

  /** A profile and its id's sort key, side by side so that a comparison reads one object each. */
  private record Keyed(long key, CustomerProfile profile) {
    int compareTo(Keyed other) {
      int c = Long.compareUnsigned(key, other.key);
      return c != 0 ? c : profile.customerId().compareTo(other.profile.customerId());
    }
  }

  /** The partition of a customer: a mixed hash of the id, independent of the thread count. */
  static int partitionOf(CustomerId id) {
    int h = id.value().hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h & (PARTITIONS - 1);
  }
}
