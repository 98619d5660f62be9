package io.tessera.privacy;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces direct identifiers with keyed HMAC-SHA256 pseudonyms (RFC 2104), after normalising them
 * so the same person gets the same pseudonym however the value was typed: email lower-cased and
 * trimmed, phone in E.164 form (libphonenumber, with the customer's country as the default region).
 * Without the key, a pseudonym cannot be linked back to its value by guessing.
 *
 * <p>Instances are thread-safe: each thread computes with its own {@link Mac} (a {@code Mac} is not
 * thread-safe), so batch ingest can pseudonymise on every core with one instance.
 */
public final class Pseudonymizer {
  /** The environment variable that holds the key. */
  public static final String KEY_ENV = "TESSERA_PSEUDONYM_KEY";

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  private final byte[] key;
  private final ThreadLocal<Mac> mac;

  public Pseudonymizer(String key) {
    if (key == null || key.length() < 16) {
      throw new IllegalArgumentException(
          "the pseudonymisation key must be at least 16 characters; set "
              + KEY_ENV
              + " or privacy.pseudonym_key in tessera.yaml");
    }
    this.key = key.getBytes(StandardCharsets.UTF_8);
    newMac(this.key); // fails here, not on first use, when the JVM lacks HmacSHA256
    this.mac = ThreadLocal.withInitial(() -> newMac(this.key));
  }

  private static Mac newMac(byte[] key) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** A new instance with the same key. */
  public Pseudonymizer copy() {
    return new Pseudonymizer(new String(key, StandardCharsets.UTF_8));
  }

  /** Normalises an email (trim, lower case); null when it is not an email address. */
  public static String normaliseEmail(String raw) {
    if (raw == null) {
      return null;
    }
    String e = raw.strip().toLowerCase(Locale.ROOT);
    return EMAIL.matcher(e).matches() ? e : null;
  }

  /**
   * Normalises a phone number to E.164 ("+821012345678"); null when it cannot be parsed.
   *
   * @param defaultRegion ISO-3166 country for numbers written without a country code, or null
   */
  public static String normalisePhone(String raw, String defaultRegion) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      String region = defaultRegion == null ? "ZZ" : defaultRegion.strip().toUpperCase(Locale.ROOT);
      Phonenumber.PhoneNumber n = PHONES.parse(raw, region);
      if (!PHONES.isPossibleNumber(n)) {
        return null;
      }
      return PHONES.format(n, PhoneNumberUtil.PhoneNumberFormat.E164);
    } catch (NumberParseException e) {
      return null;
    }
  }

  /** The pseudonym of an already normalised value: "h:" + 32 hex digits of its HMAC. */
  public String pseudonym(String normalised) {
    byte[] digest = mac.get().doFinal(normalised.getBytes(StandardCharsets.UTF_8));
    return "h:" + HexFormat.of().formatHex(digest, 0, 16);
  }
}
