package io.tessera.server.hook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The delivery signature: {@code X-Tessera-Signature: sha256=<hex HMAC-SHA256(secret, timestamp +
 * "." + body)>} with the timestamp (epoch seconds) in {@code X-Tessera-Timestamp}, the scheme of
 * Stripe's and Slack's webhooks: signing the timestamp with the body lets a receiver refuse replays
 * of old deliveries.
 */
public final class Signature {
  public static final String HEADER = "X-Tessera-Signature";
  public static final String TIMESTAMP_HEADER = "X-Tessera-Timestamp";
  public static final String DELIVERY_HEADER = "X-Tessera-Delivery";

  private Signature() {}

  public static String sign(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Constant-time check of a received signature. */
  public static boolean verify(String secret, long timestamp, String body, String received) {
    return received != null
        && java.security.MessageDigest.isEqual(
            sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8),
            received.getBytes(StandardCharsets.UTF_8));
  }
}
