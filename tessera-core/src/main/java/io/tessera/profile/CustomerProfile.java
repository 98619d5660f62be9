package io.tessera.profile;

import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.EventType;
import io.tessera.contract.Interaction;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.Review;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One customer's profile: the composition of all per-customer {@link Aggregator}s, itself an
 * aggregator over the contract records (orders, order lines, events, interactions, reviews).
 *
 * <p>The profile holds state, not values: {@link #values(LocalDate)} derives the named fields of
 * {@link ProfileField} (version {@value #FIELDS_VERSION}) as of a date, so one profile answers for
 * any as-of date and a live update never has to recompute the history. Totals (frequency, monetary,
 * counts) cover every record added: to score as of a past date, leave later records out of the fold
 * ({@link ProfileFold.Options#until()}). Windows, recency and trends are counted back from the
 * as-of date.
 *
 * <p>Not thread-safe: one thread adds to a profile at a time (the fold partitions customers so that
 * this holds).
 */
public final class CustomerProfile implements Aggregator<Record, CustomerProfile> {
  /** Version of the {@link ProfileField} set; bumped when a field is added. */
  public static final int FIELDS_VERSION = 4;

  private static final int FIELD_COUNT = ProfileField.values().length;

  private final CustomerId customerId;
  private final ProfileSettings settings;
  // Each part is made by the first record that needs it (null until then) and read through its
  // accessor, which answers for a missing part with a shared empty one that is never written:
  // a profile of an orders-only shop holds no event, session, contact or text parts (the empty
  // parts were about half of each profile's objects, and a run holds millions of profiles, issue
  // 14). The values are the same either way.
  private OrderCounts orders;
  private DiscountUse discounts;
  private Revenue revenue;
  private PurchaseTimes purchases;
  private CategorySpend categories;
  private EventTypeCounts eventTypes;
  private EventTypeDays eventTypeDays;
  private EmailEngagement email;
  private Sessions sessions;
  private InteractionCounts interactions;
  private ReviewStats reviews;
  private final ActivitySpan activity = new ActivitySpan();
  private TextStats texts;

  public CustomerProfile(CustomerId customerId, ProfileSettings settings) {
    if (customerId == null || settings == null) {
      throw new IllegalArgumentException("a profile needs a customer id and settings");
    }
    this.customerId = customerId;
    this.settings = settings;
  }

  public CustomerId customerId() {
    return customerId;
  }

  public ProfileSettings settings() {
    return settings;
  }

  /**
   * Adds an {@link Order}, {@link OrderItem}, {@link Event}, {@link Interaction} or {@link Review}
   * of this customer. An order line carries no customer id: the caller routes it by its order.
   *
   * @throws IllegalArgumentException for another record type, or a record of another customer
   */
  @Override
  public void add(Record record) {
    switch (record) {
      case Order o -> add(o);
      case OrderItem i -> add(i);
      case Event e -> add(e);
      case Interaction i -> add(i);
      case Review r -> add(r);
      default ->
          throw new IllegalArgumentException(
              "a profile takes orders, order items, events, interactions and reviews, not "
                  + record.getClass().getSimpleName());
    }
  }

  public void add(Order order) {
    requireOwn(order.customerId(), "order " + order.orderId());
    if (orders == null) {
      orders = new OrderCounts();
      discounts = new DiscountUse();
      revenue = new Revenue();
      purchases = new PurchaseTimes();
    }
    orders.add(order);
    discounts.add(order);
    revenue.add(order);
    purchases.add(order);
    activity.add(order.orderedAt());
  }

  public void add(OrderItem item) {
    if (categories == null) {
      categories = new CategorySpend();
    }
    categories.add(item);
  }

  public void add(Event event) {
    requireOwn(event.customerId(), "event " + event.eventId());
    // parsing the type word is the costliest step of an event: once, not per figure
    EventType kind = event.kind();
    if (eventTypes == null) {
      eventTypes = new EventTypeCounts();
      eventTypeDays = new EventTypeDays(settings);
      email = new EmailEngagement();
      sessions = new Sessions(settings);
    }
    eventTypes.add(kind);
    eventTypeDays.add(kind, event.occurredAt());
    email.add(event, kind);
    sessions.add(event, kind);
    activity.add(event.occurredAt());
  }

  public void add(Interaction interaction) {
    requireOwn(interaction.customerId(), "interaction " + interaction.interactionId());
    if (interactions == null) {
      interactions = new InteractionCounts();
    }
    interactions.add(interaction);
    activity.add(interaction.occurredAt());
  }

  public void add(Review review) {
    requireOwn(review.customerId(), "review " + review.reviewId());
    if (reviews == null) {
      reviews = new ReviewStats();
    }
    reviews.add(review);
    activity.add(review.createdAt());
  }

  /**
   * Adds what one of this customer's texts says (scored by {@code io.tessera.text.TextScorer}). The
   * review or interaction itself is added separately: a text's signal counts toward the text fields
   * only.
   */
  public void add(TextSignal signal) {
    requireOwn(signal.customerId(), "a text signal");
    if (texts == null) {
      texts = new TextStats(settings);
    }
    texts.add(signal);
  }

  private void requireOwn(CustomerId id, String what) {
    if (!customerId.equals(id)) {
      throw new IllegalArgumentException(
          what + " belongs to customer " + id + ", not to this profile's " + customerId);
    }
  }

  @Override
  public void merge(CustomerProfile other) {
    if (!customerId.equals(other.customerId)) {
      throw new IllegalArgumentException(
          "cannot merge the profile of " + other.customerId + " into that of " + customerId);
    }
    ProfileSettings.requireSame(settings, other.settings);
    mergeParts(other);
  }

  /** Adds {@code other}'s parts to this profile's, making the parts this one does not have yet. */
  private void mergeParts(CustomerProfile other) {
    if (other.orders != null) {
      if (orders == null) {
        orders = new OrderCounts();
        discounts = new DiscountUse();
        revenue = new Revenue();
        purchases = new PurchaseTimes();
      }
      orders.merge(other.orders);
      discounts.merge(other.discounts);
      revenue.merge(other.revenue);
      purchases.merge(other.purchases);
    }
    if (other.categories != null) {
      if (categories == null) {
        categories = new CategorySpend();
      }
      categories.merge(other.categories);
    }
    if (other.eventTypes != null) {
      if (eventTypes == null) {
        eventTypes = new EventTypeCounts();
        eventTypeDays = new EventTypeDays(settings);
        email = new EmailEngagement();
        sessions = new Sessions(settings);
      }
      eventTypes.merge(other.eventTypes);
      eventTypeDays.merge(other.eventTypeDays);
      email.merge(other.email);
      sessions.merge(other.sessions);
    }
    if (other.interactions != null) {
      if (interactions == null) {
        interactions = new InteractionCounts();
      }
      interactions.merge(other.interactions);
    }
    if (other.reviews != null) {
      if (reviews == null) {
        reviews = new ReviewStats();
      }
      reviews.merge(other.reviews);
    }
    activity.merge(other.activity);
    if (other.texts != null) {
      if (texts == null) {
        texts = new TextStats(settings);
      }
      texts.merge(other.texts);
    }
  }

  /**
   * Drops the spare room the sparse counters keep for more records: a batch fold calls it once its
   * input is read, so the profiles it holds for the rest of a run (four sets of them at once while
   * the churn stage folds its cut-off days) take only what their records need. Adding more records
   * afterwards still works; the arrays grow again.
   */
  void trim() {
    if (purchases != null) {
      purchases.trim();
    }
    if (categories != null) {
      categories.trim();
    }
    if (eventTypeDays != null) {
      eventTypeDays.trim();
      sessions.trim();
    }
  }

  /**
   * A deep copy of this state under another customer id: how identity resolution makes the parts of
   * a merged customer mergeable into one profile (see {@code io.tessera.identity.ProfileMerge}).
   */
  public CustomerProfile copyAs(CustomerId id) {
    CustomerProfile c = new CustomerProfile(id, settings);
    c.mergeParts(this);
    return c;
  }

  @Override
  public CustomerProfile copy() {
    CustomerProfile c = new CustomerProfile(customerId, settings);
    c.merge(this);
    return c;
  }

  /** The value of one field as of the end of {@code asOf}. */
  public double value(ProfileField field, LocalDate asOf) {
    return values(asOf)[field.ordinal()];
  }

  /**
   * All fields as of the end of {@code asOf}, indexed by {@link ProfileField#ordinal()}. A new
   * array on each call.
   */
  public double[] values(LocalDate asOf) {
    double[] v = new double[FIELD_COUNT];
    values(asOf, v);
    return v;
  }

  /** Writes all fields as of {@code asOf} into {@code out}, indexed by field ordinal. */
  public void values(LocalDate asOf, double[] out) {
    if (out.length < FIELD_COUNT) {
      throw new IllegalArgumentException(
          "the output row needs " + FIELD_COUNT + " slots, got " + out.length);
    }
    long today = asOf.toEpochDay();
    int frequency = orders().completed();
    double monetary = revenue().total();
    put(out, ProfileField.FREQUENCY, frequency);
    put(out, ProfileField.ORDERS_TOTAL, orders().total());
    put(out, ProfileField.MONETARY, monetary);
    put(out, ProfileField.AVG_ORDER_VALUE, frequency == 0 ? Double.NaN : monetary / frequency);
    put(out, ProfileField.RECENCY_DAYS, daysSince(purchases().last(), today));
    put(out, ProfileField.TENURE_DAYS, daysSince(purchases().first(), today));
    put(out, ProfileField.IPT_MEAN_DAYS, purchases().gapMeanDays());
    put(out, ProfileField.IPT_SD_DAYS, purchases().gapSdDays());
    put(out, ProfileField.RETURN_RATE, orders().returnRate());
    put(out, ProfileField.ORDERS_7D, purchases().countInWindow(asOf, 7, settings));
    int orders30 = purchases().countInWindow(asOf, 30, settings);
    put(out, ProfileField.ORDERS_30D, orders30);
    put(out, ProfileField.ORDERS_90D, purchases().countInWindow(asOf, 90, settings));

    put(out, ProfileField.EVENTS_TOTAL, eventTypes().total());
    // windows of all events, from the table by type and day
    put(out, ProfileField.EVENTS_7D, eventTypeDays().between(today - 6, today));
    long events30 = eventTypeDays().between(today - 29, today);
    put(out, ProfileField.EVENTS_30D, events30);
    put(out, ProfileField.EVENTS_90D, eventTypeDays().between(today - 89, today));
    put(out, ProfileField.EVENTS_PAGE_VIEW, eventTypes().count(EventType.PAGE_VIEW));
    put(out, ProfileField.EVENTS_PRODUCT_VIEW, eventTypes().count(EventType.PRODUCT_VIEW));
    put(out, ProfileField.EVENTS_SEARCH, eventTypes().count(EventType.SEARCH));
    put(out, ProfileField.EVENTS_ADD_TO_CART, eventTypes().count(EventType.ADD_TO_CART));
    put(out, ProfileField.EVENTS_REMOVE_FROM_CART, eventTypes().count(EventType.REMOVE_FROM_CART));
    put(out, ProfileField.EVENTS_CHECKOUT_STARTED, eventTypes().count(EventType.CHECKOUT_STARTED));
    put(out, ProfileField.EVENTS_PURCHASE, eventTypes().count(EventType.PURCHASE));
    put(out, ProfileField.EVENTS_EMAIL_OPEN, eventTypes().count(EventType.EMAIL_OPEN));
    put(out, ProfileField.EVENTS_EMAIL_CLICK, eventTypes().count(EventType.EMAIL_CLICK));
    put(out, ProfileField.EVENTS_PUSH_OPEN, eventTypes().count(EventType.PUSH_OPEN));
    put(out, ProfileField.EVENTS_APP_OPEN, eventTypes().count(EventType.APP_OPEN));
    put(out, ProfileField.EVENTS_LOGIN, eventTypes().count(EventType.LOGIN));
    put(out, ProfileField.EVENTS_CUSTOM, eventTypes().count(EventType.CUSTOM));
    put(out, ProfileField.SESSIONS, sessions().count());
    put(out, ProfileField.PAGES_PER_SESSION, sessions().pagesPerSession());
    put(out, ProfileField.CART_ABANDONMENT_RATE, sessions().cartAbandonmentRate());
    put(out, ProfileField.EMAIL_OPEN_RATE, email().openRate());
    put(out, ProfileField.EMAIL_CLICK_RATE, email().clickRate());
    put(out, ProfileField.EMAIL_RATES_PER_DELIVERY, email().deliveriesKnown() ? 1 : 0);
    put(out, ProfileField.INTERACTIONS, interactions().total());
    put(out, ProfileField.COMPLAINTS, interactions().complaints());
    put(out, ProfileField.REVIEWS, reviews().count());
    put(out, ProfileField.RATING_MEAN, reviews().meanRating());
    put(out, ProfileField.DAYS_SINCE_LAST_ACTIVITY, daysSince(activity.latest(), today));
    put(out, ProfileField.DAYS_SINCE_FIRST_ACTIVITY, daysSince(activity.earliest(), today));

    long activity30 = events30 + orders30;
    long previous30 =
        eventTypeDays().between(today - 59, today - 30)
            + purchases().countInWindow(asOf.minusDays(30), 30, settings);
    put(out, ProfileField.ACTIVITY_30D, activity30);
    put(out, ProfileField.ACTIVITY_PREV_30D, previous30);
    long both = activity30 + previous30;
    put(
        out,
        ProfileField.ACTIVITY_TREND,
        both == 0 ? 0.0 : (double) (activity30 - previous30) / both);
    put(out, ProfileField.DISTINCT_CATEGORIES, categorySpend().distinctCategories());
    put(out, ProfileField.TOP_CATEGORY_SHARE, categorySpend().topShare());
    put(out, ProfileField.CATEGORY_ENTROPY, categorySpend().entropy());
    put(out, ProfileField.DISCOUNT_ORDERS, discounts().discounted());
    put(out, ProfileField.DISCOUNT_ORDER_SHARE, discounts().share());
    put(out, ProfileField.DISCOUNT_PROPENSITY, discounts().propensity());
    put(out, ProfileField.TEXTS, texts().texts());
    put(out, ProfileField.SENTIMENT_MEAN, texts().sentimentMean());
    put(out, ProfileField.SENTIMENT_TREND, texts().sentimentTrend(today));
    put(out, ProfileField.TEXT_COMPLAINTS, texts().complaints());
    put(out, ProfileField.TEXT_COMPLAINT_SHARE, texts().complaintShare());
    int topic = texts().dominantTopic();
    put(out, ProfileField.DOMINANT_TOPIC, topic < 0 ? Double.NaN : topic);
  }

  private static void put(double[] out, ProfileField field, double value) {
    out[field.ordinal()] = value;
  }

  private double daysSince(Instant at, long today) {
    return at == null ? Double.NaN : today - settings.epochDay(at.getEpochSecond());
  }

  /**
   * Events of one contract type on the {@code days} calendar days ending with {@code asOf} (the
   * rule segments' windowed counts); {@code days <= 0} counts all of them.
   */
  public long eventCount(EventType type, LocalDate asOf, int days) {
    return days <= 0 ? eventTypeDays().total(type) : eventTypeDays().window(type, asOf, days);
  }

  /** The customer's share of categorised spend in {@code category}; see {@link CategorySpend}. */
  public double categoryShare(String category) {
    return categorySpend().share(category);
  }

  /** Category spend shares by category name (empty without categorised spend). */
  public Map<String, Double> categoryShares() {
    return categorySpend().shares();
  }

  /** The product categories this customer bought, in name order. */
  public List<String> categories() {
    return categorySpend().categories();
  }

  // The reads of the parts: a part the profile has not made yet answers as an empty one would.
  // These empty parts are shared by every profile and never written (nothing but the add and
  // merge methods above writes a part, and they write only parts this profile made).

  private static final OrderCounts NO_ORDERS = new OrderCounts();
  private static final DiscountUse NO_DISCOUNTS = new DiscountUse();
  private static final Revenue NO_REVENUE = new Revenue();
  private static final PurchaseTimes NO_PURCHASES = new PurchaseTimes();
  private static final CategorySpend NO_CATEGORIES = new CategorySpend();
  private static final EventTypeCounts NO_EVENT_TYPES = new EventTypeCounts();
  // an empty part reads no setting (the settings decide only where an added record goes)
  private static final EventTypeDays NO_EVENT_DAYS = new EventTypeDays(ProfileSettings.DEFAULT);
  private static final EmailEngagement NO_EMAIL = new EmailEngagement();
  private static final Sessions NO_SESSIONS = new Sessions(ProfileSettings.DEFAULT);
  private static final InteractionCounts NO_INTERACTIONS = new InteractionCounts();
  private static final ReviewStats NO_REVIEWS = new ReviewStats();
  private static final TextStats NO_TEXTS = new TextStats(ProfileSettings.DEFAULT);

  private OrderCounts orders() {
    return orders == null ? NO_ORDERS : orders;
  }

  private DiscountUse discounts() {
    return discounts == null ? NO_DISCOUNTS : discounts;
  }

  private Revenue revenue() {
    return revenue == null ? NO_REVENUE : revenue;
  }

  private PurchaseTimes purchases() {
    return purchases == null ? NO_PURCHASES : purchases;
  }

  private CategorySpend categorySpend() {
    return categories == null ? NO_CATEGORIES : categories;
  }

  private EventTypeCounts eventTypes() {
    return eventTypes == null ? NO_EVENT_TYPES : eventTypes;
  }

  private EventTypeDays eventTypeDays() {
    return eventTypeDays == null ? NO_EVENT_DAYS : eventTypeDays;
  }

  private EmailEngagement email() {
    return email == null ? NO_EMAIL : email;
  }

  private Sessions sessions() {
    return sessions == null ? NO_SESSIONS : sessions;
  }

  private InteractionCounts interactions() {
    return interactions == null ? NO_INTERACTIONS : interactions;
  }

  private ReviewStats reviews() {
    return reviews == null ? NO_REVIEWS : reviews;
  }

  private TextStats texts() {
    return texts == null ? NO_TEXTS : texts;
  }
}
