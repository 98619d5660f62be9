/**
 * The live engine behind {@code tessera serve}: {@link io.tessera.server.TesseraServer} wires the
 * collect API, the live profiles and memberships, webhooks and the REST API onto one Javalin app
 * over one DuckDB store.
 */
package io.tessera.server;
