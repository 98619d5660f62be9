/**
 * The collect API, compatible with the Segment tracking spec ({@code /v1/track}, {@code identify},
 * {@code page}, {@code screen}, {@code alias}, {@code batch}): messages are validated, their event
 * names mapped onto the contract's event types, and turned into contract records.
 */
package io.tessera.server.collect;
