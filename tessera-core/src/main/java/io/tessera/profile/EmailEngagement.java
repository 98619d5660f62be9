package io.tessera.profile;

import io.tessera.contract.Event;
import io.tessera.contract.EventType;
import java.util.Locale;
import java.util.Set;

/**
 * Email opens and clicks, and deliveries when the source reports them.
 *
 * <p>Rates: when deliveries are known (custom events {@code email_delivered}, {@code email_sent} or
 * {@code email_send}), opens and clicks are divided by deliveries, the usual open and click rates.
 * Most behavioural exports hold only opens and clicks; then the denominator is the number of email
 * events (opens + clicks + other {@code email_*} events), so the open rate becomes the share of
 * opens among email events. That proxy ranks customers consistently within one source but is not
 * comparable with a delivered-based rate; the field {@code email_rates_per_delivery} (1 or 0) says
 * which one a profile used.
 */
public final class EmailEngagement implements Aggregator<Event, EmailEngagement> {
  private static final Set<String> DELIVERY_TYPES =
      Set.of("email_delivered", "email_sent", "email_send");

  private int opens;
  private int clicks;
  private int delivered;
  private int otherEmail;

  @Override
  public void add(Event event) {
    add(event, event.kind());
  }

  /** Adds an event whose type the caller already parsed. */
  void add(Event event, EventType kind) {
    switch (kind) {
      case EMAIL_OPEN -> opens++;
      case EMAIL_CLICK -> clicks++;
      case CUSTOM -> {
        String type = event.type().strip().toLowerCase(Locale.ROOT);
        if (DELIVERY_TYPES.contains(type)) {
          delivered++;
        } else if (type.startsWith("email_")) {
          otherEmail++;
        }
      }
      default -> {
        // not an email event
      }
    }
  }

  @Override
  public void merge(EmailEngagement other) {
    opens += other.opens;
    clicks += other.clicks;
    delivered += other.delivered;
    otherEmail += other.otherEmail;
  }

  @Override
  public EmailEngagement copy() {
    EmailEngagement c = new EmailEngagement();
    c.merge(this);
    return c;
  }

  public boolean deliveriesKnown() {
    return delivered > 0;
  }

  private int denominator() {
    return delivered > 0 ? delivered : opens + clicks + otherEmail;
  }

  /** Opens per delivered email, else per email event; NaN without any email event. */
  public double openRate() {
    int d = denominator();
    return d == 0 ? Double.NaN : (double) opens / d;
  }

  /** Clicks per delivered email, else per email event; NaN without any email event. */
  public double clickRate() {
    int d = denominator();
    return d == 0 ? Double.NaN : (double) clicks / d;
  }

  /** Email events of any kind, deliveries included. */
  public int emailEvents() {
    return opens + clicks + delivered + otherEmail;
  }
}
