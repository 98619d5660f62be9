package io.tessera.report;

/** HTML escaping for text and attribute values (OWASP XSS prevention cheat sheet, rules 1-2). */
final class Html {
  private Html() {}

  /** The text with {@code & < > " '} replaced by character references; null becomes empty. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String ref =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
          };
      if (ref != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (ref != null) {
          out.append(ref);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }
}
