package io.tessera.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request's JSON body within the endpoint's size limit, whatever the transfer encoding: a
 * {@code Content-Length} above the limit is refused before reading (by the server, for every
 * endpoint), and a chunked body is counted as it is read and refused with 413 once it passes the
 * limit, so no body larger than the limit is ever held. The JSON depth is limited by {@link
 * Json#MAX_DEPTH}.
 */
public final class RequestBody {
  /** The context attribute holding the endpoint's limit in bytes. */
  public static final String LIMIT = "tessera.maxBody";

  private RequestBody() {}

  /** The body as a JSON object, or a 400/413 {@link ApiException} saying what is wrong. */
  public static JsonNode object(Context ctx) {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(bytes(ctx));
    } catch (StreamConstraintsException e) {
      throw ApiException.badRequest(
          "invalid_json",
          "the body is nested more than "
              + Json.MAX_DEPTH
              + " levels deep or has a value longer than allowed; flatten it");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw ApiException.badRequest(
          "invalid_json",
          "the body is not valid JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    } catch (IOException e) {
      throw ApiException.badRequest("invalid_json", "the body could not be read");
    }
    if (n == null || !n.isObject()) {
      throw ApiException.badRequest("invalid_json", "the body must be a JSON object");
    }
    return n;
  }

  /** At most the endpoint's limit of bytes; 413 as soon as the body is longer. */
  private static byte[] bytes(Context ctx) throws IOException {
    Integer limit = ctx.attribute(LIMIT);
    int max = limit == null ? Integer.MAX_VALUE - 8 : limit;
    try (InputStream in = ctx.bodyInputStream()) {
      byte[] read = in.readNBytes(max);
      if (read.length == max && in.read() >= 0) {
        throw tooLarge(max);
      }
      return read;
    }
  }

  static ApiException tooLarge(int limit) {
    return new ApiException(
        413,
        "too_large",
        "the body is larger than " + limit + " bytes, the most this endpoint takes");
  }
}
