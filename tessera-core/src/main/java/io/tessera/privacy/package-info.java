/**
 * Privacy at the boundary: contact details are normalised and replaced by keyed HMAC-SHA256
 * pseudonyms as they enter, so raw emails and phone numbers never reach the store or outputs.
 */
package io.tessera.privacy;
