/**
 * Triggers and webhooks: registered receivers, the deliveries that membership changes and timed
 * triggers raise (written with the change, in the same transaction), and the deliverer that posts
 * them signed with HMAC-SHA256, retries with exponential backoff and records every attempt.
 */
package io.tessera.server.hook;
