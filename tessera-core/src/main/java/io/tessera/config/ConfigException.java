package io.tessera.config;

/**
 * A configuration or input problem the user must fix: a config key, a flag, an input file or a
 * saved model file. Its message says what is wrong, where (the file and the key) and what to do; a
 * command line prints it on one line and exits with 2, never a stack trace.
 *
 * <p>The message is printed to a terminal and may quote the input, so it is made safe here, once
 * for every caller: control characters (terminal escape sequences among them) are shown as {@code
 * \\u001b} escapes, and a message longer than {@link #MAX_LENGTH} keeps its start (what and where)
 * and its end (what to do) around an ellipsis.
 *
 * <p>Unchecked, as the store's configuration errors always were: a caller that can do nothing but
 * report it lets it pass to the command's one handler.
 */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The longest message shown. */
  public static final int MAX_LENGTH = 600;

  /** The key (e.g. {@code clustering.k}, or {@code models/clv.json: format_version}), or null. */
  private final String key;

  /** A problem whose message already says where and what to do. */
  public ConfigException(String message) {
    this(null, message, null);
  }

  public ConfigException(String message, Throwable cause) {
    this(null, message, cause);
  }

  /**
   * A problem with one key.
   *
   * @param key the key, as the user writes it; the message starts with it unless it already names
   *     it
   * @param message what is wrong and what to do
   */
  public ConfigException(String key, String message, Throwable cause) {
    super(printable(withKey(key, message)), cause);
    this.key = key;
  }

  /**
   * A problem with one key of a file: {@code <file>: <key>: <message>}.
   *
   * @param file the file, as the user would look for it (e.g. {@code models/clv.json})
   * @param key the key inside it
   * @param message what is wrong and what to do
   */
  public static ConfigException inFile(String file, String key, String message) {
    return new ConfigException(file + ": " + key, message, null);
  }

  /** The key the problem is about, or null when the message names it itself. */
  public String key() {
    return key;
  }

  private static String withKey(String key, String message) {
    if (key == null || (message != null && message.startsWith(key))) {
      return message;
    }
    return key + ": " + message;
  }

  /** The message with control characters escaped and its middle elided when too long. */
  public static String printable(String message) {
    if (message == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(Math.min(message.length(), 2 * MAX_LENGTH));
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      // C0 and C1 controls, tab and format characters (bidi overrides): shown, never obeyed
      if (c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.getType(c) == Character.FORMAT) {
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
