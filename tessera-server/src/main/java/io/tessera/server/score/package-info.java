/**
 * Customers' predicted scores on the API: the batch run's churn, lifetime value and next purchase
 * loaded into the store, and lifetime value computed live from the run's BG/NBD and Gamma-Gamma
 * parameters.
 */
package io.tessera.server.score;
