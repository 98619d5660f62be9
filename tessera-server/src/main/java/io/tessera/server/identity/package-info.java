/**
 * Identity resolution in the live server: the store's identity graph (core's {@code
 * io.tessera.identity}, resolved as a batch run resolves it), served and un-merged over the API.
 */
package io.tessera.server.identity;
