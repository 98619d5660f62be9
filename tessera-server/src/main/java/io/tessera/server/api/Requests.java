package io.tessera.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.tessera.server.http.ApiException;
import io.tessera.server.http.Json;
import io.tessera.server.http.RequestBody;
import java.io.IOException;

/** Reading an API request's body and parameters, with the API's messages for bad ones. */
final class Requests {
  private Requests() {}

  static JsonNode body(Context ctx) {
    return RequestBody.object(ctx);
  }

  static String requireText(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw ApiException.badRequest("missing_field", field + " is required (a non-empty string)");
    }
    return v.asText();
  }

  /** Stored JSON text as a tree (kept as a string when it does not parse). */
  static JsonNode readTree(String json) {
    try {
      return json == null ? null : Json.MAPPER.readTree(json);
    } catch (IOException e) {
      return Json.MAPPER.getNodeFactory().textNode(json);
    }
  }

  static int intParam(Context ctx, String name, int dflt, int min, int max) {
    String s = ctx.queryParam(name);
    if (s == null) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(s);
      if (v < min || v > max) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "invalid_parameter",
          name + " must be a whole number in " + min + ".." + max + ", got '" + s + "'");
    }
  }

  static long longParam(Context ctx, String name) {
    String s = ctx.queryParam(name);
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "invalid_parameter", name + " must be a whole number, got '" + s + "'");
    }
  }
}
