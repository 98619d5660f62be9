package io.tessera.profile;

/**
 * A mergeable, mutable per-customer figure: a monoid over records.
 *
 * <p>Contract, checked by the property tests: for any records and any split of them into parts,
 * folding each part with {@link #add} in any order and then merging the parts in any grouping and
 * any order yields a state whose values equal those of one sequential fold, bit for bit. The
 * implementations achieve this by keeping only canonical state: counts, fixed-point sums (no
 * floating-point accumulation, whose rounding depends on order), minima / maxima and sorted
 * primitive arrays. Values are derived from that state only when asked for.
 *
 * <p>The shape matches Spark's {@code Aggregator} (zero = a new instance, reduce = {@code add},
 * merge = {@code merge}, finish = the accessors) and Kafka Streams' aggregate, so the same class
 * runs in the batch fold, the live engine and a distributed job.
 *
 * @param <R> the record type the figure consumes
 * @param <A> the aggregator's own type
 */
public interface Aggregator<R, A extends Aggregator<R, A>> {

  /** Folds one record into this state. */
  void add(R record);

  /**
   * Folds another state of the same customer into this one. {@code other} is left unchanged;
   * merging a state with a copy of itself counts its records twice, as adding them twice would.
   *
   * @throws IllegalArgumentException when the two states were made with different settings
   */
  void merge(A other);

  /** A deep copy with the same state; later changes to either do not affect the other. */
  A copy();
}
