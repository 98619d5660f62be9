/**
 * Batch runs started from the API ({@code POST /api/v1/runs}): the store's canonical tables are
 * exported to a run folder, the batch pipeline registered by {@code tessera serve} runs over them
 * in the background, and its clustering model becomes the live one.
 */
package io.tessera.server.runs;
