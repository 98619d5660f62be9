package io.tessera.ingest;

/** Thrown while validating a row: the reason kind and a message naming the field. */
public final class Rejection extends Exception {
  private static final long serialVersionUID = 1L;
  private final QuarantineReason reason;

  public Rejection(QuarantineReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public QuarantineReason reason() {
    return reason;
  }
}
