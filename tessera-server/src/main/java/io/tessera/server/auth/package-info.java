/**
 * Access control: API keys with roles (stored as SHA-256 hashes, shown once), per-key rate limits,
 * and the audit log of reads of a customer's personal data.
 */
package io.tessera.server.auth;
