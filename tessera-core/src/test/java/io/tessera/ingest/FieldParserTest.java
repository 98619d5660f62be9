package io.tessera.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The formatter-free timestamp path gives what {@code Instant.parse} gives. */
class FieldParserTest {
  private final FieldParser parser =
      new FieldParser(ZoneOffset.UTC, Instant.parse("2026-12-06T12:00:00Z"));

  @Test
  void utcTimestampsWithAnyFractionShouldParseAsInstantParseDoes() throws Rejection {
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      Instant t =
          Instant.ofEpochSecond(
              631_152_000L + (long) (random.nextDouble() * 1.2e9), random.nextInt(1_000_000_000));
      String whole = t.toString().substring(0, 19);
      String nanos = "%09d".formatted(t.getNano());
      int digits = i % 10;
      String text = whole + (digits == 0 ? "" : "." + nanos.substring(0, digits)) + "Z";
      Instant expected = Instant.parse(text);
      assertThat(FieldParser.fastUtc(text)).as(text).isEqualTo(expected);
      assertThat(parser.parseInstant(text, "t")).as(text).isEqualTo(expected);
    }
  }

  @Test
  void otherFormsShouldTakeTheGeneralPathAndKeepItsAnswers() throws Rejection {
    for (String other :
        new String[] {
          "2026-12-06T12:00:00.Z",
          "2026-12-06T12:00:00.1234567891Z",
          "2026-12-06T12:00:00,5Z",
          "2026-12-06T12:00:00.5z",
          "2026-12-06T12:00:60Z",
          "2026-02-30T12:00:00.5Z",
          "2026-12-06T12:00:0a.5Z"
        }) {
      assertThat(FieldParser.fastUtc(other)).as(other).isNull();
    }
    assertThat(parser.parseInstant("2026-12-06T12:00:00.5z", "t"))
        .isEqualTo(Instant.parse("2026-12-06T12:00:00.500Z"));
    assertThatThrownBy(() -> parser.parseInstant("2026-02-30T12:00:00.5Z", "batch[2].timestamp"))
        .isInstanceOfSatisfying(
            Rejection.class, r -> assertThat(r.reason()).isEqualTo(QuarantineReason.BAD_TIMESTAMP))
        .hasMessageStartingWith("batch[2].timestamp is not an ISO-8601 timestamp");
  }
}
