package io.tessera.pipeline.columns;

import java.util.List;

/** A list of texts per customer id ({@link TextLists}: each distinct text once). */
public final class TextListColumn extends Column<List<String>> {
  /** No lists. */
  public static final TextListColumn EMPTY = new TextListColumn(SortedIds.EMPTY, TextLists.EMPTY);

  private final TextLists lists;

  /**
   * @param lists by key position
   */
  public TextListColumn(SortedIds ids, TextLists lists) {
    super(ids);
    if (lists.size() != ids.size()) {
      throw new IllegalArgumentException(lists.size() + " lists for " + ids.size() + " ids");
    }
    this.lists = lists;
  }

  @Override
  protected List<String> valueAt(int i) {
    return lists.get(i);
  }
}
