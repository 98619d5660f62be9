/** The load generator of the live-engine benchmark ({@code scripts/bench-serve}). */
package io.tessera.server.bench;
