package io.tessera.store.live;

import io.tessera.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Checkpoints the live store off the group commit's path. DuckDB checkpoints on its own inside the
 * commit that takes its write-ahead log past {@code checkpoint_threshold} (16 MB by default): that
 * commit then writes the tables' new data before it returns, measured at 0.6-1.3 s on the shared
 * machine for a group of 1,000 events, the acknowledgement of every request of the group waiting
 * for it. Here the threshold is raised out of the way and a thread of its own, on a second
 * connection, runs {@code CHECKPOINT} whenever the log has grown past {@link #walBytes}. Durability
 * is the log's, as before: a commit is synced to it before it is acknowledged, and a restart
 * replays what no checkpoint has written yet.
 *
 * <p>A checkpoint does hold up the other connections' commits (measured with DuckDB 2.0.0.1: a
 * group commit that starts while one runs returns just after it, 1.6-1.7 s on the shared machine),
 * so each one's time is counted ({@link #figures}) and shown by the server's {@code /health}. Since
 * the live engine acknowledges from its own log ({@link LiveLog}), only the DuckDB writes behind
 * that log (and the jobs that wait for them) meet such a wait, not an acknowledgement.
 */
public final class Checkpoints implements AutoCloseable {
  /** The log's size past which the thread checkpoints (DuckDB's own default threshold). */
  public static final long WAL_BYTES = 16L << 20;

  private final Store connection;
  private final Path wal;
  private final long walBytes;
  private final Duration every;
  private final Thread thread;
  private volatile boolean stopped;
  private volatile String lastFailure;
  // the checkpoints run so far and their time (this thread writes, /health reads)
  private volatile Figures figures = new Figures(0, 0, 0);

  /**
   * The checkpoints run so far: how many, their time in all and the longest (nanoseconds).
   *
   * @param count checkpoints that ended (a failed one included)
   * @param totalNanos their wall time in all
   * @param longestNanos the longest one's
   */
  public record Figures(long count, long totalNanos, long longestNanos) {
    Figures plus(long nanos) {
      return new Figures(count + 1, totalNanos + nanos, Math.max(longestNanos, nanos));
    }
  }

  private Checkpoints(Store store, long walBytes, Duration every) {
    this.connection = store.newConnection();
    this.wal = Path.of(store.file().toAbsolutePath() + ".wal");
    this.walBytes = walBytes;
    this.every = every;
    this.thread =
        Thread.ofPlatform().name("tessera-live-checkpoint").daemon(true).unstarted(this::loop);
  }

  /**
   * Starts checkpointing a store file (a store in memory has no log: null then). The store's own
   * automatic checkpoint is moved to 1 GB of log, as a backstop should this thread fall behind.
   */
  public static Checkpoints start(Store store, long walBytes, Duration every) {
    if (store.file().toString().equals(":memory:")) {
      return null;
    }
    try {
      store.execute("SET checkpoint_threshold = '1GiB'");
    } catch (java.sql.SQLException e) {
      throw new io.tessera.store.StoreException(
          "cannot set the store's checkpoint threshold: " + e.getMessage(), e);
    }
    Checkpoints c = new Checkpoints(store, walBytes, every);
    c.thread.start();
    return c;
  }

  /** The checkpoints run so far. */
  public Figures figures() {
    return figures;
  }

  /** The last checkpoint's failure (it is tried again at the next turn), or null. */
  public String lastFailure() {
    return lastFailure;
  }

  private void loop() {
    while (!stopped) {
      try {
        Thread.sleep(every);
      } catch (InterruptedException e) {
        return;
      }
      try {
        if (!stopped && Files.exists(wal) && Files.size(wal) >= walBytes) {
          long t0 = System.nanoTime();
          try {
            connection.execute("CHECKPOINT");
          } finally {
            figures = figures.plus(System.nanoTime() - t0);
          }
          lastFailure = null;
        }
      } catch (java.io.IOException | java.sql.SQLException | RuntimeException e) {
        // the log just stays longer until the next turn; the group commits are not affected
        lastFailure =
            e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      }
    }
  }

  /** Stops the thread (after a checkpoint in progress) and closes its connection. */
  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connection.close();
  }
}
