package io.tessera.segment.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs independent seeded fits (k-means restarts, gap reference sets, stability subsamples) side by
 * side on one platform thread per core.
 *
 * <p>Why not a parallel stream: each fit seeds Smile's thread-local generator and then draws from
 * it, and a fork-join worker that waits for a subtask may run another fit's task on the same thread
 * in between, which would reseed the generator under the first fit. These threads run one task at a
 * time, so each fit draws exactly the numbers it would draw alone and the results do not depend on
 * the number of cores. A task that itself asks for parallel work (a restart inside a gap draw) runs
 * it on its own thread, in order.
 */
final class Parallel {
  private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

  private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(
          THREADS,
          r -> {
            Thread t =
                new Thread(
                    () -> {
                      INSIDE.set(true);
                      r.run();
                    },
                    "tessera-fit");
            t.setDaemon(true);
            return t;
          });

  private Parallel() {}

  /** {@code task(0..count-1)}, in index order. */
  static <T> List<T> map(int count, IntFunction<T> task) {
    List<T> out = new ArrayList<>(count);
    if (count <= 1 || THREADS == 1 || INSIDE.get()) {
      for (int i = 0; i < count; i++) {
        out.add(task.apply(i));
      }
      return out;
    }
    List<Future<T>> futures = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int index = i;
      futures.add(POOL.submit(() -> task.apply(index)));
    }
    try {
      for (Future<T> f : futures) {
        out.add(f.get());
      }
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("clustering was interrupted", e);
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
    return out;
  }
}
