/**
 * What every HTTP feature of the server shares, and nothing else: the API error ({@link
 * io.tessera.server.http.ApiException}), the one JSON mapper and the bounded request body reader.
 * It depends on no other package of the server.
 */
package io.tessera.server.http;
