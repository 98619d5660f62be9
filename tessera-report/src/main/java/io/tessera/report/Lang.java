package io.tessera.report;

import java.util.Locale;

/** The languages the report is written in; segment names and actions come in both. */
public enum Lang {
  EN(Locale.ENGLISH),
  KO(Locale.KOREAN);

  private final Locale locale;

  Lang(Locale locale) {
    this.locale = locale;
  }

  /** The locale for numbers and dates. */
  public Locale locale() {
    return locale;
  }

  /** The BCP 47 tag, as in {@code <html lang="ko">}. */
  public String tag() {
    return locale.getLanguage();
  }

  /**
   * The language for a command-line value.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static Lang of(String value) {
    for (Lang lang : values()) {
      if (lang.tag().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return lang;
      }
    }
    throw new IllegalArgumentException(
        "unknown report language '" + value + "': allowed values are en, ko");
  }
}
