package io.tessera.server.api;

import static io.tessera.server.api.Requests.body;
import static io.tessera.server.api.Requests.requireText;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.tessera.segment.rule.RuleParser;
import io.tessera.segment.rule.RuleSyntaxException;
import io.tessera.server.auth.Principal;
import io.tessera.server.auth.Role;
import io.tessera.server.http.ApiException;
import io.tessera.server.live.LiveEngine;
import io.tessera.server.live.RuleSegment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rule segments: list, check a rule's syntax, create, replace, delete. */
final class RuleRoutes {
  private final LiveEngine engine;

  RuleRoutes(LiveEngine engine) {
    this.engine = engine;
  }

  List<Endpoint> endpoints(String v) {
    return List.of(
        new Endpoint(
            "GET", v + "/rules", "The rule segments", Role.ALL_USERS, "rules", 200, this::rules),
        new Endpoint(
            "POST",
            v + "/rules/validate",
            "Checks a rule's syntax without saving it",
            Role.ALL_USERS,
            "rules",
            200,
            this::validate),
        new Endpoint(
            "POST",
            v + "/rules",
            "Creates a rule segment {id, name, expression}",
            Role.EDITORS,
            "rules",
            201,
            this::create),
        new Endpoint(
            "PUT",
            v + "/rules/{id}",
            "Replaces a rule segment's name and expression",
            Role.EDITORS,
            "rules",
            200,
            this::update),
        new Endpoint(
            "DELETE",
            v + "/rules/{id}",
            "Deletes a rule segment (its members leave it)",
            Role.EDITORS,
            "rules",
            204,
            this::delete));
  }

  private void rules(Context ctx, Principal who) {
    ctx.json(Map.of("rules", engine.rules().stream().map(RuleRoutes::rule).toList()));
  }

  private static Map<String, Object> rule(RuleSegment r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("segment_id", r.segmentId());
    m.put("name", r.name());
    m.put("expression", r.expression());
    m.put("canonical", r.condition().toString());
    m.put("version", r.version());
    m.put("updated_at", r.updatedAt().toString());
    return m;
  }

  private void validate(Context ctx, Principal who) {
    JsonNode body = body(ctx);
    String expression = requireText(body, "expression");
    try {
      ctx.json(Map.of("valid", true, "canonical", RuleParser.parse(expression).toString()));
    } catch (RuleSyntaxException e) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("valid", false);
      out.put("message", e.getMessage());
      out.put("position", e.position());
      out.put("expected", e.expected());
      ctx.json(out);
    }
  }

  private void create(Context ctx, Principal who) {
    JsonNode body = body(ctx);
    String id = requireText(body, "id");
    if (engine.rule(id) != null) {
      throw new ApiException(
          409, "exists", "a rule segment with id '" + id + "' exists; PUT to change it");
    }
    save(ctx, id, body, 201);
  }

  private void update(Context ctx, Principal who) {
    String id = ctx.pathParam("id");
    if (engine.rule(id) == null) {
      throw ApiException.notFound("no rule segment with id '" + id + "'");
    }
    save(ctx, id, body(ctx), 200);
  }

  private void save(Context ctx, String id, JsonNode body, int status) {
    String name = requireText(body, "name");
    String expression = requireText(body, "expression");
    var future = engine.putRule(id, name, expression);
    ctx.future(() -> future.thenAccept(r -> ctx.status(status).json(rule(r))));
  }

  private void delete(Context ctx, Principal who) {
    String id = ctx.pathParam("id");
    ctx.future(
        () ->
            engine
                .deleteRule(id)
                .thenAccept(
                    found -> {
                      if (!found) {
                        throw ApiException.notFound("no rule segment with id '" + id + "'");
                      }
                      ctx.status(204);
                    }));
  }
}
