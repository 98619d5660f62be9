package io.tessera.segment.rule;

import io.tessera.contract.EventType;
import io.tessera.profile.ProfileField;

/**
 * The syntax tree of a rule: a {@link Condition} (true or false for a customer) built from {@link
 * Value}s (numbers). {@link #toString()} prints the canonical source text, which parses back to an
 * equal tree.
 */
public sealed interface RuleExpr permits RuleExpr.Condition, RuleExpr.Value {

  /** An expression that is true or false for a customer. */
  sealed interface Condition extends RuleExpr permits And, Or, Not, Comparison, BooleanLiteral {
    boolean test(RuleContext context);
  }

  /** An expression with a numeric value for a customer (NaN when undefined). */
  sealed interface Value extends RuleExpr
      permits NumberLiteral, FieldRef, CountRef, Arithmetic, Negation {
    double evaluate(RuleContext context);
  }

  /** Both sides true; the right side is not evaluated when the left is false. */
  record And(Condition left, Condition right) implements Condition {
    @Override
    public boolean test(RuleContext c) {
      return left.test(c) && right.test(c);
    }

    @Override
    public String toString() {
      return "(" + left + " and " + right + ")";
    }
  }

  /** Either side true. */
  record Or(Condition left, Condition right) implements Condition {
    @Override
    public boolean test(RuleContext c) {
      return left.test(c) || right.test(c);
    }

    @Override
    public String toString() {
      return "(" + left + " or " + right + ")";
    }
  }

  /** The negation of a condition. */
  record Not(Condition operand) implements Condition {
    @Override
    public boolean test(RuleContext c) {
      return !operand.test(c);
    }

    @Override
    public String toString() {
      return "not " + operand;
    }
  }

  /** {@code true} or {@code false}. */
  record BooleanLiteral(boolean value) implements Condition {
    @Override
    public boolean test(RuleContext c) {
      return value;
    }

    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  /** The comparison operators. A comparison with an undefined (NaN) side is false, except !=. */
  enum Operator {
    EQ("=="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    boolean apply(double a, double b) {
      return switch (this) {
        case EQ -> a == b;
        case NE -> a != b;
        case LT -> a < b;
        case LE -> a <= b;
        case GT -> a > b;
        case GE -> a >= b;
      };
    }
  }

  /** Two values compared. */
  record Comparison(Value left, Operator operator, Value right) implements Condition {
    @Override
    public boolean test(RuleContext c) {
      return operator.apply(left.evaluate(c), right.evaluate(c));
    }

    @Override
    public String toString() {
      return left + " " + operator.symbol() + " " + right;
    }
  }

  /** A number written in the rule. */
  record NumberLiteral(double value) implements Value {
    public NumberLiteral {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("a rule number must be finite, got " + value);
      }
    }

    @Override
    public double evaluate(RuleContext c) {
      return value;
    }

    @Override
    public String toString() {
      return value == Math.rint(value) && Math.abs(value) < 1e15
          ? Long.toString((long) value)
          : Double.toString(value);
    }
  }

  /** A profile field by its wire name, e.g. {@code recency_days}. */
  record FieldRef(ProfileField field) implements Value {
    @Override
    public double evaluate(RuleContext c) {
      return c.field(field);
    }

    @Override
    public String toString() {
      return field.wireName();
    }
  }

  /**
   * The customer's events of one contract type over the last {@code days} calendar days (the as-of
   * day included), or over all time when {@code days} is 0.
   */
  record CountRef(EventType type, int days) implements Value {
    public CountRef {
      if (type == null || days < 0) {
        throw new IllegalArgumentException("count() needs an event type and days >= 0");
      }
    }

    @Override
    public double evaluate(RuleContext c) {
      return c.count(type, days);
    }

    @Override
    public String toString() {
      return "count(" + type.wireName() + (days == 0 ? "" : ", " + days + "d") + ")";
    }
  }

  /** The arithmetic operators. */
  enum ArithmeticOperator {
    ADD('+'),
    SUBTRACT('-'),
    MULTIPLY('*'),
    DIVIDE('/');

    private final char symbol;

    ArithmeticOperator(char symbol) {
      this.symbol = symbol;
    }

    public char symbol() {
      return symbol;
    }
  }

  /** Two values combined; division by zero gives NaN (undefined), so comparisons with it fail. */
  record Arithmetic(Value left, ArithmeticOperator operator, Value right) implements Value {
    @Override
    public double evaluate(RuleContext c) {
      double a = left.evaluate(c);
      double b = right.evaluate(c);
      return switch (operator) {
        case ADD -> a + b;
        case SUBTRACT -> a - b;
        case MULTIPLY -> a * b;
        case DIVIDE -> b == 0 ? Double.NaN : a / b;
      };
    }

    @Override
    public String toString() {
      return "(" + left + " " + operator.symbol() + " " + right + ")";
    }
  }

  /** The negative of a value. */
  record Negation(Value operand) implements Value {
    @Override
    public double evaluate(RuleContext c) {
      return -operand.evaluate(c);
    }

    @Override
    public String toString() {
      return "-" + operand;
    }
  }
}
