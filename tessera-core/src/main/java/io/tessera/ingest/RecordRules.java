package io.tessera.ingest;

import io.tessera.contract.Money;
import io.tessera.contract.OrderStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * The checks every record passes however it arrives: a batch row ({@link RowValidator}) and a live
 * collect message (tessera-server's collect API and live engine) call these same methods, so a
 * value one path refuses the other refuses with the same {@link QuarantineReason} and the same
 * words. Each message starts with the field's name as the caller gives it ({@code amount} for a
 * batch column, {@code batch[3].properties.total} for a live message).
 *
 * <p>The rules: timestamps within [{@link #EARLIEST}, now + {@link #CLOCK_SKEW}]; amounts and order
 * line totals of magnitude at most {@link Money#MAX_AMOUNT}; no negative amount on a completed
 * order; an id accepted once is a duplicate the second time ({@link #duplicate}).
 */
public final class RecordRules {
  /** The earliest timestamp accepted: older ones are typing errors or epoch defaults. */
  public static final Instant EARLIEST = Instant.parse("1990-01-01T00:00:00Z");

  /**
   * How far after the receiving clock a timestamp may be: senders' clocks drift, and a mobile SDK
   * sends queued events with the device's time. A day covers every time zone mistaken for UTC.
   */
  public static final Duration CLOCK_SKEW = Duration.ofDays(1);

  private final Instant latest;

  /**
   * @param now the receiving clock: the run's wall-clock time in batch, the request's arrival live
   */
  public RecordRules(Instant now) {
    this.latest = now.plus(CLOCK_SKEW);
  }

  /** A timestamp inside [1990-01-01, now + 1 day]; null (an absent optional) passes. */
  public void checkTime(Instant t, String field) throws Rejection {
    if (t == null) {
      return;
    }
    if (t.isAfter(latest)) {
      throw new Rejection(
          QuarantineReason.TIMESTAMP_IN_FUTURE,
          field
              + " is in the future: "
              + t
              + " (more than a day after "
              + latest.minus(CLOCK_SKEW)
              + ")");
    }
    if (t.isBefore(EARLIEST)) {
      throw new Rejection(QuarantineReason.TIMESTAMP_BEFORE_1990, field + " is before 1990: " + t);
    }
  }

  /** An amount of magnitude at most {@link Money#MAX_AMOUNT}. */
  public static void checkAmount(double amount, String field) throws Rejection {
    if (!Double.isFinite(amount) || Math.abs(amount) > Money.MAX_AMOUNT) {
      throw new Rejection(
          QuarantineReason.INVALID_VALUE,
          field
              + " is "
              + plain(amount)
              + ", beyond the largest amount accepted (+/-"
              + plain(Money.MAX_AMOUNT)
              + "); check the unit (cents sent as whole units?)");
    }
  }

  /** An order's amount: bounded, and not negative unless the order is returned or cancelled. */
  public static void checkOrderAmount(double amount, OrderStatus status, String field)
      throws Rejection {
    checkAmount(amount, field);
    if (amount < 0 && status == OrderStatus.COMPLETED) {
      throw new Rejection(
          QuarantineReason.NEGATIVE_AMOUNT,
          field
              + " is negative ("
              + plain(amount)
              + ") but the order is not returned or cancelled");
    }
  }

  /** An order line: quantity x unit price bounded like an amount. */
  public static void checkLine(int quantity, double unitPrice, String field) throws Rejection {
    double total = quantity * unitPrice;
    if (!Double.isFinite(total) || Math.abs(total) > Money.MAX_AMOUNT) {
      throw new Rejection(
          QuarantineReason.INVALID_VALUE,
          field
              + " totals "
              + plain(total)
              + " (quantity x unit price), beyond the largest amount accepted (+/-"
              + plain(Money.MAX_AMOUNT)
              + ")");
    }
  }

  /** The rejection of an id that was already accepted (the first occurrence is kept). */
  public static Rejection duplicate(String field, String id) {
    return new Rejection(
        QuarantineReason.DUPLICATE_ID,
        field
            + " '"
            + FieldParser.abbreviate(id)
            + "' was already accepted; the first one is kept");
  }

  /** A number as written, without an exponent: 95000000000.5, not 9.50000000005E10. */
  static String plain(double v) {
    return Double.isFinite(v) ? BigDecimal.valueOf(v).stripTrailingZeros().toPlainString() : "" + v;
  }
}
