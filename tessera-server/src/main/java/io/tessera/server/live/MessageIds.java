package io.tessera.server.live;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The set of message ids already stored, kept as the first 128 bits of each id's SHA-256 in one
 * open-addressing table of longs (linear probing, Knuth, TAOCP vol. 3, 6.4, Algorithm L) instead of
 * a {@code HashSet<String>}.
 *
 * <p>Why: the set grows by one entry per accepted message for the server's life. As strings in a
 * hash set each entry was about 100 bytes in three objects (node, string, bytes), 40% of what the
 * heap retained per event under load (class histograms 200,000 events apart), and every young
 * collection copied the new ones; here a slot is 16 bytes in a table that holds no objects, and the
 * table doubles when half its slots are used (32-64 bytes per id).
 *
 * <p>Two different ids are taken as the same only if their SHA-256 agree on 128 bits: for {@code n}
 * stored ids the chance that any two do is about {@code n^2 / 2^129} (below 10^-15 for 10^12 ids),
 * and SHA-256 gives no practical way to make such a pair on purpose. Used on the writer thread only
 * (not thread-safe).
 */
final class MessageIds {
  private static final int MIN_CAPACITY = 1 << 16;

  private final MessageDigest sha256;
  private final byte[] digest = new byte[32];
  // pairs (high, low); (0, 0) marks a free slot
  private long[] table = new long[2 * MIN_CAPACITY];
  private int size;

  MessageIds() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  int size() {
    return size;
  }

  void clear() {
    table = new long[2 * MIN_CAPACITY];
    size = 0;
  }

  /** Adds the id; true if it was not in the set. */
  boolean add(String id) {
    hash(id);
    long high = high();
    long low = low();
    int slot = find(table, high, low);
    if (table[slot] == high && table[slot + 1] == low) {
      return false;
    }
    table[slot] = high;
    table[slot + 1] = low;
    size++;
    if (size * 2 > table.length / 2) {
      grow();
    }
    return true;
  }

  boolean contains(String id) {
    hash(id);
    long high = high();
    long low = low();
    int slot = find(table, high, low);
    return table[slot] == high && table[slot + 1] == low;
  }

  /** The slot of the pair, or the free slot where it would go. */
  private static int find(long[] table, long high, long low) {
    int mask = table.length / 2 - 1;
    int i = (int) (low ^ (low >>> 32)) & mask;
    while (true) {
      int slot = 2 * i;
      long h = table[slot];
      long l = table[slot + 1];
      if ((h == high && l == low) || (h == 0 && l == 0)) {
        return slot;
      }
      i = (i + 1) & mask;
    }
  }

  private void grow() {
    long[] old = table;
    long[] bigger = new long[old.length * 2];
    for (int slot = 0; slot < old.length; slot += 2) {
      if (old[slot] != 0 || old[slot + 1] != 0) {
        int to = find(bigger, old[slot], old[slot + 1]);
        bigger[to] = old[slot];
        bigger[to + 1] = old[slot + 1];
      }
    }
    table = bigger;
  }

  private void hash(String id) {
    sha256.update(id.getBytes(StandardCharsets.UTF_8));
    try {
      sha256.digest(digest, 0, digest.length);
    } catch (DigestException e) {
      throw new IllegalStateException(e);
    }
  }

  private long high() {
    return word(0);
  }

  /** The second word; never 0 together with the first (the free mark), made 1 then. */
  private long low() {
    long low = word(8);
    return low == 0 && word(0) == 0 ? 1 : low;
  }

  private long word(int from) {
    long w = 0;
    for (int i = from; i < from + 8; i++) {
      w = (w << 8) | (digest[i] & 0xFF);
    }
    return w;
  }
}
