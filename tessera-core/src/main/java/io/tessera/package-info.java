/**
 * Tessera's framework-free core: the data contract, ingest validation, profiles, features,
 * segmentation, predictions and privacy. Sub-packages are cut by feature; nothing here depends on a
 * web framework, a database driver, Spark or Kafka (see {@code CoreArchitectureTest}).
 */
package io.tessera;
