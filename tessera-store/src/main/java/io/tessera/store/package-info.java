/** The embedded DuckDB store: sources mapped by SQL, canonical tables, quarantine, runs. */
package io.tessera.store;
