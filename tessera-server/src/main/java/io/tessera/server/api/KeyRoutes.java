package io.tessera.server.api;

import static io.tessera.server.api.Requests.body;
import static io.tessera.server.api.Requests.requireText;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.tessera.server.auth.ApiKeys;
import io.tessera.server.auth.AuditLog;
import io.tessera.server.auth.Principal;
import io.tessera.server.auth.Role;
import io.tessera.server.http.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Keys and audit: list, create and revoke API keys, read the audit log, who the caller is. */
final class KeyRoutes {
  private static final Set<Role> ADMIN = Set.of(Role.ADMIN);

  private final ApiKeys keys;
  private final AuditLog audit;

  KeyRoutes(ApiKeys keys, AuditLog audit) {
    this.keys = keys;
    this.audit = audit;
  }

  List<Endpoint> endpoints(String v) {
    return List.of(
        new Endpoint(
            "GET",
            v + "/keys",
            "The API keys (never their secrets)",
            ADMIN,
            "keys",
            200,
            (ctx, who) -> ctx.json(Map.of("keys", keys.list()))),
        new Endpoint(
            "POST",
            v + "/keys",
            "Creates an API key {name, role}; the key is shown once",
            ADMIN,
            "keys",
            201,
            this::create),
        new Endpoint(
            "DELETE", v + "/keys/{id}", "Revokes an API key", ADMIN, "keys", 204, this::revoke),
        new Endpoint(
            "GET",
            v + "/audit",
            "Reads of customers' personal data, newest first",
            ADMIN,
            "audit",
            200,
            this::audit),
        new Endpoint(
            "GET",
            v + "/me",
            "The calling key's id, name and role",
            Role.ALL_USERS,
            "keys",
            200,
            (ctx, who) ->
                ctx.json(
                    Map.of("id", who.keyId(), "name", who.name(), "role", who.role().wireName()))));
  }

  private void create(Context ctx, Principal who) {
    JsonNode body = body(ctx);
    Role role;
    try {
      role = Role.fromWire(requireText(body, "role"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid_key", e.getMessage());
    }
    ApiKeys.NewKey k = keys.create(requireText(body, "name"), role);
    ctx.status(201)
        .json(
            Map.of(
                "key",
                k.key(),
                "id",
                k.info().id(),
                "name",
                k.info().name(),
                "role",
                role.wireName()));
  }

  private void revoke(Context ctx, Principal who) {
    String id = ctx.pathParam("id");
    if (id.equals(who.keyId())) {
      throw new ApiException(409, "own_key", "a key cannot revoke itself; use another admin key");
    }
    if (!keys.revoke(id)) {
      throw ApiException.notFound("no active key with id '" + id + "'");
    }
    ctx.status(204);
  }

  private void audit(Context ctx, Principal who) {
    ctx.json(
        Map.of(
            "entries",
            audit.latest(
                ctx.queryParam("customer_id"), Requests.intParam(ctx, "limit", 100, 1, 1000))));
  }
}
