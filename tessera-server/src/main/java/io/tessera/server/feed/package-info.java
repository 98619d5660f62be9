/**
 * The pushed membership change feed: server-sent events of the change log, resumable by sequence
 * number.
 */
package io.tessera.server.feed;
