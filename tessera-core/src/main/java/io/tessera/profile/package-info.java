/**
 * Per-customer profiles as mergeable aggregates (DESIGN.md "Core ideas" 2). Every figure is an
 * {@link io.tessera.profile.Aggregator} whose state is canonical (integers, fixed-point sums,
 * sorted primitive arrays), so folding records in any order and merging partial profiles in any
 * grouping gives bit-identical values: the batch fold, the live engine and a Spark job agree.
 */
package io.tessera.profile;
