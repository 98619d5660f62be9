/**
 * The live engine: one writer thread ({@code GroupWriter}) folds accepted messages into the
 * customers' profiles (the batch aggregators of {@code io.tessera.profile}), links anonymous
 * visitors ({@code Identities}), runs cart timers, re-evaluates memberships (rule segments, RFM
 * group, nearest cluster) and writes the events, the membership changes and the webhook deliveries
 * they cause to the store in one transaction per group of requests before acknowledging them.
 * {@link io.tessera.server.live.LiveEngine} is its API; the store's side is {@code
 * io.tessera.store.live}.
 */
package io.tessera.server.live;
