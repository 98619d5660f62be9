package io.tessera.segment.rule;

import io.tessera.contract.EventType;
import io.tessera.profile.ProfileField;
import io.tessera.segment.rule.RuleExpr.And;
import io.tessera.segment.rule.RuleExpr.Arithmetic;
import io.tessera.segment.rule.RuleExpr.ArithmeticOperator;
import io.tessera.segment.rule.RuleExpr.BooleanLiteral;
import io.tessera.segment.rule.RuleExpr.Comparison;
import io.tessera.segment.rule.RuleExpr.Condition;
import io.tessera.segment.rule.RuleExpr.CountRef;
import io.tessera.segment.rule.RuleExpr.FieldRef;
import io.tessera.segment.rule.RuleExpr.Negation;
import io.tessera.segment.rule.RuleExpr.Not;
import io.tessera.segment.rule.RuleExpr.NumberLiteral;
import io.tessera.segment.rule.RuleExpr.Operator;
import io.tessera.segment.rule.RuleExpr.Or;
import io.tessera.segment.rule.RuleExpr.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Parses the rule language into a {@link RuleExpr.Condition}.
 *
 * <pre>
 * rule       := or END
 * or         := and ("or" and)*
 * and        := not ("and" not)*
 * not        := "not" not | comparison
 * comparison := sum (("==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") sum)?
 * sum        := product (("+" | "-") product)*
 * product    := unary (("*" | "/") unary)*
 * unary      := "-" unary | primary
 * primary    := NUMBER | "true" | "false" | FIELD
 *             | "count" "(" EVENT_TYPE ("," WINDOW)? ")" | "(" or ")"
 * WINDOW     := INTEGER ("d" | "w")          e.g. 7d, 2w (calendar days ending with the as-of day)
 * </pre>
 *
 * FIELD is a profile field's wire name ({@link ProfileField}, e.g. {@code recency_days}),
 * EVENT_TYPE a contract event type ({@link EventType}, e.g. {@code add_to_cart}, or {@code
 * custom}). Keywords are case-insensitive. Comparisons do not chain ({@code 1 < x < 3} is an error:
 * write {@code 1 < x and x < 3}). Operands are type-checked: {@code and}, {@code or} and {@code
 * not} take conditions, comparisons and arithmetic take numbers. A comparison with an undefined
 * value (NaN: recency of a customer who never bought, a division by zero) is false, except {@code
 * !=}.
 */
public final class RuleParser {
  /** Longer rule texts are refused (they are typed by people; this bounds parsing work). */
  public static final int MAX_LENGTH = 4000;

  /** Deeper nesting is refused, so that no rule can exhaust the parser's stack. */
  public static final int MAX_DEPTH = 64;

  private static final int MAX_WINDOW_DAYS = 3660;

  private static final String OPERATORS = "a comparison operator (==, !=, <, <=, >, >=)";

  private final String source;
  private final List<Token> tokens;
  private int next;
  private int depth;

  private RuleParser(String source, List<Token> tokens) {
    this.source = source;
    this.tokens = tokens;
  }

  /**
   * Parses a rule.
   *
   * @throws RuleSyntaxException naming the position, the problem and what was expected
   */
  public static Condition parse(String source) {
    if (source == null || source.isBlank()) {
      throw new RuleSyntaxException(
          source == null ? "" : source, 0, "the rule is empty", "a condition");
    }
    if (source.length() > MAX_LENGTH) {
      throw new RuleSyntaxException(
          "",
          MAX_LENGTH,
          "the rule is longer than " + MAX_LENGTH + " characters (" + source.length() + ")",
          null);
    }
    RuleParser p = new RuleParser(source, lex(source));
    RuleExpr e = p.or();
    Token end = p.peek();
    if (end.kind != Kind.END) {
      String expected = e instanceof Value ? OPERATORS : "'and', 'or' or the end of the rule";
      throw p.error(end, "unexpected " + end.describe(), expected);
    }
    return p.condition(e, p.tokens.get(0), "the rule");
  }

  // ---- grammar ----

  private RuleExpr or() {
    RuleExpr left = and();
    while (peek().isKeyword("or")) {
      Token op = take();
      Condition l = condition(left, op, "'or'");
      Token at = peek();
      left = new Or(l, condition(and(), at, "'or'"));
    }
    return left;
  }

  private RuleExpr and() {
    RuleExpr left = not();
    while (peek().isKeyword("and")) {
      Token op = take();
      Condition l = condition(left, op, "'and'");
      Token at = peek();
      left = new And(l, condition(not(), at, "'and'"));
    }
    return left;
  }

  private RuleExpr not() {
    if (peek().isKeyword("not")) {
      take();
      enter();
      Token at = peek();
      RuleExpr operand = not();
      depth--;
      return new Not(condition(operand, at, "'not'"));
    }
    return comparison();
  }

  private RuleExpr comparison() {
    Token startToken = peek();
    RuleExpr left = sum();
    Token t = peek();
    if (t.kind != Kind.OPERATOR) {
      return left;
    }
    take();
    Operator op = operator(t);
    Token rightStart = peek();
    RuleExpr right = sum();
    Comparison c =
        new Comparison(
            value(left, startToken, "'" + t.text + "'"),
            op,
            value(right, rightStart, "'" + t.text + "'"));
    Token after = peek();
    if (after.kind == Kind.OPERATOR) {
      throw error(
          after, "comparisons do not chain", "'and' between two comparisons, e.g. 1 < x and x < 3");
    }
    return c;
  }

  private RuleExpr sum() {
    Token startToken = peek();
    RuleExpr left = product();
    while (peek().isSymbol("+") || peek().isSymbol("-")) {
      Token op = take();
      Value l = value(left, startToken, "'" + op.text + "'");
      Token at = peek();
      Value r = value(product(), at, "'" + op.text + "'");
      left =
          new Arithmetic(
              l, op.text.equals("+") ? ArithmeticOperator.ADD : ArithmeticOperator.SUBTRACT, r);
    }
    return left;
  }

  private RuleExpr product() {
    Token startToken = peek();
    RuleExpr left = unary();
    while (peek().isSymbol("*") || peek().isSymbol("/")) {
      Token op = take();
      Value l = value(left, startToken, "'" + op.text + "'");
      Token at = peek();
      Value r = value(unary(), at, "'" + op.text + "'");
      left =
          new Arithmetic(
              l, op.text.equals("*") ? ArithmeticOperator.MULTIPLY : ArithmeticOperator.DIVIDE, r);
    }
    return left;
  }

  private RuleExpr unary() {
    if (peek().isSymbol("-")) {
      take();
      enter();
      Token at = peek();
      RuleExpr operand = unary();
      depth--;
      return new Negation(value(operand, at, "'-'"));
    }
    return primary();
  }

  private RuleExpr primary() {
    Token t = take();
    switch (t.kind) {
      case NUMBER -> {
        return new NumberLiteral(Double.parseDouble(t.text));
      }
      case WINDOW ->
          throw error(t, "a window such as " + t.text + " may only appear in count()", "a number");
      case OPEN -> {
        enter();
        RuleExpr inner = or();
        depth--;
        expect(Kind.CLOSE, "')' to close the '(' at column " + (t.position + 1));
        return inner;
      }
      case IDENT -> {
        return identifier(t);
      }
      case END -> throw error(t, "the rule ends too early", "a field, a number, count(...) or '('");
      default ->
          throw error(t, "unexpected " + t.describe(), "a field, a number, count(...) or '('");
    }
  }

  private RuleExpr identifier(Token t) {
    String word = t.text.toLowerCase(Locale.ROOT);
    switch (word) {
      case "true" -> {
        return new BooleanLiteral(true);
      }
      case "false" -> {
        return new BooleanLiteral(false);
      }
      case "count" -> {
        return count(t);
      }
      case "and", "or", "not" ->
          throw error(t, "unexpected '" + t.text + "'", "a field, a number, count(...) or '('");
      default -> {
        return ProfileField.byName(t.text)
            .map(f -> (RuleExpr) new FieldRef(f))
            .orElseThrow(
                () ->
                    error(
                        t,
                        "unknown field '"
                            + t.text
                            + "'"
                            + suggestion(t.text, fieldNames())
                            + "; fields: "
                            + ProfileField.allNames(),
                        null));
      }
    }
  }

  private RuleExpr count(Token countToken) {
    expect(Kind.OPEN, "'(' after count");
    Token type = take();
    if (type.kind != Kind.IDENT) {
      throw error(type, "unexpected " + type.describe(), "an event type, e.g. add_to_cart");
    }
    EventType kind = eventType(type);
    int days = 0;
    if (peek().kind == Kind.COMMA) {
      take();
      Token w = take();
      if (w.kind == Kind.NUMBER) {
        throw error(w, "the window " + w.text + " has no unit", "a window such as 7d or 2w");
      }
      if (w.kind != Kind.WINDOW) {
        throw error(w, "unexpected " + w.describe(), "a window such as 7d or 2w");
      }
      days = windowDays(w);
    }
    Token close = peek();
    if (close.kind != Kind.CLOSE) {
      throw error(
          close,
          "unexpected " + close.describe(),
          days == 0 ? "',' and a window such as 7d, or ')'" : "')' to close count(");
    }
    take();
    return new CountRef(kind, days);
  }

  private EventType eventType(Token t) {
    String word = t.text.toLowerCase(Locale.ROOT);
    for (EventType e : EventType.values()) {
      if (e.wireName().equals(word)) {
        return e;
      }
    }
    List<String> names = Arrays.stream(EventType.values()).map(EventType::wireName).toList();
    throw error(
        t,
        "unknown event type '"
            + t.text
            + "'"
            + suggestion(word, names)
            + "; types: "
            + String.join(", ", names),
        null);
  }

  private int windowDays(Token w) {
    String digits = w.text.substring(0, w.text.length() - 1);
    char unit = Character.toLowerCase(w.text.charAt(w.text.length() - 1));
    long n;
    try {
      n = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw error(w, "the window " + w.text + " is not a whole number of days", null);
    }
    long days = unit == 'w' ? n * 7 : n;
    if (days < 1 || days > MAX_WINDOW_DAYS) {
      throw error(w, "the window " + w.text + " is outside 1d.." + MAX_WINDOW_DAYS + "d", null);
    }
    return (int) days;
  }

  // ---- type checks ----

  private Condition condition(RuleExpr e, Token at, String context) {
    if (e instanceof Condition c) {
      return c;
    }
    throw error(
        at,
        context + " needs a condition, but this is a number (" + e + ")",
        "a comparison such as " + e + " > 0");
  }

  private Value value(RuleExpr e, Token at, String context) {
    if (e instanceof Value v) {
      return v;
    }
    throw error(at, context + " needs a number, but this is a condition (" + e + ")", "a number");
  }

  private static Operator operator(Token t) {
    for (Operator o : Operator.values()) {
      if (o.symbol().equals(t.text)) {
        return o;
      }
    }
    throw new IllegalStateException("lexer produced an unknown operator " + t.text);
  }

  // ---- tokens ----

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error(peek(), "the rule nests deeper than " + MAX_DEPTH + " levels", null);
    }
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token take() {
    Token t = tokens.get(next);
    if (t.kind != Kind.END) {
      next++;
    }
    return t;
  }

  private void expect(Kind kind, String expected) {
    Token t = peek();
    if (t.kind != kind) {
      throw error(
          t,
          t.kind == Kind.END ? "the rule ends too early" : "unexpected " + t.describe(),
          expected);
    }
    take();
  }

  private RuleSyntaxException error(Token t, String problem, String expected) {
    return new RuleSyntaxException(source, t.position, problem, expected);
  }

  private enum Kind {
    NUMBER,
    WINDOW,
    IDENT,
    OPERATOR,
    SYMBOL,
    OPEN,
    CLOSE,
    COMMA,
    END
  }

  private record Token(Kind kind, String text, int position) {
    boolean isKeyword(String word) {
      return kind == Kind.IDENT && text.equalsIgnoreCase(word);
    }

    boolean isSymbol(String s) {
      return kind == Kind.SYMBOL && text.equals(s);
    }

    String describe() {
      return kind == Kind.END ? "end of the rule" : "'" + text + "'";
    }
  }

  private static List<Token> lex(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(s.charAt(i + 1)))) {
        int start = i;
        while (i < n && isDigit(s.charAt(i))) {
          i++;
        }
        boolean fraction = false;
        if (i < n && s.charAt(i) == '.') {
          fraction = true;
          i++;
          while (i < n && isDigit(s.charAt(i))) {
            i++;
          }
        }
        if (i < n && isLetter(s.charAt(i))) {
          int unitStart = i;
          while (i < n && isIdentPart(s.charAt(i))) {
            i++;
          }
          String unit = s.substring(unitStart, i).toLowerCase(Locale.ROOT);
          if (fraction || !(unit.equals("d") || unit.equals("w"))) {
            throw new RuleSyntaxException(
                s,
                unitStart,
                "'" + s.substring(start, i) + "' is not a number or a window",
                "a number, or a whole window such as 7d or 2w");
          }
          out.add(new Token(Kind.WINDOW, s.substring(start, i), start));
        } else {
          out.add(new Token(Kind.NUMBER, s.substring(start, i), start));
        }
      } else if (isLetter(c)) {
        int start = i;
        while (i < n && isIdentPart(s.charAt(i))) {
          i++;
        }
        out.add(new Token(Kind.IDENT, s.substring(start, i), start));
      } else if (c == '(' || c == ')' || c == ',') {
        out.add(
            new Token(
                c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : Kind.COMMA, String.valueOf(c), i));
        i++;
      } else if (c == '+' || c == '-' || c == '*' || c == '/') {
        out.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
        i++;
      } else if (c == '<' || c == '>' || c == '=' || c == '!') {
        boolean eq = i + 1 < n && s.charAt(i + 1) == '=';
        String text = eq ? s.substring(i, i + 2) : String.valueOf(c);
        if (text.equals("=") || text.equals("!")) {
          throw new RuleSyntaxException(
              s, i, "'" + text + "' is not an operator", text.equals("=") ? "'=='" : "'!='");
        }
        out.add(new Token(Kind.OPERATOR, text, i));
        i += text.length();
      } else if (c == '&' || c == '|') {
        throw new RuleSyntaxException(
            s, i, "'" + c + "' is not an operator", c == '&' ? "'and'" : "'or'");
      } else {
        throw new RuleSyntaxException(
            s,
            i,
            "unexpected character '" + new String(Character.toChars(s.codePointAt(i))) + "'",
            "a field, a number, an operator, count(...) or a parenthesis");
      }
    }
    out.add(new Token(Kind.END, "", n));
    return out;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentPart(char c) {
    return isLetter(c) || isDigit(c);
  }

  private static List<String> fieldNames() {
    return Arrays.stream(ProfileField.values()).map(ProfileField::wireName).toList();
  }

  /** " (did you mean x?)" for the closest name within a small edit distance, else "". */
  static String suggestion(String word, List<String> names) {
    String lower = word.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String name : names) {
      int d = name.startsWith(lower) && lower.length() >= 3 ? 1 : distance(lower, name);
      if (d < bestDistance) {
        bestDistance = d;
        best = name;
      }
    }
    return best != null && bestDistance <= Math.max(2, lower.length() / 3)
        ? " (did you mean " + best + "?)"
        : "";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** The comma-separated names of every field and event type a rule may use. */
  public static String vocabulary() {
    return "fields: "
        + ProfileField.allNames()
        + "; event types for count(): "
        + Arrays.stream(EventType.values())
            .map(EventType::wireName)
            .collect(Collectors.joining(", "));
  }
}
