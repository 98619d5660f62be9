package io.tessera.pipeline.columns;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A read-only map from customer id to a value held by position in a column: iterated in ascending
 * id order (as a tree map is), equal to any map with the same entries. A value is made when it is
 * asked for.
 */
public abstract class Column<V> extends AbstractMap<String, V> {
  private final SortedIds ids;

  protected Column(SortedIds ids) {
    this.ids = ids;
  }

  /** The keys, ascending. */
  public SortedIds ids() {
    return ids;
  }

  /** The value at a key's position. */
  protected abstract V valueAt(int i);

  @Override
  public V get(Object id) {
    int i = ids.indexOf(id);
    return i < 0 ? null : valueAt(i);
  }

  @Override
  public boolean containsKey(Object id) {
    return ids.indexOf(id) >= 0;
  }

  @Override
  public int size() {
    return ids.size();
  }

  @Override
  public Set<Entry<String, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, V>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < ids.size();
          }

          @Override
          public Entry<String, V> next() {
            if (next >= ids.size()) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(ids.get(i), valueAt(i));
          }
        };
      }

      @Override
      public int size() {
        return ids.size();
      }
    };
  }
}
