package io.tessera.server.live;

import io.tessera.store.Store;
import io.tessera.store.StoreException;
import io.tessera.store.live.LiveGroup;
import io.tessera.store.live.LiveLog;
import io.tessera.store.live.LiveWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Takes the live engine's group commits (and audited reads) off DuckDB's path: each is appended to
 * the engine's log ({@link LiveLog}) and synced before it is acknowledged, and this class's thread
 * writes the logged groups into DuckDB behind it, several in one transaction when it is behind,
 * with the log position in the same transaction. A DuckDB checkpoint then holds up only this
 * thread.
 *
 * <p>Reads of the store that must see every acknowledged write first wait for this thread to catch
 * up ({@link #awaitStored}); the latest traits of a customer whose identify is logged but not yet
 * in DuckDB are kept here meanwhile ({@link #pendingTraits}), so a customer read need not wait.
 */
final class LogApplier implements AutoCloseable {
  /** Most logged entries written in one DuckDB transaction. */
  static final int MAX_ENTRIES = 64;

  /**
   * Most entries DuckDB may be behind before a group commit waits (about 4 s of groups at 50,000
   * events/s: longer than the longest checkpoint measured, 1.7 s on the loaded machine).
   */
  static final int MAX_BEHIND = 200;

  /**
   * {@code -Dtessera.live.storeDelay=MS} holds each DuckDB write back by that long: a test's way to
   * kill the process while DuckDB is behind the log (documented in the README, 0 by default).
   */
  private static final long DELAY_MS = Long.getLong("tessera.live.storeDelay", 0);

  private record Logged(long seq, LiveGroup group, GroupTx tx) {}

  private final LiveLog log;
  private final Store connection;
  private final LiveWriter writer;
  private final WebhookQueue webhooks;
  private final LinkedBlockingQueue<Logged> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  // customer id -> the traits JSON of their latest identify logged but not yet in DuckDB
  private final Map<String, String> pendingTraits = new ConcurrentHashMap<>();
  // customer id -> the last entry that adds to their completed orders and is not yet in DuckDB
  private final Map<String, Long> pendingOrders = new ConcurrentHashMap<>();
  private final Object storedLock = new Object();
  private volatile long stored;
  private volatile String failure;
  private volatile boolean stopping;
  // DuckDB transactions written and their time (this thread writes, /health reads)
  private volatile long writes;
  private volatile long writeNanos;
  private volatile long longestWriteNanos;

  private LogApplier(LiveLog log, Store store, WebhookQueue webhooks, long stored) {
    this.log = log;
    this.connection = store.newConnection();
    this.writer = new LiveWriter(connection);
    this.webhooks = webhooks;
    this.stored = stored;
    this.thread = Thread.ofPlatform().name("tessera-live-store").daemon(true).unstarted(this::loop);
  }

  /**
   * Opens the store's log: the entries DuckDB does not hold yet (the process stopped before its
   * writer caught up) are written into it first, on {@code writer}'s connection, then the log
   * starts anew after them.
   */
  static LogApplier open(Store store, LiveWriter writer, WebhookQueue webhooks) {
    LiveLog log = LiveLog.of(store.file());
    long position = writer.storedPosition();
    try {
      List<LiveLog.Entry> missing = log.recover(position);
      if (!missing.isEmpty()) {
        writer.begin();
        try {
          for (LiveLog.Entry e : missing) {
            writer.write(e.group());
          }
          position = missing.get(missing.size() - 1).seq();
          writer.storedPosition(position);
          writer.commit();
        } catch (RuntimeException e) {
          writer.rollback();
          throw e;
        }
        System.err.println(
            "tessera serve: wrote "
                + missing.size()
                + " acknowledged group commits from the live log into the store");
      }
      log.start(position);
    } catch (IOException e) {
      throw new StoreException("cannot read the live log: " + e.getMessage(), e);
    }
    return new LogApplier(log, store, webhooks, position);
  }

  void start() {
    thread.start();
  }

  /**
   * Appends a group to the log and queues it for DuckDB; returns its entry's number. Durable once
   * {@link #sync} returns for it. {@code tx} (null for audited reads) goes to the listeners once
   * the group is in DuckDB.
   */
  long log(LiveGroup group, GroupTx tx) {
    if (tx != null) {
      // a group commit waits while DuckDB is far behind, so its rows do not pile up in memory
      awaitStored(log.last() - MAX_BEHIND);
    }
    return log.append(
        group,
        seq -> {
          for (var t : group.traits()) {
            pendingTraits.put(t.customerId(), t.json());
          }
          for (var o : group.orders()) {
            pendingOrders.put(o.customerId().value(), seq);
          }
          for (var l : group.links()) {
            pendingOrders.put(l.customerId(), seq); // the visitor's orders become the customer's
          }
          queue.add(new Logged(seq, group, tx));
        });
  }

  /** Returns once entry {@code seq} is on disk. */
  void sync(long seq) {
    log.sync(seq);
  }

  /** Logs audited reads and returns once they are on disk. */
  void logDurably(LiveGroup group) {
    sync(log(group, null));
  }

  /** The traits of the customer's latest identify not yet in DuckDB, or null. */
  String pendingTraits(String customerId) {
    return pendingTraits.get(customerId);
  }

  /**
   * Returns once DuckDB holds every entry logged before the call (at once on this class's own
   * thread, whose listeners run after their group is stored).
   *
   * @throws StoreException when the store refused a logged group (the engine has stopped)
   */
  void awaitStored() {
    awaitStored(log.last());
  }

  /**
   * Returns once DuckDB holds the customer's completed orders logged before the call (at once when
   * none is waiting for DuckDB).
   */
  void awaitOrdersStored(String customerId) {
    Long seq = pendingOrders.get(customerId);
    if (seq != null) {
      awaitStored(seq);
    }
  }

  private void awaitStored(long target) {
    if (Thread.currentThread() == thread) {
      return;
    }
    synchronized (storedLock) {
      while (stored < target) {
        if (failure != null) {
          throw new StoreException("the store could not take the live log: " + failure, null);
        }
        try {
          storedLock.wait(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StoreException("interrupted while waiting for the store", e);
        }
      }
    }
  }

  /** Why the thread stopped writing into DuckDB, or null while it writes. */
  String failure() {
    return failure;
  }

  /** Entries logged but not yet in DuckDB. */
  long behind() {
    return log.last() - stored;
  }

  /** DuckDB transactions written, their time in all and the longest (nanoseconds). */
  long[] figures() {
    return new long[] {writes, writeNanos, longestWriteNanos};
  }

  private void loop() {
    List<Logged> batch = new ArrayList<>(MAX_ENTRIES);
    while (true) {
      Logged first;
      try {
        first = queue.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (first == null) {
        if (stopping) {
          return;
        }
        continue;
      }
      if (DELAY_MS > 0) {
        try {
          Thread.sleep(DELAY_MS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      batch.clear();
      batch.add(first);
      queue.drainTo(batch, MAX_ENTRIES - 1);
      long last = batch.get(batch.size() - 1).seq();
      if (!write(batch, last)) {
        return;
      }
      // the listeners first: a job that waits for DuckDB publishes its changes after these
      for (Logged l : batch) {
        for (var t : l.group().traits()) {
          pendingTraits.remove(t.customerId(), t.json());
        }
        for (var o : l.group().orders()) {
          pendingOrders.remove(o.customerId().value(), l.seq());
        }
        for (var k : l.group().links()) {
          pendingOrders.remove(k.customerId(), l.seq());
        }
        if (l.tx() != null) {
          webhooks.committed(l.tx());
        }
      }
      synchronized (storedLock) {
        stored = last;
        storedLock.notifyAll();
      }
      log.stored(last);
    }
  }

  /** Writes the entries in one transaction (tried three times); false once it failed for good. */
  private boolean write(List<Logged> batch, long last) {
    RuntimeException error = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      long t0 = System.nanoTime();
      try {
        writer.begin();
        for (Logged l : batch) {
          writer.write(l.group());
        }
        writer.storedPosition(last);
        writer.commit();
        long nanos = System.nanoTime() - t0;
        writes++;
        writeNanos += nanos;
        longestWriteNanos = Math.max(longestWriteNanos, nanos);
        return true;
      } catch (RuntimeException e) {
        writer.rollback();
        error = e;
        try {
          Thread.sleep(100L << attempt);
        } catch (InterruptedException x) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    String m = error == null ? "interrupted" : String.valueOf(error.getMessage());
    failure = m.lines().findFirst().orElse(m);
    System.err.println(
        "tessera serve: the store refused logged group commits ("
            + failure
            + "); they stay in the live log for the next start, and the engine refuses new events");
    synchronized (storedLock) {
      storedLock.notifyAll();
    }
    return false;
  }

  /**
   * Stops after writing what is logged; the log's files are deleted when DuckDB holds all of it.
   */
  @Override
  public void close() {
    stopping = true;
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean all = failure == null && stored == log.last() && !thread.isAlive();
    log.close(all);
    connection.close();
  }
}
