package io.tessera.server.http;

/**
 * A request that cannot be served, answered as {@code {"code": ..., "message": ...}} with the given
 * HTTP status. Messages are written for the caller: they name the field and what to do. A refused
 * collect message also carries the field and the reason, the quarantine reason a batch row with the
 * same value gets ({@code {"code": "invalid_message", "reason": "negative_amount", "field":
 * "batch[3].properties.total", ...}}).
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final String reason;
  private final String field;

  public ApiException(int status, String code, String message) {
    this(status, code, message, null, null);
  }

  private ApiException(int status, String code, String message, String reason, String field) {
    super(message);
    this.status = status;
    this.code = code;
    this.reason = reason;
    this.field = field;
  }

  /** A refused value: 400 with the code, the message, the reason's wire name and the field. */
  public static ApiException refused(String code, String message, String reason, String field) {
    return new ApiException(400, code, message, reason, field);
  }

  /** The quarantine reason's wire name of a refused value, or null. */
  public String reason() {
    return reason;
  }

  /** The refused field, e.g. {@code batch[3].timestamp}, or null. */
  public String field() {
    return field;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }
}
