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

  /** One more group commit. */
  static final WriterStats GROUP = new WriterStats(1, 0, 0, 0, 0, 0, 0);

  /** A request of {@code messages} taken into a group after waiting {@code waited}. */
  static WriterStats request(long messages, long waited) {
    return new WriterStats(0, messages, waited, waited, 0, 0, 0);
  }

  /** Time folding records into profiles and re-evaluating memberships. */
  static WriterStats fold(long nanos) {
    return new WriterStats(0, 0, 0, 0, nanos, 0, 0);
  }

  /** Time appending rows and committing them. */
  static WriterStats write(long append, long commit) {
    return new WriterStats(0, 0, 0, 0, 0, append, commit);
  }

  /** These counts and {@code d}'s (the longest wait of either). */
  WriterStats plus(WriterStats d) {
    return new WriterStats(
        groups + d.groups,
        messages + d.messages,
        waitNanos + d.waitNanos,
        Math.max(maxWaitNanos, d.maxWaitNanos),
        foldNanos + d.foldNanos,
        writeNanos + d.writeNanos,
        commitNanos + d.commitNanos);
  }
}
