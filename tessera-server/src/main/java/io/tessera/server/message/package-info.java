/**
 * The Segment tracking-spec message ({@link io.tessera.server.message.SegmentMessage}): its
 * validation with the batch rules, the mapping of event names onto the contract's event types, and
 * its conversion into contract records. The collect API reads messages; the live engine applies
 * them.
 */
package io.tessera.server.message;
