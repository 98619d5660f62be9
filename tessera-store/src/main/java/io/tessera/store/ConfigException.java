package io.tessera.store;

/**
 * A configuration or input problem found by the store (a {@code tessera.yaml} key, a data file). It
 * is a {@link io.tessera.config.ConfigException}, the one type every module throws and catches for
 * problems the user must fix (message safety, the key): new code should throw and catch that type;
 * this subclass stays so that the callers that name it keep compiling and keep catching what the
 * store throws.
 */
public final class ConfigException extends io.tessera.config.ConfigException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A problem with one key ({@code key: message}). */
  public ConfigException(String key, String message, Throwable cause) {
    super(key, message, cause);
  }
}
