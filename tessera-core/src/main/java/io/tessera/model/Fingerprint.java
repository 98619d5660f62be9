package io.tessera.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 over a model's input, fed value by value: doubles as their IEEE-754 bits, strings as
 * UTF-8 with a terminator (so {@code "ab","c"} and {@code "a","bc"} differ). The result reads
 * {@code sha256:<64 hex digits>}, as every provenance and the run manifest write it.
 */
public final class Fingerprint {
  private final MessageDigest digest;
  private final ByteBuffer eight = ByteBuffer.allocate(8);

  public Fingerprint() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  public Fingerprint add(double value) {
    eight.clear();
    digest.update(eight.putDouble(value).array());
    return this;
  }

  public Fingerprint add(double[] values) {
    for (double v : values) {
      add(v);
    }
    return this;
  }

  public Fingerprint add(String value) {
    digest.update(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    return this;
  }

  /** {@code sha256:<hex>} of everything added; the fingerprint cannot be fed further. */
  public String value() {
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }
}
