package io.tessera.server.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.ingest.FieldParser;
import io.tessera.ingest.QuarantineReason;
import io.tessera.ingest.Rejection;
import io.tessera.server.http.ApiException;
import io.tessera.server.http.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;

/**
 * One message of the Segment tracking spec, validated.
 *
 * @param type track, identify, page, screen or alias
 * @param messageId the sender's id; a retried message carries the same one (generated when absent)
 * @param userId the customer's id in the sender's system, or null
 * @param anonymousId the device/browser id before sign-in, or null
 * @param previousId alias only: the earlier id being linked to {@code userId}
 * @param event track only: the event name, e.g. "Product Added"
 * @param timestamp when it happened (the receive time when the sender gave none), within 1990 to a
 *     day after the receive time
 * @param properties track/page properties (empty object when absent)
 * @param traits identify traits (empty object when absent)
 * @param context the sender's context (empty object when absent)
 */
public record SegmentMessage(
    String type,
    String messageId,
    String userId,
    String anonymousId,
    String previousId,
    String event,
    Instant timestamp,
    ObjectNode properties,
    ObjectNode traits,
    ObjectNode context) {

  /** Longest accepted id (userId, anonymousId, messageId). */
  public static final int MAX_ID = 256;

  /**
   * Reads one message. {@code defaultType} is the endpoint's type ({@code /v1/track} → track), or
   * null inside a batch where each message names its own.
   *
   * @param where the message's place for error messages, e.g. {@code batch[3]}
   */
  public static SegmentMessage read(JsonNode node, String defaultType, String where, Instant now) {
    return read(node, defaultType, where, new FieldParser(ZoneOffset.UTC, now));
  }

  /**
   * Reads one message, its timestamp parsed and checked by the batch rules ({@link FieldParser},
   * {@link io.tessera.ingest.RecordRules}): ISO-8601 with or without offset, or a date, in the
   * window 1990 to a day after the receiving clock.
   *
   * @param parse the parser of the receiving clock and the zone of timestamps without an offset
   */
  public static SegmentMessage read(
      JsonNode node, String defaultType, String where, FieldParser parse) {
    if (node == null || !node.isObject()) {
      throw invalid(where, "must be a JSON object");
    }
    String type = text(node, "type", where);
    if (type == null) {
      type = defaultType;
    }
    if (type == null) {
      throw missing(
          where + ".type", "is required in a batch (track, identify, page, screen or alias)");
    }
    type = type.toLowerCase(Locale.ROOT);
    if (defaultType != null && !type.equals(defaultType)) {
      throw invalid(where + ".type", "is '" + type + "' but was sent to /v1/" + defaultType);
    }
    switch (type) {
      case "track", "identify", "page", "screen", "alias" -> {}
      case "group" ->
          throw invalid(
              where + ".type",
              "'group' is not supported yet; send track, identify, page, screen or alias");
      default ->
          throw invalid(
              where + ".type",
              "must be track, identify, page, screen or alias, got '" + type + "'");
    }
    String userId = id(node, "userId", where);
    String anonymousId = id(node, "anonymousId", where);
    String previousId = id(node, "previousId", where);
    String messageId = id(node, "messageId", where);
    if (messageId == null) {
      messageId = "generated-" + UUID.randomUUID();
    }
    if (userId == null && anonymousId == null) {
      throw missing(where, "needs a userId or an anonymousId");
    }
    String event = text(node, "event", where);
    if (type.equals("track") && (event == null || event.isBlank())) {
      throw missing(where + ".event", "is required for track (e.g. \"Product Added\")");
    }
    if (type.equals("identify") && userId == null) {
      throw missing(where + ".userId", "is required for identify (it links the anonymousId to it)");
    }
    if (type.equals("alias") && (previousId == null || userId == null)) {
      throw missing(where, "alias needs previousId and userId");
    }
    if (type.equals("page") || type.equals("screen")) {
      event = type.equals("page") ? "page_view" : "Application Opened";
    }
    Instant timestamp = null;
    String ts = text(node, "timestamp", where);
    String field = where + ".timestamp";
    try {
      if (ts != null && !ts.isBlank()) {
        timestamp = parse.parseInstant(ts, field);
        parse.checkRange(timestamp, field);
      } else {
        timestamp = parse.now();
      }
    } catch (Rejection r) {
      throw rejected(r, field);
    }
    return new SegmentMessage(
        type,
        messageId,
        userId,
        anonymousId,
        previousId,
        event,
        timestamp,
        object(node, "properties", where),
        object(node, "traits", where),
        object(node, "context", where));
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw invalid(where + "." + field, "must be a string");
    }
    return v.asText();
  }

  private static String id(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() && !v.isIntegralNumber()) {
      throw invalid(where + "." + field, "must be a string");
    }
    String s = v.asText().strip();
    if (s.isEmpty()) {
      return null;
    }
    if (s.length() > MAX_ID) {
      throw invalid(where + "." + field, "is longer than " + MAX_ID + " characters");
    }
    return s;
  }

  private static ObjectNode object(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Json.MAPPER.createObjectNode();
    }
    if (!v.isObject()) {
      throw invalid(where + "." + field, "must be a JSON object");
    }
    return (ObjectNode) v;
  }

  /** A value of the wrong type or out of the contract (quarantine reason invalid_value). */
  public static ApiException invalid(String field, String problem) {
    return ApiException.refused(
        "invalid_message", field + " " + problem, QuarantineReason.INVALID_VALUE.wireName(), field);
  }

  /** A required value that is absent (quarantine reason missing_required). */
  static ApiException missing(String field, String problem) {
    return ApiException.refused(
        "invalid_message",
        field + " " + problem,
        QuarantineReason.MISSING_REQUIRED.wireName(),
        field);
  }

  /** A value the shared record rules refused; its message already starts with the field. */
  static ApiException rejected(Rejection r, String field) {
    return ApiException.refused("invalid_message", r.getMessage(), r.reason().wireName(), field);
  }
}
