package io.tessera.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Interaction;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.OrderStatus;
import io.tessera.contract.Review;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Each field on a small history whose expected values are computed by hand in the comments. */
class CustomerProfileTest {
  private static final CustomerId ID = CustomerId.of("alice");
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final LocalDate DAY0 = LocalDate.of(2026, 3, 1);
  private int seq;

  private Order order(int day, double amount, OrderStatus status) {
    return new Order(
        "o" + (seq++),
        ID,
        T0.plus(Duration.ofDays(day)),
        Money.of(amount, "EUR"),
        status,
        null,
        null);
  }

  private Event event(String type, Instant at, String session) {
    return new Event("e" + (seq++), type, at, ID, null, null, null, session, null);
  }

  private static double field(CustomerProfile p, ProfileField f, LocalDate asOf) {
    return p.value(f, asOf);
  }

  @Test
  void discountShareShouldCountCompletedOrdersWithACode() {
    CustomerProfile p = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    LocalDate asOf = DAY0.plusDays(30);
    assertThat(field(p, ProfileField.DISCOUNT_ORDER_SHARE, asOf)).isNaN();
    p.add(order(0, 10, OrderStatus.COMPLETED));
    p.add(withCode(order(1, 10, OrderStatus.COMPLETED), "SAVE10"));
    p.add(withCode(order(2, 10, OrderStatus.COMPLETED), " "));
    p.add(withCode(order(3, 10, OrderStatus.COMPLETED), "WELCOME"));
    p.add(withCode(order(4, 10, OrderStatus.RETURNED), "SAVE5")); // not a purchase
    // 2 of 4 completed orders carried a (non-blank) code
    assertThat(field(p, ProfileField.DISCOUNT_ORDERS, asOf)).isEqualTo(2);
    assertThat(field(p, ProfileField.DISCOUNT_ORDER_SHARE, asOf)).isEqualTo(0.5);
  }

  private static Order withCode(Order o, String code) {
    return new Order(
        o.orderId(),
        o.customerId(),
        o.orderedAt(),
        o.amount(),
        o.status(),
        o.channel(),
        java.util.Map.of(DiscountUse.ATTRIBUTE, code));
  }

  @Test
  void shouldComputeOrderFiguresByHand() {
    CustomerProfile p = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    p.add(order(0, 10.5, OrderStatus.COMPLETED));
    p.add(order(30, 30, OrderStatus.COMPLETED));
    p.add(order(10, 20.25, OrderStatus.COMPLETED)); // out of time order on purpose
    p.add(order(12, 99, OrderStatus.RETURNED));
    p.add(order(14, 50, OrderStatus.CANCELLED));
    LocalDate asOf = DAY0.plusDays(30);

    assertThat(field(p, ProfileField.FREQUENCY, asOf)).isEqualTo(3);
    assertThat(field(p, ProfileField.ORDERS_TOTAL, asOf)).isEqualTo(5);
    assertThat(field(p, ProfileField.MONETARY, asOf)).isEqualTo(60.75); // 10.5 + 20.25 + 30
    assertThat(field(p, ProfileField.AVG_ORDER_VALUE, asOf)).isEqualTo(20.25); // 60.75 / 3
    assertThat(field(p, ProfileField.RECENCY_DAYS, asOf)).isEqualTo(0);
    assertThat(field(p, ProfileField.TENURE_DAYS, asOf)).isEqualTo(30);
    // gaps 10 and 20 days: mean 15, sample sd sqrt(((10-15)^2 + (20-15)^2) / 1) = sqrt(50)
    assertThat(field(p, ProfileField.IPT_MEAN_DAYS, asOf)).isEqualTo(15.0);
    assertThat(field(p, ProfileField.IPT_SD_DAYS, asOf)).isCloseTo(Math.sqrt(50), within(1e-12));
    // 1 returned of 4 delivered (the cancelled one was never delivered)
    assertThat(field(p, ProfileField.RETURN_RATE, asOf)).isEqualTo(0.25);
    // windows end on day 30: 7 days = days 24..30 -> {30}; 30 days = 1..30 -> {10, 30}
    assertThat(field(p, ProfileField.ORDERS_7D, asOf)).isEqualTo(1);
    assertThat(field(p, ProfileField.ORDERS_30D, asOf)).isEqualTo(2);
    assertThat(field(p, ProfileField.ORDERS_90D, asOf)).isEqualTo(3);
    assertThat(field(p, ProfileField.DAYS_SINCE_LAST_ACTIVITY, DAY0.plusDays(40))).isEqualTo(10);
  }

  @Test
  void shouldLeaveUndefinedFiguresMissingRatherThanZero() {
    CustomerProfile p = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    p.add(order(0, 10, OrderStatus.COMPLETED));
    p.add(order(5, 10, OrderStatus.COMPLETED));
    double[] v = p.values(DAY0.plusDays(5));
    assertThat(v[ProfileField.IPT_MEAN_DAYS.ordinal()]).isEqualTo(5.0);
    assertThat(v[ProfileField.IPT_SD_DAYS.ordinal()]).isNaN(); // one gap has no spread
    assertThat(v[ProfileField.CART_ABANDONMENT_RATE.ordinal()]).isNaN();
    assertThat(v[ProfileField.EMAIL_OPEN_RATE.ordinal()]).isNaN();
    assertThat(v[ProfileField.RATING_MEAN.ordinal()]).isNaN();
    assertThat(v[ProfileField.TOP_CATEGORY_SHARE.ordinal()]).isNaN();
    assertThat(v[ProfileField.SESSIONS.ordinal()]).isZero();
    CustomerProfile empty = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    assertThat(empty.value(ProfileField.RECENCY_DAYS, DAY0)).isNaN();
    assertThat(empty.value(ProfileField.FREQUENCY, DAY0)).isZero();
  }

  @Test
  void shouldSumMoneyExactlyWhateverTheOrder() {
    CustomerProfile p = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    double naive = 0;
    for (int k = 0; k < 10; k++) {
      p.add(order(k, 0.1, OrderStatus.COMPLETED));
      naive += 0.1;
    }
    // floating-point accumulation gives 0.9999999999999999; the fixed-point sum gives 1
    assertThat(naive).isNotEqualTo(1.0);
    assertThat(p.value(ProfileField.MONETARY, DAY0)).isEqualTo(1.0);
  }

  @Test
  void shouldSessioniseByIdOrThirtyMinutesOfInactivity() {
    CustomerProfile p = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    // no session id: 10:00, 10:10, 10:40 (gap exactly 30 min: same session), 11:11 (gap 31: new)
    p.add(event("page_view", T0, null));
    p.add(event("add_to_cart", T0.plusSeconds(600), null));
    p.add(event("page_view", T0.plusSeconds(2400), null));
    p.add(event("add_to_cart", T0.plusSeconds(4260), null));
    p.add(event("purchase", T0.plusSeconds(4500), null));
    // two sessions by id, whatever their times
    p.add(event("add_to_cart", T0.plusSeconds(60), "a"));
    p.add(event("page_view", T0.plusSeconds(70), "b"));
    p.add(event("product_view", T0.plusSeconds(86_400), "b"));
    LocalDate asOf = DAY0.plusDays(1);

    assertThat(field(p, ProfileField.SESSIONS, asOf)).isEqualTo(4);
    // pages: 2 page views without id + page view and product view in b = 4 over 4 sessions
    assertThat(field(p, ProfileField.PAGES_PER_SESSION, asOf)).isEqualTo(1.0);
    // sessions with a cart: first inactivity session, second (has a purchase), id a -> 2 of 3
    assertThat(field(p, ProfileField.CART_ABANDONMENT_RATE, asOf)).isEqualTo(2.0 / 3);
    assertThat(field(p, ProfileField.EVENTS_TOTAL, asOf)).isEqualTo(8);
    assertThat(field(p, ProfileField.EVENTS_ADD_TO_CART, asOf)).isEqualTo(3);
  }

  @Test
  void messagesReadOutsideTheSiteShouldNotCountAsSessions() {
    CustomerProfile p = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    // a newsletter opened and clicked on two days, a push opened: no visit
    p.add(event("email_open", T0, null));
    p.add(event("email_click", T0.plusSeconds(30), null));
    p.add(event("email_open", T0.plusSeconds(86_400), null));
    p.add(event("push_open", T0.plusSeconds(2 * 86_400), null));
    LocalDate asOf = DAY0.plusDays(3);
    assertThat(field(p, ProfileField.SESSIONS, asOf)).isZero();
    // the click's landing page is a visit; an open inside a tracked session stays in it
    p.add(event("page_view", T0.plusSeconds(40), null));
    p.add(event("email_open", T0.plusSeconds(3 * 86_400), "s1"));
    p.add(event("page_view", T0.plusSeconds(3 * 86_400 + 5), "s1"));
    assertThat(field(p, ProfileField.SESSIONS, asOf.plusDays(1))).isEqualTo(2);
    assertThat(field(p, ProfileField.EVENTS_EMAIL_OPEN, asOf.plusDays(1))).isEqualTo(3);
  }

  @Test
  void mergingShouldJoinSessionsThatAnEventInAnotherPartBridges() {
    CustomerProfile a = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    a.add(event("page_view", T0, null));
    a.add(event("page_view", T0.plusSeconds(50 * 60), null));
    assertThat(a.value(ProfileField.SESSIONS, DAY0)).isEqualTo(2); // 50 minutes apart
    CustomerProfile b = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    b.add(event("page_view", T0.plusSeconds(25 * 60), null));
    a.merge(b);
    assertThat(a.value(ProfileField.SESSIONS, DAY0)).isEqualTo(1); // 25 + 25 minutes
  }

  @Test
  void shouldRateEmailsPerEventUntilDeliveriesAreKnown() {
    CustomerProfile p = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    for (int k = 0; k < 3; k++) {
      p.add(event("email_open", T0.plusSeconds(k * 7200L), null));
    }
    p.add(event("email_click", T0.plusSeconds(9000), null));
    // per email event: 3 opens and 1 click of 4 email events
    assertThat(p.value(ProfileField.EMAIL_OPEN_RATE, DAY0)).isEqualTo(0.75);
    assertThat(p.value(ProfileField.EMAIL_CLICK_RATE, DAY0)).isEqualTo(0.25);
    assertThat(p.value(ProfileField.EMAIL_RATES_PER_DELIVERY, DAY0)).isZero();
    for (int k = 0; k < 6; k++) {
      p.add(event("email_delivered", T0.minusSeconds(k * 3600L), null));
    }
    // per delivery: 3 / 6 and 1 / 6
    assertThat(p.value(ProfileField.EMAIL_OPEN_RATE, DAY0)).isEqualTo(0.5);
    assertThat(p.value(ProfileField.EMAIL_CLICK_RATE, DAY0)).isEqualTo(1.0 / 6);
    assertThat(p.value(ProfileField.EMAIL_RATES_PER_DELIVERY, DAY0)).isEqualTo(1);
    assertThat(p.value(ProfileField.EVENTS_CUSTOM, DAY0)).isEqualTo(6);
  }

  @Test
  void shouldCountWindowsAndTheActivityTrendBackFromTheAsOfDate() {
    CustomerProfile p = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    // 2 events on day 0, 3 on day 35, 1 on day 58; 1 order on day 40
    p.add(event("login", T0, null));
    p.add(event("login", T0.plusSeconds(60), null));
    for (int k = 0; k < 3; k++) {
      p.add(event("app_open", T0.plus(Duration.ofDays(35)).plusSeconds(k), null));
    }
    p.add(event("search", T0.plus(Duration.ofDays(58)), null));
    p.add(order(40, 12, OrderStatus.COMPLETED));
    LocalDate asOf = DAY0.plusDays(59);
    // last 30 days = days 30..59: events 3 + 1, order 1 -> 5; the 30 before = days 0..29: 2
    assertThat(p.value(ProfileField.EVENTS_7D, asOf)).isEqualTo(1);
    assertThat(p.value(ProfileField.EVENTS_30D, asOf)).isEqualTo(4);
    assertThat(p.value(ProfileField.EVENTS_90D, asOf)).isEqualTo(6);
    assertThat(p.value(ProfileField.ACTIVITY_30D, asOf)).isEqualTo(5);
    assertThat(p.value(ProfileField.ACTIVITY_PREV_30D, asOf)).isEqualTo(2);
    assertThat(p.value(ProfileField.ACTIVITY_TREND, asOf)).isEqualTo(3.0 / 7); // (5 - 2) / 7
    assertThat(p.value(ProfileField.DAYS_SINCE_LAST_ACTIVITY, asOf)).isEqualTo(1);
    // events after the as-of date are outside every window
    assertThat(p.value(ProfileField.EVENTS_30D, DAY0.plusDays(20))).isEqualTo(2);
  }

  @Test
  void shouldBucketDaysInTheConfiguredZone() {
    ProfileSettings seoul = new ProfileSettings(ZoneId.of("Asia/Seoul"), Duration.ofMinutes(30));
    CustomerProfile p = new CustomerProfile(ID, seoul);
    // 2026-03-01T20:00Z is 2026-03-02 05:00 in Seoul
    p.add(event("login", Instant.parse("2026-03-01T20:00:00Z"), null));
    assertThat(p.value(ProfileField.EVENTS_7D, LocalDate.of(2026, 3, 1))).isZero();
    assertThat(p.value(ProfileField.EVENTS_7D, LocalDate.of(2026, 3, 2))).isEqualTo(1);
    CustomerProfile utc = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    assertThatThrownBy(() -> utc.merge(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different settings");
  }

  @Test
  void shouldComputeCategoryServiceAndReviewFigures() {
    CustomerProfile p = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    p.add(new OrderItem("o1", "p1", "books", 2, 10)); // 20
    p.add(new OrderItem("o1", "p2", "toys", 1, 30)); // 30
    p.add(new OrderItem("o2", "p3", null, 5, 100)); // no category: left out
    p.add(new Interaction("i1", ID, T0, Interaction.Channel.CALL, Interaction.Kind.COMPLAINT, ""));
    p.add(new Interaction("i2", ID, T0, Interaction.Channel.CHAT, Interaction.Kind.INQUIRY, ""));
    p.add(new Review("r1", ID, T0, 5, "p1", null));
    p.add(new Review("r2", ID, T0, 4, "p2", null));
    p.add(new Review("r3", ID, T0, null, "p3", null));

    assertThat(p.categoryShare("books")).isEqualTo(0.4);
    assertThat(p.categoryShare("toys")).isEqualTo(0.6);
    assertThat(p.categoryShare("garden")).isZero();
    assertThat(p.value(ProfileField.DISTINCT_CATEGORIES, DAY0)).isEqualTo(2);
    assertThat(p.value(ProfileField.TOP_CATEGORY_SHARE, DAY0)).isEqualTo(0.6);
    // -(0.4 ln 0.4 + 0.6 ln 0.6) = 0.6730116670092565
    assertThat(p.value(ProfileField.CATEGORY_ENTROPY, DAY0)).isCloseTo(0.6730116670, within(1e-9));
    assertThat(p.value(ProfileField.INTERACTIONS, DAY0)).isEqualTo(2);
    assertThat(p.value(ProfileField.COMPLAINTS, DAY0)).isEqualTo(1);
    assertThat(p.value(ProfileField.REVIEWS, DAY0)).isEqualTo(3);
    assertThat(p.value(ProfileField.RATING_MEAN, DAY0)).isEqualTo(4.5); // (5 + 4) / 2 rated
  }

  @Test
  void shouldRefuseRecordsOfAnotherCustomerOrOfAnotherType() {
    CustomerProfile p = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    Order bobs = new Order("o9", CustomerId.of("bob"), T0, Money.of(1, "EUR"), null, null, null);
    assertThatThrownBy(() -> p.add(bobs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("order o9 belongs to customer bob");
    Record other = new ProfileSettings(ZoneId.of("UTC"), Duration.ofMinutes(5));
    assertThatThrownBy(() -> p.add(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not ProfileSettings");
  }

  @Test
  void shouldCountEventsOfOneTypeOverCalendarDayWindowsAndSurviveMergeAndCopy() {
    CustomerProfile p = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    p.add(event("add_to_cart", T0, null)); // day 0
    p.add(event("Add To Cart", T0.plus(Duration.ofDays(3)), null)); // day 3
    p.add(event("add_to_cart", T0.plus(Duration.ofDays(9)), null)); // day 9
    p.add(event("purchase", T0.plus(Duration.ofDays(9)), null));
    LocalDate day9 = DAY0.plusDays(9);
    // 7 days ending on day 9 = days 3..9 -> 2; 10 days = 0..9 -> 3
    assertThat(p.eventCount(io.tessera.contract.EventType.ADD_TO_CART, day9, 7)).isEqualTo(2);
    assertThat(p.eventCount(io.tessera.contract.EventType.ADD_TO_CART, day9, 10)).isEqualTo(3);
    assertThat(p.eventCount(io.tessera.contract.EventType.ADD_TO_CART, day9, 0)).isEqualTo(3);
    assertThat(p.eventCount(io.tessera.contract.EventType.PURCHASE, day9, 1)).isEqualTo(1);
    assertThat(p.eventCount(io.tessera.contract.EventType.LOGIN, day9, 30)).isZero();

    CustomerProfile other = new CustomerProfile(ID, ProfileSettings.DEFAULT);
    other.add(event("add_to_cart", T0.plus(Duration.ofDays(8)), null));
    CustomerProfile merged = p.copy();
    merged.merge(other);
    assertThat(merged.eventCount(io.tessera.contract.EventType.ADD_TO_CART, day9, 7)).isEqualTo(3);
    assertThat(p.eventCount(io.tessera.contract.EventType.ADD_TO_CART, day9, 7))
        .as("the copy is independent")
        .isEqualTo(2);
  }
}
