package io.tessera.pipeline.columns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A text per customer id from a few distinct texts (segment ids): an int code each. */
public final class CodeColumn extends Column<String> {
  private final String[] dictionary;
  private final int[] codes;

  private CodeColumn(SortedIds ids, String[] dictionary, int[] codes) {
    super(ids);
    this.dictionary = dictionary;
    this.codes = codes;
  }

  @Override
  protected String valueAt(int i) {
    return dictionary[codes[i]];
  }

  /** Collects (id, text) pairs in any order (the last of a repeated id counts). */
  public static final class Builder {
    private final List<String> ids = new ArrayList<>();
    private final Map<String, Integer> known = new HashMap<>();
    private final List<String> dictionary = new ArrayList<>();
    private int[] codes = new int[16];

    public void put(String id, String text) {
      if (ids.size() == codes.length) {
        codes = Arrays.copyOf(codes, codes.length * 2);
      }
      Integer code = known.get(text);
      if (code == null) {
        code = dictionary.size();
        dictionary.add(text);
        known.put(text, code);
      }
      codes[ids.size()] = code;
      ids.add(id);
    }

    public CodeColumn build() {
      SortedIds.Sorted s = SortedIds.sort(ids);
      int[] picked = new int[s.source().length];
      for (int i = 0; i < picked.length; i++) {
        picked[i] = codes[s.source()[i]];
      }
      return new CodeColumn(s.keys(), dictionary.toArray(String[]::new), picked);
    }
  }
}
