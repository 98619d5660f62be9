package io.tessera.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A value in a local convention (a day-first date, a decimal comma) is quarantined, never guessed,
 * and the quarantine's detail says how to convert it; other bad values get no such hint.
 */
class FieldParserHintTest {
  private final FieldParser parser =
      new FieldParser(ZoneOffset.UTC, Instant.parse("2026-12-06T00:00:00Z"));

  private String timestampDetail(String value) {
    Rejection r =
        catchThrowableOfType(Rejection.class, () -> parser.parseInstant(value, "ordered_at"));
    assertThat(r.reason()).isEqualTo(QuarantineReason.BAD_TIMESTAMP);
    return r.getMessage();
  }

  private static String numberDetail(String value) {
    Rejection r =
        catchThrowableOfType(Rejection.class, () -> FieldParser.parseDouble(value, "amount"));
    assertThat(r.reason()).isEqualTo(QuarantineReason.BAD_NUMBER);
    return r.getMessage();
  }

  @Test
  void aDayFirstDateShouldBeRejectedWithTheStrptimeThatConvertsIt() {
    assertThat(timestampDetail("03/02/2025"))
        .isEqualTo(
            "ordered_at is not an ISO-8601 timestamp or date: '03/02/2025' (day and month order"
                + " cannot be told apart: convert it in the source's sql: in tessera.yaml, e.g."
                + " strptime(ordered_at, '%d/%m/%Y') AS ordered_at)");
    assertThat(timestampDetail("3.2.2025 10:00")).contains("strptime(ordered_at, '%d.%m.%Y')");
    assertThat(timestampDetail("yesterday")).doesNotContain("strptime").doesNotContain("Unix");
    assertThat(timestampDetail("1749081600"))
        .endsWith(
            "(a Unix time in seconds? convert it in the source's sql: in tessera.yaml, e.g."
                + " to_timestamp(ordered_at::BIGINT) AS ordered_at)");
    assertThat(timestampDetail("1749081600123")).contains("epoch_ms(ordered_at::BIGINT)");
  }

  @Test
  void aDecimalCommaShouldBeRejectedWithTheCastThatConvertsIt() {
    assertThat(numberDetail("51,21")).contains("a decimal comma?", "CAST(replace(replace(amount");
    assertThat(numberDetail("1.234,50")).contains("a decimal comma?");
    assertThat(numberDetail("12 EUR")).isEqualTo("amount is not a number: '12 EUR'");
  }

  @Test
  void aThousandsCommaShouldNotBeCalledADecimalComma() {
    assertThat(numberDetail("12,345.50"))
        .contains("a thousands separator?", "CAST(replace(amount, ',', '') AS DOUBLE)")
        .doesNotContain("decimal comma");
    assertThat(numberDetail("1,234,567")).contains("a thousands separator?");
    // 1,234 is 1234 in Boston and 1.234 in Berlin: both conversions, the user chooses
    assertThat(numberDetail("1,234"))
        .contains(
            "a thousands separator or a decimal comma?",
            "CAST(replace(amount, ',', '') AS DOUBLE) AS amount for a thousands separator",
            "CAST(replace(replace(amount, '.', ''), ',', '.') AS DOUBLE) AS amount for a decimal"
                + " comma");
    assertThat(numberDetail("51,21")).doesNotContain("thousands");
  }

  @Test
  void anOffsetTimestampWithoutSecondsShouldBeAccepted() throws Rejection {
    assertThat(parser.parseInstant("2025-10-18T01:00Z", "ordered_at"))
        .isEqualTo(Instant.parse("2025-10-18T01:00:00Z"));
    assertThat(parser.parseInstant("2025-10-18T10:00+09:00", "ordered_at"))
        .isEqualTo(Instant.parse("2025-10-18T01:00:00Z"));
  }
}
