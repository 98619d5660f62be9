package io.tessera.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks contact and payment details inside free text before it is written to any output: email
 * addresses ({@code [email]}), phone numbers ({@code [phone]}) and card-like numbers ({@code
 * [card]}).
 *
 * <p>Emails (plain or URL-encoded) and phone numbers with a country code are found by {@link
 * PersonalData}'s detectors; national phone numbers by their shape (Korean 010-1234-5678 or 02 123
 * 4567, North American (555) 123-4567 or 555-123-4567). A run of 13 to 19 digits, optionally
 * grouped by spaces or hyphens, is a card number when it passes the Luhn check (ISO/IEC 7812-1), so
 * order numbers and other long ids stay readable.
 */
public final class TextMask {
  public static final String EMAIL = "[email]";
  public static final String PHONE = "[phone]";
  public static final String CARD = "[card]";

  private static final Pattern CARD_LIKE =
      Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d])");
  private static final Pattern NATIONAL_PHONE =
      Pattern.compile(
          "(?<![\\d+])(?:0\\d{1,2}[ .-]?\\d{3,4}[ .-]?\\d{4}|\\(\\d{3}\\) ?\\d{3}[ .-]\\d{4}"
              + "|\\d{3}[.-]\\d{3}[.-]\\d{4})(?!\\d)");

  private TextMask() {}

  /**
   * {@code text} with every email, phone number and Luhn-valid card number masked; null stays null.
   */
  public static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String s = text;
    if (hasDigitRun(s, 13)) {
      s = replace(CARD_LIKE, s, m -> luhn(m.group()) ? CARD : m.group());
    }
    if (s.indexOf('@') >= 0 || s.contains("%40")) {
      s = replace(PersonalData.EMAIL_IN_TEXT, s, m -> EMAIL);
    }
    if (s.indexOf('+') >= 0) {
      s = replace(PersonalData.PHONE_IN_TEXT, s, m -> PHONE);
    }
    if (hasDigitRun(s, 7)) {
      s = replace(NATIONAL_PHONE, s, m -> PHONE);
    }
    return s;
  }

  /** Whether {@code digits} (separators ignored) pass the Luhn check. */
  static boolean luhn(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  // cheap pre-check: at least n digits in the text
  private static boolean hasDigitRun(String s, int n) {
    int digits = 0;
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i)) && ++digits >= n) {
        return true;
      }
    }
    return false;
  }

  private static String replace(
      Pattern p, String s, java.util.function.Function<Matcher, String> with) {
    Matcher m = p.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
