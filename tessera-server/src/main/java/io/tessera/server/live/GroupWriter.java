package io.tessera.server.live;

import io.tessera.server.http.ApiException;
import io.tessera.server.message.SegmentMessage;
import io.tessera.store.live.LiveReader;
import io.tessera.store.live.LiveWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writer thread, the only one that changes the live state. It takes the waiting requests
 * together (a group commit of up to {@link LiveEngine.Options#maxBatch()} messages), has them
 * applied ({@link MessageFold}) and the touched customers re-evaluated ({@link Memberships}), and
 * writes the group in one transaction ({@link LiveWriter}) before acknowledging it. A group that
 * cannot be applied or stored is undone (the state is reloaded from the store) and its requests are
 * tried alone; one that fails again is refused and recorded as a dead letter. Jobs (rules, models)
 * and the clock's tick (cart timers, the day change) run on the same thread.
 */
final class GroupWriter {
  private sealed interface Task permits Ingest, Job {}

  /**
   * One request's messages.
   *
   * @param batch whether they came as {@code /v1/batch} (named batch[i] in errors) or one message
   */
  private record Ingest(
      List<SegmentMessage> messages,
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

  private static final Task STOP = new Job(tx -> null, new CompletableFuture<>());

  private final LiveWriter writer;
  private final LiveEngine.Options options;
  private final Clock clock;
  private final MessageFold fold;
  private final Memberships memberships;
  private final CartTimers timers;
  private final WebhookQueue webhooks;
  private final Runnable reload;
  private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  // Completes the committed requests' futures. Their dependants run on the completing thread (the
  // HTTP answer: JSON, headers, the socket write), which took about a tenth of the writer thread's
  // time and delayed the next group commit; so a virtual thread per request completes each one.
  private final ExecutorService acks =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tessera-live-ack").factory());
  // messages refused alone because they could not be applied or stored (live_dead_letters)
  private final AtomicLong deadLetters = new AtomicLong();
  // written by the writer thread only
  private volatile WriterStats stats = WriterStats.NONE;
  private volatile boolean failed;
  private long lastTickNanos;

  /**
   * @param reload forgets the in-memory state and loads it again from the store, as a restart does
   */
  GroupWriter(
      LiveWriter writer,
      LiveEngine.Options options,
      Clock clock,
      MessageFold fold,
      Memberships memberships,
      CartTimers timers,
      WebhookQueue webhooks,
      Runnable reload) {
    this.writer = writer;
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
  CompletableFuture<LiveEngine.IngestResult> submit(List<SegmentMessage> messages, boolean batch) {
    CompletableFuture<LiveEngine.IngestResult> f = new CompletableFuture<>();
    queue.add(new Ingest(messages, batch, f, System.nanoTime()));
    return f;
  }

  /** Queues a job; the future completes with its result once its transaction is committed. */
  @SuppressWarnings("unchecked")
  <T> CompletableFuture<T> job(Work work) {
    CompletableFuture<Object> f = new CompletableFuture<>();
    queue.add(new Job(work, f));
    return (CompletableFuture<T>) (CompletableFuture<?>) f;
  }

  int queueLength() {
    return queue.size();
  }

  WriterStats stats() {
    return stats;
  }

  boolean failed() {
    return failed;
  }

  boolean healthy() {
    return !failed && thread.isAlive();
  }

  long deadLetters() {
    return deadLetters.get();
  }

  /** Stops the thread after the queued work. */
  void close() {
    queue.add(STOP);
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    acks.close();
  }

  private void loop() {
    lastTickNanos = System.nanoTime();
    while (true) {
      Task first;
      try {
        first = queue.poll(options.tick().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (first == STOP) {
        return;
      }
      try {
        if (first instanceof Ingest in) {
          ingestGroup(group(in));
        } else if (first instanceof Job job) {
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

  /** The first request and those waiting right behind it, up to the group's size. */
  private List<Ingest> group(Ingest first) {
    List<Ingest> group = new ArrayList<>();
    group.add(first);
    int n = first.messages().size();
    while (n < options.maxBatch() && queue.peek() instanceof Ingest more) {
      queue.poll();
      group.add(more);
      n += more.messages().size();
    }
    return group;
  }

  private void runJob(Job job) {
    GroupTx tx = new GroupTx(clock.instant());
    try {
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

  private void ingestGroup(List<Ingest> group) {
    long started = System.nanoTime();
    long waited = 0;
    long maxWait = 0;
    long count = 0;
    for (Ingest in : group) {
      waited += started - in.queuedAt();
      maxWait = Math.max(maxWait, started - in.queuedAt());
      count += in.messages().size();
    }
    stats = stats.plusGroup(count, waited, maxWait);
    RuntimeException failure;
    try {
      applyAndCommit(group, started);
      return;
    } catch (RuntimeException e) {
      failure = e;
    }
    // A message that passed validation could still not be applied or stored (an exact profile sum
    // that would overflow, a value the store refuses). The in-memory state took part of the group,
    // so it is reloaded from the store, as a restart would; then each request is tried alone, and
    // one that fails again is refused on its own and recorded as a dead letter. The engine goes on.
    if (!recover(failure)) {
      failAll(group, failure);
      return;
    }
    for (int i = 0; i < group.size(); i++) {
      Ingest in = group.get(i);
      try {
        applyAndCommit(List.of(in), System.nanoTime());
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

  /** Folds and commits the requests as one group; refuses a request with a known order id alone. */
  private void applyAndCommit(List<Ingest> group, long started) {
    GroupTx tx = new GroupTx(clock.instant());
    List<Ingest> applied = new ArrayList<>(group.size());
    List<LiveEngine.IngestResult> results = new ArrayList<>(group.size());
    for (Ingest in : group) {
      ApiException duplicate = fold.duplicateOrder(in.messages(), in.batch());
      if (duplicate != null) {
        in.done().completeExceptionally(duplicate);
        continue;
      }
      int accepted = 0;
      int duplicates = 0;
      for (SegmentMessage m : in.messages()) {
        if (!fold.firstTime(m)) {
          duplicates++;
          continue;
        }
        accepted++;
        fold.apply(m, tx);
      }
      applied.add(in);
      results.add(new LiveEngine.IngestResult(accepted, duplicates));
    }
    memberships.evaluateTouched(tx, today());
    long folded = System.nanoTime();
    stats = stats.plusTimes(folded - started, 0, 0);
    commit(tx);
    for (int i = 0; i < applied.size(); i++) {
      CompletableFuture<LiveEngine.IngestResult> done = applied.get(i).done();
      LiveEngine.IngestResult result = results.get(i);
      acks.execute(() -> done.complete(result));
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
    GroupTx tx = new GroupTx(clock.instant());
    try {
      timers.fireDue(now, memberships::nextSeq, tx);
      if (dayChanged) {
        memberships.reevaluateAll(tx, "clock");
      }
      commit(tx);
    } catch (RuntimeException e) {
      recover(e);
    }
  }

  /** Writes the group in one transaction (opened here unless a job opened it). */
  private void commit(GroupTx tx) {
    webhooks.prepare(tx);
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
      stats = stats.plusTimes(0, t1 - t0, t2 - t1);
    } catch (RuntimeException e) {
      writer.rollback();
      throw e;
    }
    webhooks.committed(tx);
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
