package io.tessera.pipeline.columns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleFunction;

/** A figure per customer id, in a {@code double[]}. */
public final class DoubleColumn extends Column<Double> {
  /** No figures. */
  public static final DoubleColumn EMPTY = new DoubleColumn(SortedIds.EMPTY, new double[0]);

  private final double[] values;

  /**
   * @param values by key position, handed over
   */
  public DoubleColumn(SortedIds ids, double[] values) {
    super(ids);
    if (values.length != ids.size()) {
      throw new IllegalArgumentException(values.length + " values for " + ids.size() + " ids");
    }
    this.values = values;
  }

  /** The figures of ids given in any order, by position (the last of a repeated id counts). */
  public static DoubleColumn of(List<String> ids, double[] values) {
    SortedIds.Sorted s = SortedIds.sort(ids);
    return new DoubleColumn(s.keys(), pick(values, s.source()));
  }

  /** {@code values} at the positions {@code source}. */
  public static double[] pick(double[] values, int[] source) {
    double[] out = new double[source.length];
    for (int i = 0; i < source.length; i++) {
      out[i] = values[source[i]];
    }
    return out;
  }

  @Override
  protected Double valueAt(int i) {
    return values[i];
  }

  /** A view of this column's figures through {@code f} (made when asked for). */
  public <V> Column<V> mapped(DoubleFunction<V> f) {
    return new Column<>(ids()) {
      @Override
      protected V valueAt(int i) {
        return f.apply(values[i]);
      }
    };
  }

  /** Collects (id, figure) pairs in any order, 12 bytes a pair, for a column. */
  public static final class Builder {
    private final List<String> ids = new ArrayList<>();
    private double[] values = new double[16];

    public void put(String id, double value) {
      if (ids.size() == values.length) {
        values = Arrays.copyOf(values, values.length * 2);
      }
      values[ids.size()] = value;
      ids.add(id);
    }

    public int size() {
      return ids.size();
    }

    public DoubleColumn build() {
      return of(ids, Arrays.copyOf(values, ids.size()));
    }
  }
}
