package io.tessera.pipeline.work;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Work on a platform thread of its own (a stage beside another), or done by {@link #join} on the
 * run's thread, whose value, failure and own time the run's thread takes with {@link #join}.
 */
public final class Side<T> {
  private final FutureTask<T> task;
  private boolean onJoin;
  private final AtomicLong nanos = new AtomicLong();
  private long waited;

  private Side(Callable<T> work) {
    this.task =
        new FutureTask<>(
            () -> {
              long t = System.nanoTime();
              try {
                return work.call();
              } finally {
                nanos.addAndGet(System.nanoTime() - t);
              }
            });
  }

  public static <T> Side<T> start(String name, Callable<T> work) {
    Side<T> side = new Side<>(work);
    Thread.ofPlatform().name(name).daemon(true).start(side.task);
    return side;
  }

  /** Work that {@link #join} does on the calling thread, none of it beside. */
  public static <T> Side<T> onJoin(Callable<T> work) {
    Side<T> side = new Side<>(work);
    side.onJoin = true;
    return side;
  }

  /** The run thread's work while this runs; its failure drops this work and is thrown. */
  public <R> R beside(Callable<R> work) throws IOException {
    try {
      return work.call();
    } catch (RuntimeException | IOException e) {
      cancel();
      throw e;
    } catch (Exception e) {
      cancel();
      throw new IllegalStateException(e);
    }
  }

  /** How long {@link #join} waited for the work, in nanoseconds. */
  public long waited() {
    return waited;
  }

  /** Adds time spent on the work elsewhere (its reading, on the run's thread). */
  public void add(long more) {
    nanos.addAndGet(more);
  }

  /** The work's own time so far, in milliseconds. */
  public long millis() {
    return nanos.get() / 1_000_000;
  }

  /** Waits for the value; the work's failure is thrown as it was thrown. */
  public T join() throws IOException {
    long t = System.nanoTime();
    try {
      if (onJoin) {
        task.run();
      }
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a stage", e);
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case RuntimeException r -> throw r;
        case Error err -> throw err;
        case IOException io -> throw io;
        default -> throw new IllegalStateException("a stage failed", e.getCause());
      }
    } finally {
      waited = System.nanoTime() - t;
    }
  }

  /** Drops the work (the run failed elsewhere); a step under way ends on its own. */
  public void cancel() {
    task.cancel(true);
  }
}
