package io.tessera.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The named numeric fields of a {@link CustomerProfile}, version {@value
 * CustomerProfile#FIELDS_VERSION}. The wire names are public API (feature names in configs, columns
 * in outputs): a field is never renamed or given a new meaning within a version; new fields are
 * appended and bump the version.
 *
 * <p>A field is NaN when it is undefined for the customer (a rate with a zero denominator, recency
 * without any purchase); the feature transform imputes those and adds an indicator column. Days are
 * whole calendar days in the profile's zone, counted back from the as-of date; a window of n days
 * covers the as-of date and the n - 1 days before it.
 */
public enum ProfileField {
  FREQUENCY(Kind.COUNT, "completed orders"),
  ORDERS_TOTAL(Kind.COUNT, "orders of any status (completed, returned, cancelled)"),
  MONETARY(Kind.MONEY, "revenue of completed orders, base currency"),
  AVG_ORDER_VALUE(Kind.MONEY, "monetary / frequency"),
  RECENCY_DAYS(Kind.DAYS, "days from the last completed order to the as-of date"),
  TENURE_DAYS(Kind.DAYS, "days from the first completed order to the as-of date"),
  IPT_MEAN_DAYS(Kind.DAYS, "mean gap between consecutive completed orders, days (2+ orders)"),
  IPT_SD_DAYS(Kind.DAYS, "sample standard deviation of those gaps, days (3+ orders)"),
  RETURN_RATE(Kind.RATE, "returned / (completed + returned) orders"),
  ORDERS_7D(Kind.COUNT, "completed orders in the last 7 days"),
  ORDERS_30D(Kind.COUNT, "completed orders in the last 30 days"),
  ORDERS_90D(Kind.COUNT, "completed orders in the last 90 days"),
  EVENTS_TOTAL(Kind.COUNT, "behavioural events of any type"),
  EVENTS_7D(Kind.COUNT, "events in the last 7 days"),
  EVENTS_30D(Kind.COUNT, "events in the last 30 days"),
  EVENTS_90D(Kind.COUNT, "events in the last 90 days"),
  EVENTS_PAGE_VIEW(Kind.COUNT, "page_view events"),
  EVENTS_PRODUCT_VIEW(Kind.COUNT, "product_view events"),
  EVENTS_SEARCH(Kind.COUNT, "search events"),
  EVENTS_ADD_TO_CART(Kind.COUNT, "add_to_cart events"),
  EVENTS_REMOVE_FROM_CART(Kind.COUNT, "remove_from_cart events"),
  EVENTS_CHECKOUT_STARTED(Kind.COUNT, "checkout_started events"),
  EVENTS_PURCHASE(Kind.COUNT, "purchase events"),
  EVENTS_EMAIL_OPEN(Kind.COUNT, "email_open events"),
  EVENTS_EMAIL_CLICK(Kind.COUNT, "email_click events"),
  EVENTS_PUSH_OPEN(Kind.COUNT, "push_open events"),
  EVENTS_APP_OPEN(Kind.COUNT, "app_open events"),
  EVENTS_LOGIN(Kind.COUNT, "login events"),
  EVENTS_CUSTOM(Kind.COUNT, "events of types outside the contract"),
  SESSIONS(Kind.COUNT, "sessions: distinct session_id, else 30-minute inactivity"),
  PAGES_PER_SESSION(Kind.RATIO, "page_view + product_view events per session"),
  CART_ABANDONMENT_RATE(
      Kind.RATE, "sessions with add_to_cart and no purchase / sessions with add_to_cart"),
  EMAIL_OPEN_RATE(Kind.RATE, "email opens per delivered email, else per email event"),
  EMAIL_CLICK_RATE(Kind.RATE, "email clicks per delivered email, else per email event"),
  EMAIL_RATES_PER_DELIVERY(Kind.FLAG, "1 when the email rates are per delivery, 0 when per event"),
  INTERACTIONS(Kind.COUNT, "service interactions (call, email, chat, social)"),
  COMPLAINTS(Kind.COUNT, "interactions of kind complaint"),
  REVIEWS(Kind.COUNT, "reviews written"),
  RATING_MEAN(Kind.SCORE, "mean star rating (1-5) of rated reviews"),
  DAYS_SINCE_LAST_ACTIVITY(
      Kind.DAYS, "days from the last order, event, interaction or review to the as-of date"),
  ACTIVITY_30D(Kind.COUNT, "events + completed orders in the last 30 days"),
  ACTIVITY_PREV_30D(Kind.COUNT, "events + completed orders in the 30 days before those"),
  ACTIVITY_TREND(
      Kind.TREND,
      "(activity_30d - activity_prev_30d) / (activity_30d + activity_prev_30d), in [-1, 1];"
          + " 0 when both are 0"),
  DISTINCT_CATEGORIES(Kind.COUNT, "product categories bought"),
  TOP_CATEGORY_SHARE(Kind.SHARE, "largest category's share of categorised spend"),
  CATEGORY_ENTROPY(Kind.SCORE, "Shannon entropy (nats) of the category spend shares"),
  // version 2
  DISCOUNT_ORDERS(Kind.COUNT, "completed orders with a discount_code attribute"),
  DISCOUNT_ORDER_SHARE(
      Kind.RATE, "discount_orders / frequency: the share of purchases made with a discount code"),
  // version 3
  DAYS_SINCE_FIRST_ACTIVITY(
      Kind.DAYS, "days from the first order, event, interaction or review to the as-of date"),
  DISCOUNT_PROPENSITY(
      Kind.RATE,
      "(discount_orders + 1) / (frequency + 2): the discount share with one pseudo-order of each"
          + " kind (Laplace), 0.5 without orders, near the share after many orders"),
  // version 4: what customers write (io.tessera.text)
  TEXTS(Kind.COUNT, "reviews and service interactions with their text scored"),
  SENTIMENT_MEAN(Kind.SCORE, "mean sentiment in [-1, 1] of the customer's scored texts"),
  SENTIMENT_TREND(
      Kind.TREND,
      "mean sentiment of the last 90 days' texts minus that of earlier texts; NaN unless both"),
  TEXT_COMPLAINTS(Kind.COUNT, "texts detected as complaints from their words and sentiment"),
  TEXT_COMPLAINT_SHARE(Kind.RATE, "text_complaints / texts"),
  DOMINANT_TOPIC(Kind.SCORE, "the topic id of most of the customer's texts; NaN without one");

  /** What kind of quantity a field is; the feature transform picks defaults by kind. */
  public enum Kind {
    /** A count of things: skewed, log1p by default. */
    @JsonProperty("count")
    COUNT,
    /** An amount of money: skewed, log1p by default. */
    @JsonProperty("money")
    MONEY,
    /** A number of days. */
    @JsonProperty("days")
    DAYS,
    /** A proportion in [0, 1]. */
    @JsonProperty("rate")
    RATE,
    /** A share of a whole, in [0, 1]. */
    @JsonProperty("share")
    SHARE,
    /** A ratio of two counts. */
    @JsonProperty("ratio")
    RATIO,
    /** A score on its own scale. */
    @JsonProperty("score")
    SCORE,
    /** A signed change. */
    @JsonProperty("trend")
    TREND,
    /** 0 or 1. */
    @JsonProperty("flag")
    FLAG
  }

  private final Kind kind;
  private final String description;
  private final String wireName;

  ProfileField(Kind kind, String description) {
    this.kind = kind;
    this.description = description;
    this.wireName = name().toLowerCase(Locale.ROOT);
  }

  /** The field's name in configs and outputs, e.g. {@code recency_days}. */
  public String wireName() {
    return wireName;
  }

  public Kind kind() {
    return kind;
  }

  public String description() {
    return description;
  }

  /** The field with this wire name, if any. */
  public static Optional<ProfileField> byName(String name) {
    for (ProfileField f : values()) {
      if (f.wireName.equals(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** All wire names in field order, comma separated (for messages). */
  public static String allNames() {
    return Arrays.stream(values()).map(ProfileField::wireName).collect(Collectors.joining(", "));
  }
}
