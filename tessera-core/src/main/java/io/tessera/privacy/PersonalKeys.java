package io.tessera.privacy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What a key or a whole value says about personal data, for {@link PersonalData}: a key's words and
 * normalised form (camelCase split, lower case, letters and digits only) and the kind of personal
 * data its name implies; whether a whole value is an e-mail address or a phone number.
 */
final class PersonalKeys {
  private PersonalKeys() {}

  // a whole value that is an email address
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  // a whole value written like a national phone number: 010-1234-5678, (555) 123-4567
  private static final Pattern NATIONAL_PHONE =
      Pattern.compile("\\(?\\d{2,4}\\)?(?:[ .-]\\(?\\d{2,4}\\)?)?[ .-]\\d{3,4}[ .-]\\d{4}");
  private static final List<String> OTHER_KEYS =
      List.of(
          "firstname",
          "lastname",
          "fullname",
          "middlename",
          "surname",
          "givenname",
          "familyname",
          "maidenname",
          "address",
          "street",
          "postcode",
          "postalcode",
          "zipcode",
          "birthday",
          "birthdate",
          "dateofbirth",
          "ssn",
          "socialsecurity",
          "passport",
          "nationalid");
  private static final Set<String> OTHER_TOKENS = Set.of("dob", "zip", "ip");
  private static final Set<String> PHONE_TOKENS =
      Set.of("phone", "phones", "mobile", "tel", "telephone", "cell", "cellphone", "fax", "msisdn");

  /** A key's normalised form and kind, computed once per distinct key (keys repeat a lot). */
  record Key(String normalised, PersonalData.Kind kind) {}

  private static final int KEY_CACHE = 4096;
  private static final Map<String, Key> KEYS = new ConcurrentHashMap<>();

  static Key key(String key) {
    Key k = KEYS.get(key);
    if (k == null) {
      List<String> tokens = tokens(key);
      k = new Key(String.join("", tokens), kindOf(tokens));
      if (KEYS.size() < KEY_CACHE) {
        KEYS.put(key, k);
      }
    }
    return k;
  }

  /**
   * A key's words, lower case: split at every character but letters and digits, and where a
   * lower-case letter or digit is followed by an upper-case one (firstName) or an upper-case run
   * ends before a capitalised word (HTTPHeader: http, header).
   */
  private static List<String> tokens(String key) {
    List<String> out = new java.util.ArrayList<>(4);
    StringBuilder word = new StringBuilder();
    int n = key.length();
    for (int i = 0; i < n; i++) {
      char c = key.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        flush(word, out);
        continue;
      }
      if (Character.isUpperCase(c) && i > 0) {
        char prev = key.charAt(i - 1);
        boolean afterLower = Character.isLowerCase(prev) || Character.isDigit(prev);
        boolean endOfRun =
            Character.isUpperCase(prev) && i + 1 < n && Character.isLowerCase(key.charAt(i + 1));
        if (afterLower || endOfRun) {
          flush(word, out);
        }
      }
      word.append(Character.toLowerCase(c));
    }
    flush(word, out);
    return out;
  }

  private static void flush(StringBuilder word, List<String> out) {
    if (!word.isEmpty()) {
      out.add(word.toString());
      word.setLength(0);
    }
  }

  private static PersonalData.Kind kindOf(List<String> tokens) {
    String joined = String.join("", tokens);
    if (joined.contains("email") || tokens.contains("mail") || tokens.contains("mails")) {
      return PersonalData.Kind.EMAIL;
    }
    if (joined.contains("phone") || tokens.stream().anyMatch(PHONE_TOKENS::contains)) {
      return PersonalData.Kind.PHONE;
    }
    if (OTHER_KEYS.stream().anyMatch(joined::contains)
        || tokens.stream().anyMatch(OTHER_TOKENS::contains)) {
      return PersonalData.Kind.OTHER;
    }
    return null;
  }

  /** Whether a whole (stripped) value is an email address, strictly (a URL holding one is not). */
  static boolean isEmail(String v) {
    return v.indexOf('@') > 0 && EMAIL.matcher(v).matches();
  }

  /** The normalised phone number a whole value is written as, or null. */
  static String phoneValue(String v) {
    if (v.length() < 8 || v.length() > 32) {
      return null;
    }
    char c = v.charAt(0);
    if (c != '+' && c != '(' && (c < '0' || c > '9')) {
      return null;
    }
    int digits = 0;
    for (int i = 0; i < v.length(); i++) {
      if (Character.isDigit(v.charAt(i))) {
        digits++;
      }
    }
    if (digits < 8 || digits > 15) {
      return null;
    }
    if (c == '+') {
      String e164 = Pseudonymizer.normalisePhone(v, null);
      if (e164 != null) {
        return e164;
      }
      return v.matches("\\+\\d[\\d ().-]*\\d") ? "+" + v.replaceAll("\\D", "") : null;
    }
    return NATIONAL_PHONE.matcher(v).matches() ? v.replaceAll("\\D", "") : null;
  }
}
