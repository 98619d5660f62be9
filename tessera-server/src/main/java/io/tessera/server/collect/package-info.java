/**
 * The collect API, compatible with the Segment tracking spec ({@code /v1/track}, {@code identify},
 * {@code page}, {@code screen}, {@code alias}, {@code batch}): requests are read into validated
 * messages ({@code io.tessera.server.message}) and handed to the live engine.
 */
package io.tessera.server.collect;
