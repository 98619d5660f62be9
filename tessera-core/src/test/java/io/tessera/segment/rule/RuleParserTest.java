package io.tessera.segment.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RuleParserTest {

  /** A customer with fixed field values and event counts, for evaluation tests. */
  private static final class Fixed implements RuleContext {
    final Map<ProfileField, Double> fields = new EnumMap<>(ProfileField.class);
    final Map<EventType, long[]> counts = new EnumMap<>(EventType.class);

    Fixed field(ProfileField f, double v) {
      fields.put(f, v);
      return this;
    }

    /** Counts over 7 days, 30 days and all time. */
    Fixed count(EventType t, long week, long month, long all) {
      counts.put(t, new long[] {week, month, all});
      return this;
    }

    @Override
    public double field(ProfileField field) {
      return fields.getOrDefault(field, Double.NaN);
    }

    @Override
    public long count(EventType type, int days) {
      long[] c = counts.getOrDefault(type, new long[3]);
      return switch (days) {
        case 7 -> c[0];
        case 30 -> c[1];
        case 0 -> c[2];
        default -> throw new AssertionError("unexpected window " + days);
      };
    }
  }

  @Test
  void shouldParseTheCartAbandonerExampleIntoTheExpectedTree() {
    Condition rule = RuleParser.parse("count(add_to_cart, 7d) >= 3 and count(purchase, 7d) == 0");
    assertThat(rule)
        .isEqualTo(
            new And(
                new Comparison(
                    new CountRef(EventType.ADD_TO_CART, 7), Operator.GE, new NumberLiteral(3)),
                new Comparison(
                    new CountRef(EventType.PURCHASE, 7), Operator.EQ, new NumberLiteral(0))));
  }

  @Test
  void shouldEvaluateTheCartAbandonerExampleOnCustomers() {
    Condition rule = RuleParser.parse("count(add_to_cart, 7d) >= 3 and count(purchase, 7d) == 0");
    assertThat(rule.test(new Fixed().count(EventType.ADD_TO_CART, 3, 3, 3))).isTrue();
    assertThat(rule.test(new Fixed().count(EventType.ADD_TO_CART, 2, 9, 9))).isFalse();
    assertThat(
            rule.test(
                new Fixed()
                    .count(EventType.ADD_TO_CART, 5, 5, 5)
                    .count(EventType.PURCHASE, 1, 1, 1)))
        .isFalse();
  }

  @Test
  void andShouldBindTighterThanOrAndNotTighterThanAnd() {
    assertThat(RuleParser.parse("true or false and false"))
        .isEqualTo(
            new Or(
                new BooleanLiteral(true),
                new And(new BooleanLiteral(false), new BooleanLiteral(false))));
    assertThat(RuleParser.parse("not false and false"))
        .isEqualTo(new And(new Not(new BooleanLiteral(false)), new BooleanLiteral(false)));
    assertThat(RuleParser.parse("NOT (false AND false)").test(new Fixed())).isTrue();
  }

  @Test
  void arithmeticShouldFollowTheUsualPrecedenceAndAssociativity() {
    Condition rule = RuleParser.parse("10 - 4 - 3 * 2 / 3 == -(-4)");
    Comparison c = (Comparison) rule;
    // 10 - 4 - ((3 * 2) / 3) = 4
    assertThat(c.left().evaluate(new Fixed())).isEqualTo(4.0);
    assertThat(rule.test(new Fixed())).isTrue();
    assertThat(c.left())
        .isEqualTo(
            new Arithmetic(
                new Arithmetic(
                    new NumberLiteral(10), ArithmeticOperator.SUBTRACT, new NumberLiteral(4)),
                ArithmeticOperator.SUBTRACT,
                new Arithmetic(
                    new Arithmetic(
                        new NumberLiteral(3), ArithmeticOperator.MULTIPLY, new NumberLiteral(2)),
                    ArithmeticOperator.DIVIDE,
                    new NumberLiteral(3))));
  }

  @Test
  void shouldReadProfileFieldsAndAllTimeCountsAndWeeks() {
    Fixed c =
        new Fixed()
            .field(ProfileField.MONETARY, 250)
            .field(ProfileField.FREQUENCY, 5)
            .count(EventType.EMAIL_OPEN, 0, 4, 10);
    assertThat(RuleParser.parse("monetary / frequency > 40 and count(email_open) >= 10").test(c))
        .isTrue();
    assertThat(RuleParser.parse("count(email_open, 30d) == 4").test(c)).isTrue();
    assertThat(RuleParser.parse("count(login, 1w) == 0"))
        .isEqualTo(
            new Comparison(new CountRef(EventType.LOGIN, 7), Operator.EQ, new NumberLiteral(0)));
    assertThat(RuleParser.parse("monetary >= 2.50 or frequency > .5").toString())
        .isEqualTo("(monetary >= 2.5 or frequency > 0.5)");
  }

  @Test
  void undefinedValuesShouldFailEveryComparisonButNotEqual() {
    Fixed neverBought = new Fixed();
    assertThat(RuleParser.parse("recency_days > 30").test(neverBought)).isFalse();
    assertThat(RuleParser.parse("recency_days <= 30").test(neverBought)).isFalse();
    assertThat(RuleParser.parse("recency_days != 30").test(neverBought)).isTrue();
    assertThat(
            RuleParser.parse("monetary / 0 >= 0").test(neverBought.field(ProfileField.MONETARY, 5)))
        .isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "recency > 3 | 1 | unknown field 'recency' (did you mean recency_days?) | ",
        "count(add_to_cart 7d) >= 3 | 19 | unexpected '7d' | ',' and a window such as 7d, or ')'",
        "count(addtocart, 7d) > 1 | 7 | unknown event type 'addtocart' (did you mean add_to_cart?)"
            + " | ",
        "count(purchase, 7) > 1 | 17 | the window 7 has no unit | a window such as 7d or 2w",
        "count(purchase, 7h) > 1 | 18 | '7h' is not a number or a window | a number, or a whole"
            + " window such as 7d or 2w",
        "frequency = 3 | 11 | '=' is not an operator | '=='",
        "frequency > 3 && monetary > 1 | 15 | '&' is not an operator | 'and'",
        "frequency > | 12 | the rule ends too early | a field, a number, count(...) or '('",
        "frequency | 1 | the rule needs a condition, but this is a number (frequency) | a"
            + " comparison such as frequency > 0",
        "frequency and monetary > 1 | 11 | 'and' needs a condition, but this is a number"
            + " (frequency) | a comparison such as frequency > 0",
        "1 < frequency < 3 | 15 | comparisons do not chain | 'and' between two comparisons, e.g. 1"
            + " < x and x < 3",
        "(frequency > 1 | 15 | the rule ends too early | ')' to close the '(' at column 1",
        "frequency > 1) | 14 | unexpected ')' | 'and', 'or' or the end of the rule",
        "frequency 3 | 11 | unexpected '3' | a comparison operator (==, !=, <, <=, >, >=)",
        "(frequency > 1) + 2 > 0 | 1 | '+' needs a number, but this is a condition (frequency >"
            + " 1) | a number",
        "count(purchase, 0d) > 0 | 17 | the window 0d is outside 1d..3660d | ",
        "frequency > 1 # x | 15 | unexpected character '#' | a field, a number, an operator,"
            + " count(...) or a parenthesis",
        "7d > 1 | 1 | a window such as 7d may only appear in count() | a number",
      })
  void errorsShouldNameThePositionTheProblemAndWhatWasExpected(
      String rule, int column, String problem, String expected) {
    assertThatThrownBy(() -> RuleParser.parse(rule))
        .isInstanceOfSatisfying(
            RuleSyntaxException.class,
            e -> {
              assertThat(e.position() + 1).as("column").isEqualTo(column);
              assertThat(e.problem()).startsWith(problem);
              assertThat(e.expected()).isEqualTo(expected);
              assertThat(e.getMessage())
                  .startsWith("rule error at column " + column + ": ")
                  .contains("\n  " + rule + "\n  " + " ".repeat(column - 1) + "^");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void anEmptyRuleShouldBeRefused(String rule) {
    assertThatThrownBy(() -> RuleParser.parse(rule))
        .isInstanceOf(RuleSyntaxException.class)
        .hasMessageContaining("the rule is empty");
  }

  @Test
  void deepNestingAndHugeRulesShouldBeRefusedWithAMessageNotAStackOverflow() {
    String deep = "(".repeat(10_000) + "true" + ")".repeat(10_000);
    assertThatThrownBy(() -> RuleParser.parse(deep))
        .isInstanceOf(RuleSyntaxException.class)
        .hasMessageContaining("longer than " + RuleParser.MAX_LENGTH);
    String nested = "(".repeat(100) + "true" + ")".repeat(100);
    assertThatThrownBy(() -> RuleParser.parse(nested))
        .isInstanceOf(RuleSyntaxException.class)
        .hasMessageContaining("nests deeper than " + RuleParser.MAX_DEPTH);
    String negations = "-".repeat(100) + "1 > 0";
    assertThatThrownBy(() -> RuleParser.parse(negations))
        .isInstanceOf(RuleSyntaxException.class)
        .hasMessageContaining("nests deeper");
  }

  @Test
  void everyPrintedTreeShouldParseBackToAnEqualTree() {
    Random random = new Random(20260501);
    for (int i = 0; i < 2000; i++) {
      Condition tree = randomCondition(random, 4);
      Condition reparsed = RuleParser.parse(tree.toString());
      assertThat(reparsed).as(tree.toString()).isEqualTo(tree);
    }
  }

  @Test
  void randomTextShouldOnlyEverFailWithARuleSyntaxException() {
    Random random = new Random(7);
    String alphabet = "abcdefrqnuytoml_ 0123456789()<>=!+-*/.,&|dw#é";
    String[] words = {
      "and", "or", "not", "count", "frequency", "add_to_cart", "7d", "(", ")", ">=", ","
    };
    int parsed = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(30);
      for (int k = 0; k < len; k++) {
        if (random.nextInt(3) == 0) {
          sb.append(words[random.nextInt(words.length)]).append(' ');
        } else {
          sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      try {
        Condition c = RuleParser.parse(sb.toString());
        assertThat(RuleParser.parse(c.toString())).isEqualTo(c);
        parsed++;
      } catch (RuleSyntaxException e) {
        assertThat(e.position()).isBetween(0, sb.length());
      }
    }
    assertThat(parsed).as("some random texts are valid rules").isPositive();
  }

  private static Condition randomCondition(Random r, int depth) {
    int pick = depth == 0 ? 4 + r.nextInt(2) : r.nextInt(6);
    return switch (pick) {
      case 0 -> new And(randomCondition(r, depth - 1), randomCondition(r, depth - 1));
      case 1 -> new Or(randomCondition(r, depth - 1), randomCondition(r, depth - 1));
      case 2 -> new Not(randomCondition(r, depth - 1));
      case 3, 4 ->
          new Comparison(
              randomValue(r, depth), Operator.values()[r.nextInt(6)], randomValue(r, depth));
      default -> new BooleanLiteral(r.nextBoolean());
    };
  }

  private static Value randomValue(Random r, int depth) {
    int pick = depth == 0 ? r.nextInt(3) : r.nextInt(5);
    return switch (pick) {
      case 0 -> new NumberLiteral(r.nextBoolean() ? r.nextInt(100) : r.nextInt(1000) / 8.0);
      case 1 -> new FieldRef(ProfileField.values()[r.nextInt(ProfileField.values().length)]);
      case 2 ->
          new CountRef(
              EventType.values()[r.nextInt(EventType.values().length)],
              r.nextBoolean() ? 0 : 1 + r.nextInt(90));
      case 3 ->
          new Arithmetic(
              randomValue(r, depth - 1),
              ArithmeticOperator.values()[r.nextInt(4)],
              randomValue(r, depth - 1));
      default -> new Negation(randomValue(r, depth - 1));
    };
  }
}
