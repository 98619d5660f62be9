package io.tessera.store;

import java.sql.SQLException;

/**
 * A statement the store could not run (a constraint, a full disk, a closed file): the message is
 * the database's own, so that callers can pass it on without knowing JDBC.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The database's message of a failed statement. */
  public static StoreException of(SQLException e) {
    return new StoreException(e.getMessage(), e);
  }
}
