package io.tessera.text;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Sparse binary n-gram features of a text, hashed into 2^{@value #BITS} slots (the hashing trick,
 * Weinberger et al., "Feature Hashing for Large Scale Multitask Learning", ICML 2009): character
 * n-grams of lengths 1..{@code maxChar} of the lower-cased text with runs of whitespace as one
 * space, and term (Nori morpheme or English word) unigrams and bigrams.
 */
final class NgramFeatures {
  static final int BITS = 23;
  static final int DIM = 1 << BITS;
  private static final int MASK = DIM - 1;

  private NgramFeatures() {}

  /** The sorted distinct feature slots of a text. */
  static int[] of(String text, List<String> terms, int maxChar) {
    String t = normalise(text);
    int[] buf = new int[t.length() * maxChar + 2 * terms.size() + 1];
    int n = 0;
    for (int i = 0; i < t.length(); i++) {
      int h = 0x2545F491;
      for (int k = 0; k < maxChar && i + k < t.length(); k++) {
        h = h * 31 + t.charAt(i + k);
        buf[n++] = mix(h, k + 1);
      }
    }
    int prev = 0;
    for (int i = 0; i < terms.size(); i++) {
      int h = terms.get(i).hashCode();
      buf[n++] = mix(h, 101);
      if (i > 0) {
        buf[n++] = mix(prev * 0x01000193 ^ h, 102);
      }
      prev = h;
    }
    return distinct(Arrays.copyOf(buf, n));
  }

  /** Longest term n-gram of the term view ({@link #terms}). */
  static final int TERM_VIEW_MAX = 3;

  /**
   * The sorted distinct slots of the term view: term (Nori morpheme or English word) n-grams of
   * lengths 1..{@value #TERM_VIEW_MAX}, hashed apart from {@link #of}'s kinds.
   */
  static int[] terms(List<String> terms) {
    int[] buf = new int[terms.size() * TERM_VIEW_MAX];
    int n = 0;
    for (int i = 0; i < terms.size(); i++) {
      int h = 0x2545F491;
      for (int k = 0; k < TERM_VIEW_MAX && i + k < terms.size(); k++) {
        h = h * 0x01000193 ^ terms.get(i + k).hashCode();
        buf[n++] = mix(h, 201 + k);
      }
    }
    return distinct(Arrays.copyOf(buf, n));
  }

  /** The sorted distinct slots of both arrays. */
  static int[] union(int[] a, int[] b) {
    int[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return distinct(all);
  }

  private static int[] distinct(int[] all) {
    Arrays.sort(all);
    int m = 0;
    for (int i = 0; i < all.length; i++) {
      if (i == 0 || all[i] != all[i - 1]) {
        all[m++] = all[i];
      }
    }
    return Arrays.copyOf(all, m);
  }

  private static int mix(int h, int salt) {
    // murmur3's 32-bit finaliser over the hash and the n-gram kind
    int x = h ^ (salt * 0x9E3779B9);
    x ^= x >>> 16;
    x *= 0x85EBCA6B;
    x ^= x >>> 13;
    x *= 0xC2B2AE35;
    x ^= x >>> 16;
    return x & MASK;
  }

  static String normalise(String text) {
    if (text == null) {
      return "";
    }
    return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
