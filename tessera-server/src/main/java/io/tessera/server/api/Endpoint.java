package io.tessera.server.api;

import io.javalin.http.Context;
import io.tessera.server.auth.Principal;
import io.tessera.server.auth.Role;
import java.util.Set;

/**
 * One endpoint of the API.
 *
 * @param method GET, POST, PUT or DELETE
 * @param path Javalin path with {@code {param}}s, e.g. {@code /api/v1/customers/{id}}
 * @param summary one line for the OpenAPI document
 * @param roles the roles allowed; empty = no key needed
 * @param tag the OpenAPI tag (feature)
 * @param successStatus the status of a successful call
 * @param streamToken whether a short-lived stream token ({@code ?token=}, see {@code POST
 *     /api/v1/stream-tokens}) is accepted instead of an API key header, for a browser's EventSource
 */
public record Endpoint(
    String method,
    String path,
    String summary,
    Set<Role> roles,
    String tag,
    int successStatus,
    Handler handler,
    boolean streamToken) {

  /** Serves a request of an authenticated (or, when {@code roles} is empty, anonymous) caller. */
  @FunctionalInterface
  public interface Handler {
    void handle(Context ctx, Principal who) throws Exception;
  }

  public Endpoint {
    roles = Set.copyOf(roles);
  }

  /** An endpoint called with an API key (or none, when {@code roles} is empty). */
  public Endpoint(
      String method,
      String path,
      String summary,
      Set<Role> roles,
      String tag,
      int successStatus,
      Handler handler) {
    this(method, path, summary, roles, tag, successStatus, handler, false);
  }

  public boolean isPublic() {
    return roles.isEmpty();
  }
}
