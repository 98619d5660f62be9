package io.tessera.server.live;

/**
 * What the writer thread has done since start (cumulative; two snapshots give a period's figures).
 *
 * @param groups group commits of messages
 * @param messages messages in them (duplicates included)
 * @param waitNanos summed time requests waited in the queue before their group started
 * @param maxWaitNanos the longest such wait
 * @param foldNanos time folding records into profiles and re-evaluating memberships
 * @param writeNanos time appending rows to the store (before the commit)
 * @param commitNanos time in the store's commit (WAL write and sync)
 */
public record WriterStats(
    long groups,
    long messages,
    long waitNanos,
    long maxWaitNanos,
    long foldNanos,
    long writeNanos,
    long commitNanos) {

  static final WriterStats NONE = new WriterStats(0, 0, 0, 0, 0, 0, 0);

  /** These counts with one more group of {@code messages} that waited as given. */
  WriterStats plusGroup(long messages, long waited, long maxWait) {
    return new WriterStats(
        groups + 1,
        this.messages + messages,
        waitNanos + waited,
        Math.max(maxWaitNanos, maxWait),
        foldNanos,
        writeNanos,
        commitNanos);
  }

  /** These counts with more time spent folding, writing and committing. */
  WriterStats plusTimes(long fold, long write, long commit) {
    return new WriterStats(
        groups,
        messages,
        waitNanos,
        maxWaitNanos,
        foldNanos + fold,
        writeNanos + write,
        commitNanos + commit);
  }
}
