/**
 * The segment catalog: named segments of any kind (RFM group, cluster, rule) with their size,
 * value, journey stage, actions and the features that set them apart from the population.
 */
package io.tessera.segment;
