package io.tessera.server.live;

import io.tessera.server.http.ApiException;
import io.tessera.server.message.Records;
import io.tessera.server.message.SegmentMessage;
import io.tessera.store.live.LiveReader;
import io.tessera.store.live.LiveWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writer thread, the only one that changes the live state. It takes the waiting requests
 * together (a group commit of up to {@link LiveEngine.Options#maxBatch()} messages), has them
 * applied ({@link MessageFold}) and the touched customers re-evaluated ({@link Memberships}), and
 * hands the group to the committer thread, which writes it in one transaction ({@link LiveWriter})
 * and then acknowledges its requests. While the committer writes one group, the writer thread folds
 * the requests that arrive into the next one, so a group is what one commit's time gathers (its
 * size follows the latency, not a count). A group that cannot be applied or stored is undone (the
 * state is reloaded from the store, after the group in the committer's hands has ended) and the
 * requests not yet answered are tried alone; one that fails again is refused and recorded as a dead
 * letter. Jobs (rules, models) and the clock's tick (cart timers, the day change) run on the writer
 * thread once the committer is idle.
 */
final class GroupWriter {
  private sealed interface Task permits Ingest, Job {}

  /**
   * One request's messages.
   *
   * @param converted each message's records as converted when it was received ({@link
   *     MessageFold#convert}; null for identify and alias)
   * @param batch whether they came as {@code /v1/batch} (named batch[i] in errors) or one message
   */
  private record Ingest(
      List<SegmentMessage> messages,
      List<Records.Converted> converted,
      boolean batch,
      CompletableFuture<LiveEngine.IngestResult> done,
      long queuedAt)
      implements Task {}

  /** Work on the writer thread that changes state outside messages (rules, models). */
  private record Job(Work work, CompletableFuture<Object> done) implements Task {}

  /** A job's work, in the transaction of {@code tx}. */
  @FunctionalInterface
  interface Work {
    Object run(GroupTx tx);
  }

  /**
   * How long a group goes on taking queued requests once the committer is free (see {@link
   * #ingestGroup}): about 1,000-1,500 events of fold, enough to spread a commit's fixed cost.
   */
  static final long MAX_FOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private static final Task STOP = new Job(tx -> null, new CompletableFuture<>());
  // put in the queue by the committer when it has written a group: wakes the writer thread
  private static final Job WAKE = new Job(tx -> null, new CompletableFuture<>());

  /** A group commit: the requests folded into one transaction, answered once it is durable. */
  private static final class Group {
    final GroupTx tx;
    final List<Ingest> applied = new ArrayList<>();
    final List<LiveEngine.IngestResult> results = new ArrayList<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final long started = System.nanoTime();
    long folded;
    long foldNanos;
    long maxWaitNanos;
    // when the group's earliest request was queued
    long firstQueued = Long.MAX_VALUE;
    int messages;

    Group(GroupTx tx) {
      this.tx = tx;
    }

    CompletableFuture<Void> done() {
      return done;
    }
  }

  private final LiveWriter writer;
  // the engine's log, synced before an acknowledgement, and its thread writing into DuckDB
  private final LogApplier applier;
  private final LiveEngine.Options options;
  private final Clock clock;
  private final MessageFold fold;
  private final Memberships memberships;
  private final CartTimers timers;
  private final WebhookQueue webhooks;
  private final Runnable reload;
  private final BlockingDeque<Task> queue = new LinkedBlockingDeque<>();
  private final Thread thread;
  // Writes the folded groups (appends, commit, acknowledgements) while the writer thread folds the
  // next one: a group's store write overlaps the next group's fold. One group at a time.
  private final ExecutorService committer =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().name("tessera-live-commit").daemon(true).factory());
  // the group in the committer's hands (writer thread only)
  private Group pending;
  // Completes the committed requests' futures. Their dependants run on the completing thread (the
  // HTTP answer: JSON, headers, the socket write), which took about a tenth of the writer thread's
  // time and delayed the next group commit; so a virtual thread per request completes each one.
  private final ExecutorService acks =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tessera-live-ack").factory());
  // messages refused alone because they could not be applied or stored (live_dead_letters)
  private final AtomicLong deadLetters = new AtomicLong();
  // added to by the writer and committer threads (addStats), read by /health
  private volatile WriterStats stats = WriterStats.NONE;
  private volatile boolean failed;
  // each group commit's steps, when -Dtessera.live.trace=FILE asks for them
  private final GroupTrace trace = GroupTrace.fromSystemProperty();
  private long lastTickNanos;

  /**
   * @param reload forgets the in-memory state and loads it again from the store, as a restart does
   */
  GroupWriter(
      LiveWriter writer,
      LogApplier applier,
      LiveEngine.Options options,
      Clock clock,
      MessageFold fold,
      Memberships memberships,
      CartTimers timers,
      WebhookQueue webhooks,
      Runnable reload) {
    this.writer = writer;
    this.applier = applier;
    this.options = options;
    this.clock = clock;
    this.fold = fold;
    this.memberships = memberships;
    this.timers = timers;
    this.webhooks = webhooks;
    this.reload = reload;
    this.thread =
        Thread.ofPlatform().name("tessera-live-writer").daemon(true).unstarted(this::loop);
  }

  void load(LiveReader store) {
    deadLetters.set(store.deadLetterCount());
  }

  void start() {
    thread.start();
  }

  /** Queues one request's messages; the future completes once they are durable. */
  CompletableFuture<LiveEngine.IngestResult> submit(
      List<SegmentMessage> messages, List<Records.Converted> converted, boolean batch) {
    CompletableFuture<LiveEngine.IngestResult> f = new CompletableFuture<>();
    queue.addLast(new Ingest(messages, converted, batch, f, System.nanoTime()));
    return f;
  }

  /** Queues a job; the future completes with its result once its transaction is committed. */
  @SuppressWarnings("unchecked")
  <T> CompletableFuture<T> job(Work work) {
    CompletableFuture<Object> f = new CompletableFuture<>();
    queue.addLast(new Job(work, f));
    return (CompletableFuture<T>) (CompletableFuture<?>) f;
  }

  int queueLength() {
    return queue.size();
  }

  WriterStats stats() {
    return stats;
  }

  boolean failed() {
    return failed || applier.failure() != null;
  }

  boolean healthy() {
    return !failed() && thread.isAlive();
  }

  long deadLetters() {
    return deadLetters.get();
  }

  /** Stops the thread after the queued work. */
  void close() {
    queue.addLast(STOP);
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    committer.close();
    acks.close();
    trace.close();
  }

  private void loop() {
    lastTickNanos = System.nanoTime();
    while (true) {
      Task first;
      try {
        first = queue.pollFirst(options.tick().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      try {
        if (first == STOP) {
          awaitPending(null);
          return;
        }
        if (first instanceof Ingest in) {
          ingestGroup(in);
        } else if (first == WAKE) {
          if (pending != null && pending.done().isDone()) {
            awaitPending(null); // answers a failed group's requests now, not at the next one
          }
        } else if (first instanceof Job job) {
          awaitPending(null);
          runJob(job);
        }
        if (first == null || System.nanoTime() - lastTickNanos >= options.tick().toNanos()) {
          lastTickNanos = System.nanoTime();
          tick();
        }
      } catch (RuntimeException e) {
        // a bug, not a store failure: keep serving, the request already got its error
        System.err.println("tessera serve: live engine error: " + e);
      }
    }
  }

  /**
   * Folds the first request and those that arrive while the previous group commits (so a group is
   * what one commit's time gathers, up to the group's size), then hands the group to the committer
   * once it is free (taking what is queued meanwhile for at most {@link #MAX_FOLD_NANOS} from its
   * first fold). A job or the stop waiting in the queue ends the group.
   */
  private void ingestGroup(Ingest first) {
    Group g = new Group(new GroupTx(clock.instant()));
    Ingest current = first;
    try {
      fold(g, first);
      // While the committer writes the previous group, every request that arrives joins this one.
      // Once the committer is free, the requests already queued join too (a group commit's fixed
      // cost, the log's sync, is paid once for them) but only for MAX_FOLD after the group's
      // first fold: then it is handed over and the rest is folded into the next group while this
      // one is written. (Without the bound, a backlog, e.g. after a GC pause, was folded whole
      // while the committer idled, and every request of it waited for the whole fold.)
      while (g.messages < options.maxBatch()) {
        boolean busy = pending != null && !pending.done().isDone();
        if (!busy && System.nanoTime() - g.started >= MAX_FOLD_NANOS) {
          break;
        }
        Task next = busy ? queue.pollFirst(1, TimeUnit.SECONDS) : queue.pollFirst();
        if (next == null && !busy) {
          break;
        }
        if (next instanceof Ingest in) {
          current = in;
          fold(g, in);
        } else if (next != null && next != WAKE) {
          queue.addFirst(next); // a job or the stop: after this group
          break;
        }
      }
      long t = System.nanoTime();
      memberships.evaluateTouched(g.tx, today());
      webhooks.prepare(g.tx);
      g.folded = System.nanoTime();
      g.foldNanos += g.folded - t;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      // the fold failed part-way: the previous group is waited for, and the requests of both
      // (the one that failed included) are tried alone against the state reloaded from the store
      List<Ingest> open = new ArrayList<>(g.applied);
      if (!open.contains(current)) {
        open.add(current);
      }
      Group p = pending;
      pending = null;
      if (p != null && !p.done().handle((ok, x) -> x == null).join()) {
        open.addAll(0, p.applied);
      }
      retryAlone(open, e);
      return;
    }
    addStats(WriterStats.fold(g.foldNanos));
    if (awaitPending(g)) {
      handOver(g);
    }
  }

  private void runJob(Job job) {
    GroupTx tx = new GroupTx(clock.instant());
    try {
      // a job writes into DuckDB itself, after every logged group (its reads and rows follow them)
      applier.awaitStored();
      writer.begin();
      Object result = job.work().run(tx);
      commit(tx);
      job.done().complete(result);
    } catch (ApiException e) {
      writer.rollback();
      job.done().completeExceptionally(e);
    } catch (RuntimeException e) {
      recover(e);
      job.done().completeExceptionally(unavailable(e));
    }
  }

  /** Folds one request's new messages into the group; refuses a request with a known order id. */
  private void fold(Group g, Ingest in) {
    long now = System.nanoTime();
    addStats(WriterStats.request(in.messages().size(), now - in.queuedAt()));
    g.maxWaitNanos = Math.max(g.maxWaitNanos, now - in.queuedAt());
    g.firstQueued = Math.min(g.firstQueued, in.queuedAt());
    ApiException duplicate = fold.duplicateOrder(in.messages(), in.batch());
    if (duplicate != null) {
      in.done().completeExceptionally(duplicate);
      return;
    }
    int accepted = 0;
    int duplicates = 0;
    List<SegmentMessage> messages = in.messages();
    for (int i = 0; i < messages.size(); i++) {
      SegmentMessage m = messages.get(i);
      if (!fold.firstTime(m)) {
        duplicates++;
        continue;
      }
      accepted++;
      fold.apply(m, in.converted().get(i), g.tx);
    }
    g.foldNanos += System.nanoTime() - now;
    g.messages += in.messages().size();
    g.applied.add(in);
    g.results.add(new LiveEngine.IngestResult(accepted, duplicates));
  }

  /** Writes the folded group on the committer thread; its requests are answered once durable. */
  private void handOver(Group g) {
    addStats(WriterStats.GROUP);
    pending = g;
    committer.execute(
        () -> {
          try {
            long taken = System.nanoTime();
            // logged and synced, then acknowledged; DuckDB takes the rows behind (LogApplier),
            // and the listeners hear of the group once it is there
            long seq = applier.log(g.tx.stored(), g.tx);
            long appended = System.nanoTime();
            applier.sync(seq);
            long written = System.nanoTime();
            long[] steps = {appended - taken, written - appended};
            addStats(WriterStats.write(steps[0], steps[1]));
            long listened = System.nanoTime();
            acknowledge(g);
            long acked = System.nanoTime();
            trace.group(
                g.applied.size(),
                g.messages,
                g.maxWaitNanos,
                g.folded - g.started,
                g.foldNanos,
                taken - g.folded,
                steps[0],
                steps[1],
                listened - written,
                acked - listened,
                acked - g.firstQueued);
            g.done().complete(null);
          } catch (RuntimeException e) {
            g.done().completeExceptionally(e);
          } finally {
            queue.offerLast(WAKE);
          }
        });
  }

  /**
   * Waits for the group in the committer's hands, if any. When its write failed, the in-memory
   * state (which also holds {@code next}, folded meanwhile) is reloaded from the store, and the
   * requests of both groups are tried alone. True when {@code next} is still to be handed over.
   */
  private boolean awaitPending(Group next) {
    Group p = pending;
    if (p == null) {
      return true;
    }
    pending = null;
    try {
      p.done().join();
      return true;
    } catch (java.util.concurrent.CompletionException e) {
      RuntimeException failure =
          e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      List<Ingest> open = new ArrayList<>(p.applied);
      if (next != null) {
        open.addAll(next.applied);
      }
      retryAlone(open, failure);
      return false;
    }
  }

  private void acknowledge(Group g) {
    for (int i = 0; i < g.applied.size(); i++) {
      CompletableFuture<LiveEngine.IngestResult> done = g.applied.get(i).done();
      LiveEngine.IngestResult result = g.results.get(i);
      acks.execute(() -> done.complete(result));
    }
  }

  /**
   * A message that passed validation could still not be applied or stored (an exact profile sum
   * that would overflow, a value the store refuses). The in-memory state took part of the group, so
   * it is reloaded from the store, as a restart would; then each request is tried alone, and one
   * that fails again is refused on its own and recorded as a dead letter. The engine goes on.
   */
  private void retryAlone(List<Ingest> group, RuntimeException failure) {
    if (!recover(failure)) {
      failAll(group, failure);
      return;
    }
    for (int i = 0; i < group.size(); i++) {
      Ingest in = group.get(i);
      try {
        Group g = new Group(new GroupTx(clock.instant()));
        fold(g, in);
        memberships.evaluateTouched(g.tx, today());
        commit(g.tx);
        acknowledge(g);
      } catch (RuntimeException e) {
        if (!recover(e) || !deadLetter(in, e)) {
          failAll(group.subList(i, group.size()), e);
          return;
        }
        in.done()
            .completeExceptionally(
                new ApiException(
                    400,
                    "rejected",
                    (in.batch() ? "the batch" : "the message")
                        + " could not be applied to the store and was set aside in"
                        + " live_dead_letters: "
                        + reason(e)));
      }
    }
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), options.settings().zone());
  }

  /** Fires the cart timers that are due and re-evaluates everyone when the day has changed. */
  private void tick() {
    if (failed) {
      return;
    }
    Instant now = clock.instant();
    boolean dayChanged = !memberships.evaluatedOn(today());
    if (!timers.anyDue(now) && !dayChanged) {
      return;
    }
    awaitPending(null);
    if (failed) {
      return;
    }
    GroupTx tx = new GroupTx(clock.instant());
    try {
      applier.awaitStored();
      timers.fireDue(now, memberships::nextSeq, tx);
      if (dayChanged) {
        memberships.reevaluateAll(tx, "clock");
      }
      commit(tx);
    } catch (RuntimeException e) {
      recover(e);
    }
  }

  /**
   * Writes the work of a job, tick or retry into DuckDB in one transaction (opened here unless a
   * job opened it), after every logged group ({@link LogApplier#awaitStored}).
   */
  private void commit(GroupTx tx) {
    webhooks.prepare(tx);
    write(tx);
    webhooks.committed(tx);
  }

  /** Appends the rows and commits them: the nanoseconds of both steps (rolls back on failure). */
  private long[] write(GroupTx tx) {
    try {
      if (!writer.inTransaction()) {
        writer.begin();
      }
      long t0 = System.nanoTime();
      writer.appendMessages(tx.messages, tx.receivedAt);
      writer.appendEvents(tx.events);
      writer.appendOrders(tx.orders, tx.anonymousOrders, tx.items);
      writer.link(tx.links, tx.receivedAt);
      writer.appendTraits(tx.traits, tx.receivedAt);
      writer.appendCartTimers(tx.timers);
      writer.appendChanges(tx.changes);
      writer.appendDeliveries(tx.deliveries);
      long t1 = System.nanoTime();
      writer.commit();
      long t2 = System.nanoTime();
      addStats(WriterStats.write(t1 - t0, t2 - t1));
      return new long[] {t1 - t0, t2 - t1};
    } catch (RuntimeException e) {
      writer.rollback();
      throw e;
    }
  }

  /** Adds a step's figures (from the writer or the committer thread). */
  private synchronized void addStats(WriterStats d) {
    stats = stats.plus(d);
  }

  private void failAll(List<Ingest> group, Exception e) {
    for (Ingest in : group) {
      in.done().completeExceptionally(unavailable(e));
    }
  }

  /**
   * Undoes a failed write: rolls back and reloads the state from the store. False (and the engine
   * refuses new events) when the store cannot even be read back.
   */
  private boolean recover(Exception cause) {
    writer.rollback();
    System.err.println(
        "tessera serve: a write failed ("
            + reason(cause)
            + "); its changes were undone and the live state reloaded from the store");
    try {
      // the state is reloaded from DuckDB, so DuckDB must first hold every logged group
      applier.awaitStored();
      reload.run();
      return true;
    } catch (RuntimeException e) {
      storeFailure(e);
      return false;
    }
  }

  /** Records a refused request's messages with the reason, in a transaction of its own. */
  private boolean deadLetter(Ingest in, Exception cause) {
    List<LiveWriter.Message> messages = new ArrayList<>(in.messages().size());
    for (SegmentMessage m : in.messages()) {
      messages.add(MessageFold.stored(m));
    }
    try {
      writer.deadLetters(messages, clock.instant(), reason(cause));
      deadLetters.addAndGet(in.messages().size());
      return true;
    } catch (RuntimeException e) {
      storeFailure(e);
      return false;
    }
  }

  private void storeFailure(Exception e) {
    writer.rollback();
    failed = true;
    System.err.println(
        "tessera serve: the store failed ("
            + e.getMessage()
            + "); the engine refuses new events until restarted (acknowledged events are safe)");
  }

  /** One line saying why a write failed (no stack trace reaches a caller). */
  private static String reason(Exception e) {
    String m = e.getMessage();
    String text = m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip();
    text = text.replaceAll("\\s+", " ");
    return text.length() <= 300 ? text : text.substring(0, 297) + "...";
  }

  private static ApiException unavailable(Exception e) {
    return new ApiException(
        503,
        "store_unavailable",
        "the store could not write the request; retry later (" + e.getMessage() + ")");
  }
}
