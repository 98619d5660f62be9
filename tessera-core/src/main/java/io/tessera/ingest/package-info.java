/**
 * Ingest validation: turns a raw row of text fields into a contract record or a quarantine reason,
 * and the data-health figures that account for every row read. Storage lives in tessera-store.
 */
package io.tessera.ingest;
