/**
 * The live engine: one writer thread folds accepted messages into the customers' profiles (the
 * batch aggregators of {@code io.tessera.profile}), re-evaluates their memberships (RFM group, rule
 * segments), and writes the events, the membership changes and the webhook deliveries they cause to
 * the store in one transaction per group of requests before acknowledging them.
 */
package io.tessera.server.live;
