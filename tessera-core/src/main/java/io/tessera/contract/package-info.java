/**
 * The canonical data contract (DESIGN.md "Data contract"): the few record types every source is
 * mapped into. Each record validates its fields in its compact constructor, so a value of these
 * types is always a valid row; optional fields are {@code null} when absent.
 */
package io.tessera.contract;
