/**
 * Per-customer results held in columns: customer ids once, in ascending order, and each figure in a
 * primitive array or a dictionary of shared texts, read through {@link java.util.Map} views. A tree
 * map of boxed figures, lists and strings per customer made most of a run's heap at churn's and the
 * recommendations' peak (issue 14).
 */
package io.tessera.pipeline.columns;
