package io.tessera.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.server.Json;
import io.tessera.server.auth.Role;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The OpenAPI 3.1 document of the endpoint table, served at {@code /openapi.json}. */
public final class OpenApi {
  private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");

  private OpenApi() {}

  public static ObjectNode document(List<Endpoint> endpoints, String version) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("openapi", "3.1.0");
    ObjectNode info = root.putObject("info");
    info.put("title", "Tessera live engine");
    info.put("version", version);
    info.put(
        "description",
        "Collect API (Segment tracking spec), live customer profiles and segments, rule segments,"
            + " webhooks. Errors are {\"code\", \"message\"}. Roles per operation are in"
            + " x-roles.");
    ObjectNode schemes = root.putObject("components").putObject("securitySchemes");
    schemes.putObject("apiKey").put("type", "http").put("scheme", "bearer");
    schemes.putObject("writeKey").put("type", "http").put("scheme", "basic");
    ObjectNode error =
        ((ObjectNode) root.get("components")).putObject("schemas").putObject("Error");
    error.put("type", "object");
    error.putArray("required").add("code").add("message");
    error.putObject("properties").putObject("code").put("type", "string");
    ((ObjectNode) error.get("properties")).putObject("message").put("type", "string");
    ObjectNode paths = root.putObject("paths");
    for (Endpoint e : endpoints) {
      ObjectNode path =
          paths.has(e.path()) ? (ObjectNode) paths.get(e.path()) : paths.putObject(e.path());
      ObjectNode op = path.putObject(e.method().toLowerCase(Locale.ROOT));
      op.put("summary", e.summary());
      op.putArray("tags").add(e.tag());
      op.put(
          "operationId",
          e.method().toLowerCase(Locale.ROOT)
              + e.path().replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", "_"));
      ArrayNode roles = op.putArray("x-roles");
      e.roles().stream().map(Role::wireName).sorted().forEach(roles::add);
      if (!e.isPublic()) {
        op.putArray("security")
            .addObject()
            .putArray(e.roles().contains(Role.SOURCE) ? "writeKey" : "apiKey");
      } else {
        op.putArray("security");
      }
      Matcher m = PARAM.matcher(e.path());
      ArrayNode params = null;
      while (m.find()) {
        if (params == null) {
          params = op.putArray("parameters");
        }
        params
            .addObject()
            .put("name", m.group(1))
            .put("in", "path")
            .put("required", true)
            .putObject("schema")
            .put("type", "string");
      }
      ObjectNode responses = op.putObject("responses");
      responses.putObject(Integer.toString(e.successStatus())).put("description", "success");
      for (String code : List.of("400", "401", "403", "404", "413", "429")) {
        responses
            .putObject(code)
            .put("description", "error")
            .putObject("content")
            .putObject("application/json")
            .putObject("schema")
            .put("$ref", "#/components/schemas/Error");
      }
    }
    return root;
  }
}
