package io.tessera.privacy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for personal data in free-form fields: identify traits and event properties (live),
 * the events file's {@code properties} JSON and the extra columns kept as attributes (batch), and
 * ids.
 *
 * <ol>
 *   <li><b>Allowlist.</b> Traits and properties keep only the top-level fields the config declares
 *       ({@code privacy.keep_traits}, {@code privacy.keep_properties}; {@code *} keeps all),
 *       matched on the normalised key (case, separators and camelCase ignored: {@code First-Name},
 *       {@code first_name} and {@code firstName} are one key).
 *   <li><b>Contact details anywhere</b> (nested objects, arrays, strings inside URLs), whatever the
 *       allowlist kept: by key name ({@link #kindOfKey}) and by value (an email address, a phone
 *       number written with a {@code +} country code or in a grouped national form). Emails and
 *       phone numbers are replaced by their keyed pseudonym ({@link Pseudonymizer}); names,
 *       addresses, birthdays and IP addresses are dropped; an email or phone key whose value is
 *       neither is dropped too.
 *   <li><b>Ids</b> that look like an email or a phone number become their pseudonym.
 * </ol>
 *
 * <p>Without a key ({@link Mode#DROP}) contact values are dropped, or replaced by {@value
 * #REDACTED} inside a longer text; an id cannot be dropped and is kept only if it does not look
 * like contact data (see {@link #id}). {@link Mode#KEEP} (pseudonymisation switched off in the
 * config) applies the allowlist only. Thread-safe.
 */
public final class PersonalData {

  /** What kind of personal data a key or value holds. */
  public enum Kind {
    EMAIL,
    PHONE,
    /** names, postal addresses, birthdays, IP addresses: dropped */
    OTHER
  }

  /** What happens to a contact detail. */
  public enum Mode {
    /** replaced by its keyed pseudonym */
    PSEUDONYMISE,
    /** removed (no key is configured) */
    DROP,
    /** kept as it is (pseudonymisation switched off in the config) */
    KEEP
  }

  /** The text that replaces a contact detail inside a longer text when there is no key. */
  public static final String REDACTED = "[redacted]";

  /**
   * Identify traits kept by default: the batch customers file's non-contact columns and Segment's
   * descriptive traits. Declare {@code email} or {@code phone} to keep them as pseudonyms.
   */
  public static final List<String> DEFAULT_TRAITS =
      List.of(
          "signup_at",
          "created_at",
          "country",
          "region",
          "gender",
          "birth_year",
          "consent_analytics",
          "consent_marketing",
          "consent_profiling",
          "plan",
          "tier",
          "language",
          "locale",
          "timezone",
          "company",
          "industry",
          "logins");

  /**
   * Event properties kept by default: Segment's page and e-commerce spec properties and the ones
   * the synthetic shop writes.
   */
  public static final List<String> DEFAULT_PROPERTIES =
      List.of(
          "path",
          "url",
          "referrer",
          "search",
          "title",
          "name",
          "keywords",
          "user_agent",
          "campaign",
          "campaign_id",
          "source",
          "medium",
          "content",
          "term",
          "category",
          "product_id",
          "sku",
          "brand",
          "variant",
          "price",
          "quantity",
          "position",
          "value",
          "subtotal",
          "tax",
          "shipping",
          "discount",
          "checkout_id",
          "cart_id",
          "list_id",
          "query",
          "step",
          "shipping_method",
          "payment_method");

  /**
   * Properties the live engine and the batch run read, kept whatever the config says (the order and
   * its products, the session, the bot check).
   */
  public static final List<String> ENGINE_PROPERTIES =
      List.of(
          "order_id",
          "revenue",
          "total",
          "currency",
          "coupon",
          "products",
          "session_id",
          "user_agent");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALL = "*";

  // an email inside a text, written plainly or URL-encoded (%40)
  static final Pattern EMAIL_IN_TEXT =
      Pattern.compile(
          "[A-Za-z0-9._%+'-]+(?:@|%40)[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  // a phone number with its country code inside a text: +82 10-1234-5678, +1 (555) 123-4567
  static final Pattern PHONE_IN_TEXT = Pattern.compile("\\+\\d[\\d ().-]{6,20}\\d");
  // a query or fragment parameter of a URL
  private static final Pattern URL_PARAMETER =
      Pattern.compile("([?&#;])([^=&#;?\\s]+)=([^&#;\\s]*)");

  private final Set<String> keepTraits;
  private final Set<String> keepProperties;
  private final Mode mode;
  private final Pseudonymizer pseudonymizer;

  private PersonalData(
      Collection<String> traits, Collection<String> properties, Mode mode, Pseudonymizer p) {
    this.keepTraits = normalisedSet(traits);
    Set<String> props = normalisedSet(properties);
    if (!props.contains(ALL)) {
      props.addAll(normalisedSet(ENGINE_PROPERTIES));
    }
    this.keepProperties = Set.copyOf(props);
    this.mode = mode;
    this.pseudonymizer = p;
  }

  /**
   * The rule with these allowlists (null: the defaults).
   *
   * @param pseudonymizer the key's pseudonymiser; null drops contact details instead
   */
  public static PersonalData of(
      Collection<String> traits, Collection<String> properties, Pseudonymizer pseudonymizer) {
    return new PersonalData(
        traits == null ? DEFAULT_TRAITS : traits,
        properties == null ? DEFAULT_PROPERTIES : properties,
        pseudonymizer == null ? Mode.DROP : Mode.PSEUDONYMISE,
        pseudonymizer == null ? null : pseudonymizer.copy());
  }

  /** The allowlists only: contact details are kept (pseudonymisation switched off). */
  public static PersonalData allowlistOnly(
      Collection<String> traits, Collection<String> properties) {
    return new PersonalData(
        traits == null ? DEFAULT_TRAITS : traits,
        properties == null ? DEFAULT_PROPERTIES : properties,
        Mode.KEEP,
        null);
  }

  public Mode mode() {
    return mode;
  }

  /** The same allowlists with contact details pseudonymised by this key. */
  public PersonalData withPseudonymizer(Pseudonymizer p) {
    return new PersonalData(keepTraits, keepProperties, Mode.PSEUDONYMISE, p.copy());
  }

  /**
   * A key as the allowlist and the contact rule compare it: camelCase split, lower case, every
   * character but letters and digits removed ({@code E-Mail}, {@code e_mail} and {@code eMail} are
   * all {@code email}).
   */
  public static String normaliseKey(String key) {
    return PersonalKeys.key(key).normalised();
  }

  private static Set<String> normalisedSet(Collection<String> keys) {
    Set<String> out = new LinkedHashSet<>();
    for (String k : keys) {
      out.add(k.strip().equals(ALL) ? ALL : normaliseKey(k));
    }
    return out;
  }

  /** The personal data a key names, or null when its name says nothing. */
  public static Kind kindOfKey(String key) {
    return PersonalKeys.key(key).kind();
  }

  /** The contact detail a whole value is (an email or a phone number), or null. */
  public static Kind kindOfValue(String value) {
    String v = value.strip();
    if (PersonalKeys.isEmail(v)) {
      return Kind.EMAIL;
    }
    return PersonalKeys.phoneValue(v) != null ? Kind.PHONE : null;
  }

  // ------------------------------------------------------------------ ids

  /**
   * An id as it may be stored: its pseudonym when it looks like an email or a phone number, else
   * itself. Without a key such an id is returned as it is only in {@link Mode#KEEP}; in {@link
   * Mode#DROP} it comes back as null (the caller refuses it).
   */
  public String id(String id) {
    if (id == null || mode == Mode.KEEP) {
      return id;
    }
    String v = id.strip();
    if (PersonalKeys.isEmail(v)) {
      return mode == Mode.DROP ? null : pseudonym(Pseudonymizer.normaliseEmail(v));
    }
    String phone = PersonalKeys.phoneValue(v);
    if (phone != null) {
      return mode == Mode.DROP ? null : pseudonym(phone);
    }
    return id;
  }

  // ------------------------------------------------------------------ traits and properties

  /** Identify traits as they may be stored: a new object. */
  public ObjectNode traits(ObjectNode traits) {
    return filter(traits, keepTraits);
  }

  /** Event properties as they may be stored: a new object. */
  public ObjectNode properties(ObjectNode properties) {
    return filter(properties, keepProperties);
  }

  /**
   * The batch events file's {@code properties} text as it may be stored: a JSON object filtered
   * like {@link #properties(ObjectNode)} (null when nothing is left); any other text is kept with
   * the contact details inside it replaced.
   */
  public String propertiesText(String text) {
    if (text == null || text.isBlank()) {
      return text;
    }
    if (unchanged(text, keepProperties)) {
      return text; // the common case, found by streaming without building a tree
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JacksonException e) {
      node = null;
    }
    if (node instanceof ObjectNode o) {
      ObjectNode kept = properties(o);
      return kept.isEmpty() ? null : kept.toString();
    }
    return mode == Mode.KEEP ? text : scrubText(text);
  }

  /**
   * Whether a JSON object text passes the rule as it is: every top-level field declared, no key
   * naming personal data, no string holding a contact detail.
   */
  private boolean unchanged(String text, Set<String> keep) {
    boolean all = keep.contains(ALL);
    try (JsonParser p = JSON.getFactory().createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      int depth = 1;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case START_OBJECT, START_ARRAY -> depth++;
          case END_OBJECT, END_ARRAY -> {
            if (--depth == 0) {
              return p.nextToken() == null;
            }
          }
          case FIELD_NAME -> {
            String name = p.currentName();
            if (depth == 1 && !all && !keep.contains(normaliseKey(name))) {
              return false;
            }
            if (mode != Mode.KEEP && kindOfKey(name) != null) {
              return false;
            }
          }
          case VALUE_STRING -> {
            String v = p.getText();
            if (mode != Mode.KEEP && !v.equals(text(v))) {
              return false;
            }
          }
          default -> {}
        }
      }
      return false;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /**
   * Extra columns kept as attributes (batch customers and orders): every column stays (they are the
   * user's own mapped columns, and features read them), with the contact rule applied: a contact
   * column or value is pseudonymised, an OTHER column dropped.
   */
  public Map<String, String> attributes(Map<String, String> attributes) {
    if (attributes.isEmpty() || mode == Mode.KEEP) {
      return attributes;
    }
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      String v = value(e.getKey(), e.getValue());
      if (v != null) {
        out.put(e.getKey(), v);
      }
    }
    return out;
  }

  /**
   * One named text value (a column of a row) under the contact rule: its pseudonym, the text with
   * the contact details inside it replaced, or null when it is dropped.
   */
  public String value(String key, String value) {
    if (value == null || mode == Mode.KEEP) {
      return value;
    }
    Kind k = kindOfKey(key);
    if (k == Kind.OTHER) {
      return null;
    }
    if (k != null) {
      return contact(k, value);
    }
    return text(value);
  }

  private ObjectNode filter(ObjectNode in, Set<String> keep) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    boolean all = keep.contains(ALL);
    for (Map.Entry<String, JsonNode> e : in.properties()) {
      if (!all && !keep.contains(normaliseKey(e.getKey()))) {
        continue;
      }
      JsonNode v = mode == Mode.KEEP ? e.getValue() : scrub(kindOfKey(e.getKey()), e.getValue());
      if (v != null) {
        out.set(e.getKey(), v);
      }
    }
    return out;
  }

  /** A JSON value under a key of this kind (null: none), or null when it is dropped. */
  private JsonNode scrub(Kind kind, JsonNode v) {
    if (kind == Kind.OTHER) {
      return null;
    }
    if (v.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        Kind k = kindOfKey(e.getKey());
        JsonNode s = scrub(k == null ? kind : k, e.getValue());
        if (s != null) {
          out.set(e.getKey(), s);
        }
      }
      return out;
    }
    if (v.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (JsonNode x : v) {
        JsonNode s = scrub(kind, x);
        if (s != null) {
          out.add(s);
        }
      }
      return out;
    }
    if (v.isTextual()) {
      String s = kind == null ? text(v.asText()) : contact(kind, v.asText());
      return s == null ? null : JsonNodeFactory.instance.textNode(s);
    }
    if (v.isNumber() && kind == Kind.PHONE) {
      // a phone number sent as a JSON number
      String s = contact(kind, "+" + v.asText());
      return s == null ? null : JsonNodeFactory.instance.textNode(s);
    }
    return v; // booleans, null, numbers: no contact detail (emailVerified: true)
  }

  /** A value under an email or phone key: its pseudonym, or null (dropped). */
  private String contact(Kind kind, String raw) {
    String v = raw.strip();
    if (v.isEmpty()) {
      return raw;
    }
    String normalised =
        kind == Kind.EMAIL ? Pseudonymizer.normaliseEmail(decode(v)) : phoneOrLocal(v);
    if (normalised == null || mode == Mode.DROP) {
      return null;
    }
    return pseudonym(normalised);
  }

  private static String phoneOrLocal(String v) {
    String p = PersonalKeys.phoneValue(v);
    if (p != null) {
      return p;
    }
    // under a phone key any 6 to 15 digits are a number, however they are written
    String digits = v.replaceAll("\\D", "");
    return digits.length() >= 6 && digits.length() <= 15 && v.matches("[\\d +().-]+")
        ? digits
        : null;
  }

  /**
   * A text value under no contact key: the pseudonym when it is one, else it with its contents
   * scrubbed.
   */
  private String text(String value) {
    Kind k = kindOfValue(value);
    if (k != null) {
      return contact(k, value);
    }
    return scrubText(value);
  }

  /**
   * A text with the contact details inside it replaced: URL query and fragment parameters named
   * like contact data, emails (plain or URL-encoded) and phone numbers with a country code.
   */
  String scrubText(String text) {
    String s = text;
    if (s.indexOf('=') >= 0 && (s.indexOf('?') >= 0 || s.indexOf('#') >= 0)) {
      s = scrubParameters(s);
    }
    if (s.indexOf('@') >= 0 || s.contains("%40")) {
      s = replaceAll(EMAIL_IN_TEXT, s, m -> replacement(Kind.EMAIL, m.group()));
    }
    if (s.indexOf('+') >= 0) {
      s = replaceAll(PHONE_IN_TEXT, s, m -> replacement(Kind.PHONE, m.group()));
    }
    return s;
  }

  private String scrubParameters(String s) {
    return replaceAll(
        URL_PARAMETER,
        s,
        m -> {
          String name = decode(m.group(2));
          String value = decode(m.group(3));
          Kind k = kindOfKey(name);
          if (k == null) {
            k = value.isBlank() ? null : kindOfValue(value);
          }
          if (k == null) {
            return m.group();
          }
          String replaced = k == Kind.OTHER ? REDACTED : replacement(k, value);
          return m.group(1)
              + m.group(2)
              + "="
              + URLEncoder.encode(replaced, StandardCharsets.UTF_8);
        });
  }

  /** What replaces a contact detail inside a text: its pseudonym, or {@value #REDACTED}. */
  private String replacement(Kind kind, String found) {
    String normalised =
        kind == Kind.EMAIL ? Pseudonymizer.normaliseEmail(decode(found)) : phoneOrLocal(found);
    if (normalised == null || mode != Mode.PSEUDONYMISE) {
      return REDACTED;
    }
    return pseudonym(normalised);
  }

  private static String replaceAll(
      Pattern p, String s, java.util.function.Function<Matcher, String> with) {
    Matcher m = p.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private synchronized String pseudonym(String normalised) {
    return pseudonymizer.pseudonym(normalised);
  }
}
