package io.tessera.store;

/**
 * A configuration or input problem the user must fix; its message says what and how. The message is
 * printed to a terminal and may quote the input, so it is made safe here, once for every caller:
 * control characters (terminal escape sequences among them) are shown as {@code \\u001b} escapes,
 * and a message longer than {@link #MAX_LENGTH} keeps its start (what and where) and its end (what
 * to do) around an ellipsis.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The longest message shown. */
  public static final int MAX_LENGTH = 600;

  public ConfigException(String message) {
    super(printable(message));
  }

  public ConfigException(String message, Throwable cause) {
    super(printable(message), cause);
  }

  /** The message with control characters escaped and its middle elided when too long. */
  static String printable(String message) {
    if (message == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(Math.min(message.length(), 2 * MAX_LENGTH));
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (CsvRowSource.control(c) || c == '\t' || Character.getType(c) == Character.FORMAT) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (b.length() <= MAX_LENGTH) {
      return b.toString();
    }
    int head = MAX_LENGTH * 5 / 8;
    int tail = MAX_LENGTH - head - 40;
    int cut = b.length() - head - tail;
    return b.substring(0, head)
        + " ... ["
        + cut
        + " characters left out] ... "
        + b.substring(b.length() - tail);
  }
}
