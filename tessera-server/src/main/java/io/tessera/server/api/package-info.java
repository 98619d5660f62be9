/**
 * The REST API: one table of endpoints ({@link io.tessera.server.api.Endpoint}) from which the
 * routes, the role checks and the served OpenAPI document are all made, so they cannot disagree.
 * Each feature has its routes class (customers, segments, rules, changes, runs, webhooks, keys);
 * {@link io.tessera.server.api.ApiRoutes} lists them.
 */
package io.tessera.server.api;
