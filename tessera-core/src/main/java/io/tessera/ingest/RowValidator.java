package io.tessera.ingest;

import static io.tessera.ingest.FieldParser.isBlank;
import static io.tessera.ingest.FieldParser.require;

import io.tessera.contract.Consent;
import io.tessera.contract.Customer;
import io.tessera.contract.CustomerId;
import io.tessera.contract.Event;
import io.tessera.contract.Interaction;
import io.tessera.contract.Money;
import io.tessera.contract.Order;
import io.tessera.contract.OrderItem;
import io.tessera.contract.OrderStatus;
import io.tessera.contract.Review;
import io.tessera.contract.Source;
import io.tessera.privacy.Pseudonymizer;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Validates one source's rows against the data contract: a row of text fields becomes a contract
 * record, or a {@link Rejection} whose reason is the first failing check in the order of {@link
 * QuarantineReason}. Email and phone are normalised and pseudonymised here, so a record never holds
 * a raw contact detail. Not thread-safe (it caches column positions); use one per thread.
 */
public final class RowValidator {
  private final Source source;
  private final IngestSettings settings;
  private final FieldParser parse;
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> extraColumns;
  private static final int CACHE = 64;
  private final String[] cacheKeys = new String[CACHE];
  private final Integer[] cacheValues = new Integer[CACHE];

  /**
   * An alias for each missing column: from the header column that looks like it (its name, without
   * separators, contains the missing one's or the other way round: event_type for type, CustomerID
   * for customer_id; a date or time column for a timestamp), else from a placeholder.
   */
  static String aliases(List<String> missing, List<String> header) {
    List<String> out = new java.util.ArrayList<>();
    for (String column : missing) {
      String want = squash(column);
      String from = null;
      for (String h : header) {
        String have = squash(h);
        if (have.contains(want) || (have.length() >= 4 && want.contains(have))) {
          from = h;
          break;
        }
      }
      if (from == null && column.endsWith("_at")) {
        for (String h : header) {
          String have = h.toLowerCase(Locale.ROOT);
          if (have.contains("date") || have.contains("time") || have.endsWith("_at")) {
            from = h;
            break;
          }
        }
      }
      out.add((from == null ? "<your column>" : quoted(from)) + " AS " + column);
    }
    return String.join(", ", out);
  }

  private static String squash(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static String quoted(String column) {
    return column.matches("[A-Za-z_][A-Za-z0-9_]*")
        ? column
        : '"' + column.replace("\"", "\"\"") + '"';
  }

  /**
   * @param header the source's column names as read (matched case-insensitively)
   * @throws IllegalArgumentException naming the missing required columns
   */
  public RowValidator(Source source, List<String> header, IngestSettings settings) {
    this.source = source;
    this.settings = settings;
    this.parse = new FieldParser(settings.zone(), settings.now());
    Set<String> known = new HashSet<>(source.requiredColumns());
    known.addAll(source.optionalColumns());
    for (int i = 0; i < header.size(); i++) {
      index.putIfAbsent(header.get(i).strip().toLowerCase(Locale.ROOT), i);
    }
    List<String> missing =
        source.requiredColumns().stream().filter(c -> !index.containsKey(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          source.fileStem()
              + " lacks the required column(s) "
              + String.join(", ", missing)
              + "; its columns are "
              + String.join(", ", header)
              + " (map them in tessera.yaml with SQL aliases, e.g. SELECT *, "
              + aliases(missing, header)
              + " FROM read_csv(...))");
    }
    this.extraColumns =
        header.stream()
            .map(h -> h.strip().toLowerCase(Locale.ROOT))
            .filter(h -> !known.contains(h) && !h.startsWith("_"))
            .distinct()
            .toList();
  }

  public Source source() {
    return source;
  }

  /** Validates a row whose fields follow the header; returns the contract record. */
  public Object validate(String[] fields) throws Rejection {
    return switch (source) {
      case CUSTOMERS -> customer(fields);
      case ORDERS -> order(fields);
      case ORDER_ITEMS -> item(fields);
      case EVENTS -> event(fields);
      case INTERACTIONS -> interaction(fields);
      case REVIEWS -> review(fields);
    };
  }

  private String get(String[] fields, String column) {
    // a small identity cache: the same column literals are asked for on every row
    int slot = (System.identityHashCode(column) & 0x7fffffff) % CACHE;
    Integer i;
    if (cacheKeys[slot] == column) {
      i = cacheValues[slot];
    } else {
      i = index.get(column);
      cacheKeys[slot] = column;
      cacheValues[slot] = i;
    }
    if (i == null || i >= fields.length) {
      return null;
    }
    String v = fields[i];
    if (v == null || v.isBlank()) {
      return null;
    }
    v = v.strip();
    // an id that looks like an email or phone number is kept as its pseudonym (PersonalData)
    return ID_COLUMNS.contains(column) ? settings.personalData().id(v) : v;
  }

  /** The columns holding a person's id. */
  private static final Set<String> ID_COLUMNS = Set.of("customer_id", "anonymous_id", "device_id");

  private Map<String, String> attributes(String[] fields) {
    if (extraColumns.isEmpty()) {
      return Map.of();
    }
    Map<String, String> attributes = new HashMap<>();
    for (String c : extraColumns) {
      String v = get(fields, c);
      if (v != null) {
        attributes.put(c, v);
      }
    }
    return settings.personalData().attributes(attributes);
  }

  private Customer customer(String[] f) throws Rejection {
    String id = require(get(f, "customer_id"), "customer_id");
    Instant signup = parse.optionalInstant(get(f, "signup_at"), "signup_at");
    Integer birthYear = FieldParser.optionalInt(get(f, "birth_year"), "birth_year");
    String country = get(f, "country");
    String email = contact(get(f, "email"), null, "email");
    String phone = contact(get(f, "phone"), country, "phone");
    Consent consent =
        new Consent(
            FieldParser.optionalBoolean(get(f, "consent_analytics"), "consent_analytics"),
            FieldParser.optionalBoolean(get(f, "consent_marketing"), "consent_marketing"),
            FieldParser.optionalBoolean(get(f, "consent_profiling"), "consent_profiling"));
    parse.checkRange(signup, "signup_at");
    return invalidIfThrows(
        () ->
            new Customer(
                CustomerId.of(id),
                email,
                phone,
                signup,
                country,
                get(f, "region"),
                get(f, "gender"),
                birthYear,
                consent,
                attributes(f)));
  }

  private Order order(String[] f) throws Rejection {
    String id = require(get(f, "order_id"), "order_id");
    String customer = require(get(f, "customer_id"), "customer_id");
    Instant at = parse.parseInstant(require(get(f, "ordered_at"), "ordered_at"), "ordered_at");
    double amount = FieldParser.parseDouble(require(get(f, "amount"), "amount"), "amount");
    OrderStatus status;
    try {
      status = OrderStatus.parse(get(f, "status"));
    } catch (IllegalArgumentException e) {
      throw new Rejection(QuarantineReason.INVALID_VALUE, e.getMessage());
    }
    String currency = get(f, "currency");
    currency = currency == null ? settings.baseCurrency() : currency.toUpperCase(Locale.ROOT);
    if (!Money.isCurrencyCode(currency)) {
      throw new Rejection(
          QuarantineReason.INVALID_VALUE, "currency must be a three-letter code, got: " + currency);
    }
    RecordRules.checkAmount(amount, "amount");
    parse.checkRange(at, "ordered_at");
    Double rate = settings.rate(currency);
    if (rate == null) {
      throw new Rejection(
          QuarantineReason.UNKNOWN_CURRENCY,
          "no rate for currency "
              + currency
              + " to "
              + settings.baseCurrency()
              + " in the rates file");
    }
    RecordRules.checkOrderAmount(
        amount * rate,
        status,
        currency.equals(settings.baseCurrency())
            ? "amount"
            : "amount in " + settings.baseCurrency());
    Map<String, String> attributes = new HashMap<>(attributes(f));
    if (!currency.equals(settings.baseCurrency())) {
      attributes.put("original_currency", currency);
      attributes.put("original_amount", Double.toString(amount));
    }
    String base = settings.baseCurrency();
    return invalidIfThrows(
        () ->
            new Order(
                id,
                CustomerId.of(customer),
                at,
                Money.of(amount * rate, base),
                status,
                get(f, "channel"),
                attributes));
  }

  private OrderItem item(String[] f) throws Rejection {
    String order = require(get(f, "order_id"), "order_id");
    String product = require(get(f, "product_id"), "product_id");
    Integer quantity = FieldParser.optionalInt(get(f, "quantity"), "quantity");
    Double price = FieldParser.optionalDouble(get(f, "unit_price"), "unit_price");
    RecordRules.checkLine(quantity == null ? 1 : quantity, price == null ? 0 : price, "order line");
    return invalidIfThrows(
        () ->
            new OrderItem(
                order,
                product,
                get(f, "category"),
                quantity == null ? 1 : quantity,
                price == null ? 0 : price));
  }

  private Event event(String[] f) throws Rejection {
    String id = require(get(f, "event_id"), "event_id");
    String type = require(get(f, "type"), "type");
    Instant at = parse.parseInstant(require(get(f, "occurred_at"), "occurred_at"), "occurred_at");
    String email = contact(get(f, "email"), null, "email");
    parse.checkRange(at, "occurred_at");
    String customer = get(f, "customer_id");
    return invalidIfThrows(
        () ->
            new Event(
                id,
                type.toLowerCase(Locale.ROOT),
                at,
                customer == null ? null : CustomerId.of(customer),
                get(f, "anonymous_id"),
                get(f, "device_id"),
                email,
                get(f, "session_id"),
                properties(get(f, "properties"))));
  }

  /**
   * Texts {@link io.tessera.privacy.PersonalData#propertiesText} has seen, with what it made of
   * them (a function of the text alone for one validator's settings). A shop's events repeat few
   * properties texts (2,968 distinct among 4.35 million at 100,000 generated customers), and the
   * rule streams each through a JSON parser and its contact-detail scans: a seventh of the
   * validation's time before this. Bounded: emptied when full.
   */
  private final Map<String, String> propertiesSeen = new HashMap<>();

  private static final int PROPERTIES_SEEN = 8_192;
  private static final String DROPPED =
      new String("dropped"); // a null result; compared by identity

  private String properties(String text) {
    if (text == null) {
      return null;
    }
    String kept = propertiesSeen.get(text);
    if (kept == null) {
      String made = settings.personalData().propertiesText(text);
      if (propertiesSeen.size() >= PROPERTIES_SEEN) {
        propertiesSeen.clear();
      }
      propertiesSeen.put(text, made == null ? DROPPED : made);
      return made;
    }
    return kept == DROPPED ? null : kept;
  }

  private Interaction interaction(String[] f) throws Rejection {
    String id = require(get(f, "interaction_id"), "interaction_id");
    String customer = require(get(f, "customer_id"), "customer_id");
    Instant at = parse.parseInstant(require(get(f, "occurred_at"), "occurred_at"), "occurred_at");
    Interaction.Channel channel;
    Interaction.Kind kind;
    try {
      channel = Interaction.Channel.parse(get(f, "channel"));
      kind = Interaction.Kind.parse(get(f, "kind"));
    } catch (IllegalArgumentException e) {
      throw new Rejection(QuarantineReason.INVALID_VALUE, e.getMessage());
    }
    parse.checkRange(at, "occurred_at");
    return invalidIfThrows(
        () -> new Interaction(id, CustomerId.of(customer), at, channel, kind, get(f, "text")));
  }

  private Review review(String[] f) throws Rejection {
    String id = require(get(f, "review_id"), "review_id");
    String customer = require(get(f, "customer_id"), "customer_id");
    Instant at = parse.parseInstant(require(get(f, "created_at"), "created_at"), "created_at");
    Integer rating = FieldParser.optionalInt(get(f, "rating"), "rating");
    if (rating != null && (rating < 1 || rating > 5)) {
      throw new Rejection(
          QuarantineReason.INVALID_VALUE, "rating must be between 1 and 5, got: " + rating);
    }
    parse.checkRange(at, "created_at");
    return invalidIfThrows(
        () ->
            new Review(
                id, CustomerId.of(customer), at, rating, get(f, "product_id"), get(f, "text")));
  }

  /** Normalises and pseudonymises an email or phone; an unparseable value is invalid. */
  private String contact(String raw, String country, String field) throws Rejection {
    if (isBlank(raw)) {
      return null;
    }
    String normalised =
        field.equals("email")
            ? Pseudonymizer.normaliseEmail(raw)
            : Pseudonymizer.normalisePhone(raw, country);
    if (normalised == null) {
      throw new Rejection(
          QuarantineReason.INVALID_VALUE,
          field.equals("email")
              ? "email is not an email address"
              : "phone is not a phone number (with the customer's country " + country + ")");
    }
    Pseudonymizer p = settings.pseudonymizer();
    return p == null ? normalised : p.pseudonym(normalised);
  }

  private interface Build<T> {
    T get();
  }

  /** The contract records validate themselves; their complaints are invalid values. */
  private static <T> T invalidIfThrows(Build<T> build) throws Rejection {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new Rejection(QuarantineReason.INVALID_VALUE, e.getMessage());
    }
  }
}
