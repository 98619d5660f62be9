package io.tessera.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A file missing a contract column is refused with the alias that maps the column it has. */
class MissingColumnAliasTest {
  @Test
  void theLookalikeColumnShouldBeOfferedAsTheAlias() {
    assertThat(
            RowValidator.aliases(
                List.of("type"), List.of("event_id", "customer_id", "event_type", "occurred_at")))
        .isEqualTo("event_type AS type");
    assertThat(
            RowValidator.aliases(
                List.of("order_id", "customer_id", "ordered_at", "amount"),
                List.of("InvoiceNo", "Customer ID", "InvoiceDate", "Price")))
        .isEqualTo(
            "<your column> AS order_id, \"Customer ID\" AS customer_id, InvoiceDate AS ordered_at,"
                + " <your column> AS amount");
    // a short column is not taken for a longer one it happens to be part of
    assertThat(RowValidator.aliases(List.of("customer_id"), List.of("id", "name")))
        .isEqualTo("<your column> AS customer_id");
  }
}
