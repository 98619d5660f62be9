package io.tessera.segment.rule;

/**
 * A rule that cannot be parsed or does not type-check. The message names the column (1-based), what
 * was expected and what was found, followed by the rule with a caret under the position.
 */
public final class RuleSyntaxException extends IllegalArgumentException {
  private final int position;
  private final String expected;
  private final String problem;

  RuleSyntaxException(String source, int position, String problem, String expected) {
    super(format(source, position, problem, expected));
    this.position = position;
    this.expected = expected;
    this.problem = problem;
  }

  private static String format(String source, int position, String problem, String expected) {
    StringBuilder sb = new StringBuilder();
    sb.append("rule error at column ").append(position + 1).append(": ").append(problem);
    if (expected != null) {
      sb.append("; expected ").append(expected);
    }
    if (source.length() <= 200 && source.indexOf('\n') < 0) {
      sb.append('\n').append("  ").append(source).append('\n');
      sb.append("  ").append(" ".repeat(Math.min(position, source.length()))).append('^');
    }
    return sb.toString();
  }

  /** 0-based character offset of the problem in the rule text. */
  public int position() {
    return position;
  }

  /** What the parser expected at the position, or null when the problem is not a missing token. */
  public String expected() {
    return expected;
  }

  /** The problem without the position and the excerpt. */
  public String problem() {
    return problem;
  }
}
