package io.tessera.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tessera.contract.OrderStatus;
import io.tessera.contract.Source;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared record rules, and that batch rows go through them (issue 13, cases 4 and 11). */
class RecordRulesTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private final RecordRules rules = new RecordRules(NOW);

  @Test
  void theTimeWindowShouldRunFrom1990ToADayAfterNow() throws Rejection {
    rules.checkTime(RecordRules.EARLIEST, "t");
    rules.checkTime(NOW.plus(Duration.ofDays(1)), "t");
    rules.checkTime(null, "t");
    assertThatThrownBy(() -> rules.checkTime(NOW.plus(Duration.ofDays(1)).plusSeconds(1), "t"))
        .isInstanceOfSatisfying(
            Rejection.class,
            r -> assertThat(r.reason()).isEqualTo(QuarantineReason.TIMESTAMP_IN_FUTURE))
        .hasMessageStartingWith("t is in the future: 2026-12-07T12:00:01Z");
    assertThatThrownBy(() -> rules.checkTime(RecordRules.EARLIEST.minusNanos(1), "t"))
        .isInstanceOfSatisfying(
            Rejection.class,
            r -> assertThat(r.reason()).isEqualTo(QuarantineReason.TIMESTAMP_BEFORE_1990));
  }

  @Test
  void amountsShouldBeBoundedAndNotNegativeOnACompletedOrder() throws Rejection {
    RecordRules.checkOrderAmount(9.0e10, OrderStatus.COMPLETED, "amount");
    RecordRules.checkOrderAmount(-9.0e10, OrderStatus.RETURNED, "amount");
    assertThatThrownBy(() -> RecordRules.checkOrderAmount(1e15, OrderStatus.COMPLETED, "amount"))
        .isInstanceOfSatisfying(
            Rejection.class, r -> assertThat(r.reason()).isEqualTo(QuarantineReason.INVALID_VALUE))
        .hasMessageStartingWith("amount is 1000000000000000, beyond the largest amount accepted");
    assertThatThrownBy(() -> RecordRules.checkOrderAmount(-50, OrderStatus.COMPLETED, "total"))
        .isInstanceOfSatisfying(
            Rejection.class,
            r -> assertThat(r.reason()).isEqualTo(QuarantineReason.NEGATIVE_AMOUNT))
        .hasMessage("total is negative (-50) but the order is not returned or cancelled");
    assertThatThrownBy(() -> RecordRules.checkLine(2_000_000, 50_000, "line"))
        .isInstanceOfSatisfying(
            Rejection.class, r -> assertThat(r.reason()).isEqualTo(QuarantineReason.INVALID_VALUE))
        .hasMessageStartingWith("line totals 100000000000 (quantity x unit price)");
  }

  private static Object order(String orderedAt, String amount) throws Rejection {
    IngestSettings settings = new IngestSettings(ZoneId.of("UTC"), NOW, "USD", Map.of(), null, 60);
    RowValidator v =
        new RowValidator(
            Source.ORDERS,
            List.of("order_id", "customer_id", "ordered_at", "amount", "currency"),
            settings);
    return v.validate(new String[] {"o1", "c1", orderedAt, amount, "USD"});
  }

  @Test
  void batchRowsShouldBeRefusedByTheSameRules() throws Rejection {
    assertThat(order("2026-12-07T11:00:00Z", "10")).isNotNull(); // within the day of skew
    for (String[] c :
        new String[][] {
          {"0001-01-01T00:00:00Z", "10", "timestamp_before_1990"},
          {"9999-12-31T00:00:00Z", "10", "timestamp_in_future"},
          {"2026-01-01T00:00:00Z", "-50", "negative_amount"},
          {"2026-01-01T00:00:00Z", "1000000000000000", "invalid_value"},
          {"2026-01-01T00:00:00Z", "1e15", "bad_number"},
          {"2026-01-01T00:00:00Z", "95000000000.50", "invalid_value"},
        }) {
      assertThatThrownBy(() -> order(c[0], c[1]))
          .as(String.join(",", c))
          .isInstanceOfSatisfying(
              Rejection.class, r -> assertThat(r.reason().wireName()).isEqualTo(c[2]));
    }
  }
}
