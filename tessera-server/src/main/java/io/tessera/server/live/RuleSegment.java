package io.tessera.server.live;

import io.tessera.segment.rule.RuleExpr;
import io.tessera.segment.rule.RuleParser;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A rule segment: an id, a display name and a rule in the rule language ({@link RuleParser}).
 *
 * @param id lower-case letters, digits, '_' and '-' (1-64); the segment id is {@code rule:<id>}
 * @param version 1 on creation, +1 per update
 */
public record RuleSegment(
    String id,
    String name,
    String expression,
    RuleExpr.Condition condition,
    Instant updatedAt,
    int version) {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  public RuleSegment {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "id must be 1-64 lower-case letters, digits, '_' or '-', starting with a letter or digit;"
              + " got: "
              + id);
    }
    if (name == null || name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("name is required (at most 200 characters)");
    }
  }

  /** Parses and validates; throws {@link io.tessera.segment.rule.RuleSyntaxException}. */
  public static RuleSegment of(String id, String name, String expression, Instant at, int version) {
    return new RuleSegment(id, name, expression, RuleParser.parse(expression), at, version);
  }

  public String segmentId() {
    return "rule:" + id;
  }
}
