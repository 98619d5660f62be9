package io.tessera.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer that {@link FastPath} writes its load file's rows into. */
final class ByteOut {
  byte[] bytes = new byte[2 << 20];
  int length;

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }

  void append(byte[] b, int from, int n) {
    ensure(n);
    System.arraycopy(b, from, bytes, length, n);
    length += n;
  }

  void append(byte b) {
    ensure(1);
    bytes[length++] = b;
  }

  void append(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    append(b, 0, b.length);
  }

  /** A non-negative number's decimal digits. */
  void number(long v) {
    ensure(20);
    int digits = 1;
    for (long x = v; x >= 10; x /= 10) {
      digits++;
    }
    for (int i = length + digits - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    length += digits;
  }
}
