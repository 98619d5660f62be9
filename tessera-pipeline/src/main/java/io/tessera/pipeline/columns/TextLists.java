package io.tessera.pipeline.columns;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A list of texts per row, each distinct text held once (a dictionary) and a row's as int codes.
 * Customers' reasons repeat a lot: at 100,000 customers 291 k cluster reasons were 3,166 texts and
 * 221 k churn reasons 56 k texts.
 */
public final class TextLists {
  /** No rows. */
  public static final TextLists EMPTY = new TextLists(new String[0], new int[] {0}, new int[0]);

  private final String[] dictionary;
  private final int[] start;
  private final int[] codes;

  private TextLists(String[] dictionary, int[] start, int[] codes) {
    this.dictionary = dictionary;
    this.start = start;
    this.codes = codes;
  }

  public int size() {
    return start.length - 1;
  }

  /** Row {@code row}'s texts, in their order. */
  public List<String> get(int row) {
    String[] out = new String[start[row + 1] - start[row]];
    for (int k = 0; k < out.length; k++) {
      out[k] = dictionary[codes[start[row] + k]];
    }
    return List.of(out);
  }

  /** Row {@code row}'s texts joined by {@code separator}. */
  public String joined(int row, String separator) {
    return String.join(separator, get(row));
  }

  /** The rows of {@code lists}, in their order. */
  public static TextLists of(List<List<String>> lists) {
    Builder b = new Builder();
    lists.forEach(b::add);
    return b.build();
  }

  /** A read-only list of each row's texts joined by {@code separator} (made when read). */
  public List<String> joined(String separator) {
    return new java.util.AbstractList<>() {
      @Override
      public String get(int row) {
        return joined(row, separator);
      }

      @Override
      public int size() {
        return TextLists.this.size();
      }
    };
  }

  /** These rows in the order {@code source} gives (row i is this row source[i]). */
  public TextLists pick(int[] source) {
    int[] s = new int[source.length + 1];
    int total = 0;
    for (int i = 0; i < source.length; i++) {
      total += start[source[i] + 1] - start[source[i]];
      s[i + 1] = total;
    }
    int[] c = new int[total];
    for (int i = 0; i < source.length; i++) {
      System.arraycopy(codes, start[source[i]], c, s[i], s[i + 1] - s[i]);
    }
    return new TextLists(dictionary, s, c);
  }

  /** Adds rows one at a time. */
  public static final class Builder {
    private final Map<String, Integer> known = new HashMap<>();
    private String[] dictionary = new String[16];
    private int[] start = new int[17];
    private int[] codes = new int[64];
    private int rows;
    private int used;

    /** Adds a row of texts. */
    public void add(List<String> texts) {
      if (rows + 1 == start.length) {
        start = Arrays.copyOf(start, start.length * 2);
      }
      if (used + texts.size() > codes.length) {
        codes = Arrays.copyOf(codes, Math.max(codes.length * 2, used + texts.size()));
      }
      for (String t : texts) {
        Integer code = known.get(t);
        if (code == null) {
          code = known.size();
          if (code == dictionary.length) {
            dictionary = Arrays.copyOf(dictionary, dictionary.length * 2);
          }
          dictionary[code] = t;
          known.put(t, code);
        }
        codes[used++] = code;
      }
      start[++rows] = used;
    }

    public TextLists build() {
      return new TextLists(
          Arrays.copyOf(dictionary, known.size()),
          Arrays.copyOf(start, rows + 1),
          Arrays.copyOf(codes, used));
    }
  }
}
