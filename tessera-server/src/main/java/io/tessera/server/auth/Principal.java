package io.tessera.server.auth;

/** The key a request came with: its id (not secret), name and role. */
public record Principal(String keyId, String name, Role role) {}
