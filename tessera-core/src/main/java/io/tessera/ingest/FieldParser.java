package io.tessera.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text of one field into a typed value, or throws a {@link Rejection} naming the field.
 * Timestamps are ISO-8601 with or without offset ('T' or a space between date and time, seconds and
 * fractions optional) or a plain date; a time without offset is in the configured zone. Batch
 * ingest and the live collect API parse timestamps with it alike.
 */
public final class FieldParser {
  private static final DateTimeFormatter LOCAL =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart()
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalEnd()
          .toFormatter(Locale.ROOT);

  private final ZoneId zone;
  private final Instant now;
  private final RecordRules rules;

  /**
   * @param zone the zone of timestamps written without an offset
   * @param now the wall-clock time of the run: later timestamps are in the future
   */
  public FieldParser(ZoneId zone, Instant now) {
    this.zone = zone;
    this.now = now;
    this.rules = new RecordRules(now);
  }

  /** The receiving clock this parser checks timestamps against. */
  public Instant now() {
    return now;
  }

  public static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  public static String require(String value, String field) throws Rejection {
    if (isBlank(value)) {
      throw new Rejection(QuarantineReason.MISSING_REQUIRED, field + " is empty");
    }
    return value.strip();
  }

  /** Parses a timestamp without the range checks. */
  public Instant parseInstant(String text, String field) throws Rejection {
    String s = text.strip();
    Instant fast = fastUtc(s);
    if (fast != null) {
      return fast;
    }
    try {
      if (s.length() == 10) {
        return LocalDate.parse(s).atStartOfDay(zone).toInstant();
      }
      char last = s.charAt(s.length() - 1);
      if (last == 'Z' || last == 'z') {
        // seconds are optional in ISO 8601 (2025-10-18T01:00Z), which Instant.parse refuses
        return OffsetDateTime.parse(s.toUpperCase(Locale.ROOT).replace(' ', 'T')).toInstant();
      }
      if (s.length() > 19 && (s.lastIndexOf('+') > 10 || s.lastIndexOf('-') > 10)) {
        return OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
      }
      return LocalDateTime.parse(s, LOCAL).atZone(zone).toInstant();
    } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new Rejection(
          QuarantineReason.BAD_TIMESTAMP,
          field
              + " is not an ISO-8601 timestamp or date: '"
              + abbreviate(s)
              + "'"
              + dateHint(s, field));
    }
  }

  private static final Pattern NUMERIC_DATE =
      Pattern.compile("\\d{1,2}([/.-])\\d{1,2}\\1\\d{2,4}.*");

  private static final Pattern EPOCH = Pattern.compile("\\d{9,10}|\\d{12,13}");

  private static final Pattern DECIMAL_COMMA =
      Pattern.compile("[-+]?\\d{1,3}(\\.\\d{3})*,\\d+|[-+]?\\d+,\\d+");

  /**
   * What to do about a day-month-year date such as 03/02/2025: which of the two numbers is the
   * month cannot be told from one value, so it is never guessed; the user states the order.
   */
  private static String dateHint(String s, String field) {
    if (EPOCH.matcher(s).matches()) {
      // 1990-2100 is 9-10 digits in seconds and 12-13 in milliseconds
      boolean millis = s.length() >= 12;
      return " (a Unix time in "
          + (millis ? "milliseconds" : "seconds")
          + "? convert it in the source's sql: in tessera.yaml, e.g. "
          + (millis ? "epoch_ms(" : "to_timestamp(")
          + field
          + "::BIGINT) AS "
          + field
          + ")";
    }
    Matcher m = NUMERIC_DATE.matcher(s);
    if (!m.matches()) {
      return "";
    }
    String sep = m.group(1);
    return " (day and month order cannot be told apart: convert it in the source's sql: in"
        + " tessera.yaml, e.g. strptime("
        + field
        + ", '%d"
        + sep
        + "%m"
        + sep
        + "%Y') AS "
        + field
        + ")";
  }

  private static final Pattern THOUSANDS_COMMA =
      Pattern.compile("[-+]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");

  /**
   * What to do about a decimal comma such as 51,21 or 1.234,50, or a thousands comma such as
   * 12,345.50. A value such as 1,234 can be either (1.234 or 1234), so both conversions are given
   * and the user chooses; it is never guessed.
   */
  private static String numberHint(String s, String field) {
    boolean decimal = DECIMAL_COMMA.matcher(s).matches();
    boolean thousands = THOUSANDS_COMMA.matcher(s).matches();
    String dropThousands = "CAST(replace(" + field + ", ',', '') AS DOUBLE) AS " + field;
    String decimalComma =
        "CAST(replace(replace(" + field + ", '.', ''), ',', '.') AS DOUBLE) AS " + field;
    if (decimal && thousands) {
      return " (a thousands separator or a decimal comma? convert it in the source's sql: in"
          + " tessera.yaml, e.g. "
          + dropThousands
          + " for a thousands separator, "
          + decimalComma
          + " for a decimal comma)";
    }
    if (thousands) {
      return " (a thousands separator? convert it in the source's sql: in tessera.yaml, e.g. "
          + dropThousands
          + ")";
    }
    if (decimal) {
      return " (a decimal comma? convert it in the source's sql: in tessera.yaml, e.g. "
          + decimalComma
          + ")";
    }
    return "";
  }

  /**
   * The common forms {@code yyyy-MM-ddTHH:mm:ssZ} and {@code yyyy-MM-ddTHH:mm:ss.fffZ} (1 to 9
   * fraction digits, what analytics SDKs send), parsed without a formatter (ingest's hot path:
   * DateTimeFormatter was the largest cost when profiling a 3.5M-event ingest, and {@code
   * Instant.parse} of a fraction builds a formatter per call, the largest allocation of the live
   * collect API); null for any other form or an impossible date, which then takes the general path.
   */
  static Instant fastUtc(String s) {
    int n = s.length();
    if (n < 20
        || n > 30
        || n == 21
        || s.charAt(n - 1) != 'Z'
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || (n > 20 && s.charAt(19) != '.')) {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    long epochSecond = utcEpochSecond(year, month, day, hour, minute, second);
    if (epochSecond == Long.MIN_VALUE) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      // the fraction's digits sit between the '.' (index 19) and the 'Z'
      int fraction = digits(s, 20, n - 21);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = n - 21; i < 9; i++) {
        nanos *= 10;
      }
    }
    return Instant.ofEpochSecond(epochSecond, nanos);
  }

  /**
   * Seconds since the epoch of a UTC date and clock time, or {@code Long.MIN_VALUE} when a field is
   * out of range (a negative one: not digits) or the day is past its month's end. The one range
   * check of a {@code yyyy-MM-ddTHH:mm:ss} reading, on text here and on raw bytes by the store's
   * events fast path.
   */
  public static long utcEpochSecond(
      int year, int month, int day, int hour, int minute, int second) {
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth())) {
      return Long.MIN_VALUE;
    }
    return LocalDate.of(year, month, day).toEpochDay() * 86_400
        + hour * 3600L
        + minute * 60L
        + second;
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Returns null for a blank optional timestamp. */
  public Instant optionalInstant(String text, String field) throws Rejection {
    return isBlank(text) ? null : parseInstant(text, field);
  }

  /** Checks that a parsed timestamp is in the window of {@link RecordRules#checkTime}. */
  public void checkRange(Instant t, String field) throws Rejection {
    rules.checkTime(t, field);
  }

  public static double parseDouble(String text, String field) throws Rejection {
    String s = text.strip();
    try {
      double v = Double.parseDouble(s);
      if (!Double.isFinite(v) || hasLetter(s)) {
        throw new NumberFormatException(s);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new Rejection(
          QuarantineReason.BAD_NUMBER,
          field + " is not a number: '" + abbreviate(s) + "'" + numberHint(s, field));
    }
  }

  /**
   * Whether any char of the text is a letter (what {@code s.chars().anyMatch} asked, unstreamed).
   */
  private static boolean hasLetter(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetter(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  public static Double optionalDouble(String text, String field) throws Rejection {
    return isBlank(text) ? null : parseDouble(text, field);
  }

  /** An integer; "3.0" is accepted as 3, "3.5" is not a whole number. */
  public static Integer optionalInt(String text, String field) throws Rejection {
    if (isBlank(text)) {
      return null;
    }
    double v = parseDouble(text, field);
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      throw new Rejection(
          QuarantineReason.BAD_NUMBER,
          field + " is not a whole number: '" + abbreviate(text) + "'");
    }
    return (int) v;
  }

  /** true/false, yes/no, y/n, 1/0 (any case); blank is unknown (null). */
  public static Boolean optionalBoolean(String text, String field) throws Rejection {
    if (isBlank(text)) {
      return null;
    }
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "y", "1", "t" -> Boolean.TRUE;
      case "false", "no", "n", "0", "f" -> Boolean.FALSE;
      default ->
          throw new Rejection(
              QuarantineReason.INVALID_VALUE,
              field + " must be true or false (or yes/no, 1/0), got: '" + abbreviate(text) + "'");
    };
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
