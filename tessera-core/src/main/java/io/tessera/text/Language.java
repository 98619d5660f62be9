package io.tessera.text;

/**
 * The language of a text, decided by its share of Hangul letters.
 *
 * <p>Rule: count the letters of the text ({@link Character#isLetter}); a text is Korean when at
 * least {@value #HANGUL_SHARE} of them are Hangul (syllables U+AC00-U+D7A3 or jamo U+1100-U+11FF,
 * U+3130-U+318F), else English. A text without letters (digits, emoticons) is English, whose
 * lexicon knows emoticons. A threshold of 0.3 keeps Korean sentences with a few Latin brand names
 * ("배송 빠르고 iPhone 케이스 좋아요") Korean, and English sentences quoting one Korean word English.
 */
public enum Language {
  EN("en"),
  KO("ko");

  /** The minimum share of Hangul among the letters for a text to count as Korean. */
  public static final double HANGUL_SHARE = 0.3;

  private final String code;

  Language(String code) {
    this.code = code;
  }

  /** The ISO 639-1 code written to outputs. */
  public String code() {
    return code;
  }

  /** The language of {@code text} by the rule above; English for null or empty text. */
  public static Language detect(String text) {
    if (text == null) {
      return EN;
    }
    int letters = 0;
    int hangul = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isHangul(c)) {
        hangul++;
        letters++;
      } else if (Character.isLetter(c)) {
        letters++;
      }
    }
    return letters > 0 && hangul >= HANGUL_SHARE * letters ? KO : EN;
  }

  static boolean isHangul(char c) {
    return (c >= 0xAC00 && c <= 0xD7A3)
        || (c >= 0x1100 && c <= 0x11FF)
        || (c >= 0x3130 && c <= 0x318F);
  }
}
