package io.tessera.pipeline.columns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The columns read as the tree maps they replace: same entries, same order, equal both ways, the
 * last value of a repeated id kept.
 */
class ColumnsTest {
  /** Random ids, with repeats, in random order, and a value each. */
  private static List<String> ids(Random r, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("C" + r.nextInt(n / 2 + 1));
    }
    return ids;
  }

  @Test
  void shouldReadLikeATreeMapWhenIdsRepeatAndComeInAnyOrder() {
    Random r = new Random(7);
    for (int round = 0; round < 20; round++) {
      List<String> ids = ids(r, 1 + r.nextInt(300));
      double[] values = new double[ids.size()];
      TreeMap<String, Double> expected = new TreeMap<>();
      DoubleColumn.Builder built = new DoubleColumn.Builder();
      CodeColumn.Builder codes = new CodeColumn.Builder();
      TreeMap<String, String> expectedCodes = new TreeMap<>();
      for (int i = 0; i < values.length; i++) {
        values[i] = r.nextDouble();
        expected.put(ids.get(i), values[i]);
        built.put(ids.get(i), values[i]);
        String segment = "segment:" + r.nextInt(4);
        codes.put(ids.get(i), segment);
        expectedCodes.put(ids.get(i), segment);
      }
      DoubleColumn column = DoubleColumn.of(ids, values);
      assertThat(column).isEqualTo(expected);
      assertThat(expected).isEqualTo(column);
      assertThat(column.hashCode()).isEqualTo(expected.hashCode());
      assertThat(List.copyOf(column.entrySet())).isEqualTo(List.copyOf(expected.entrySet()));
      assertThat(built.build()).isEqualTo(expected);
      assertThat(codes.build()).isEqualTo(expectedCodes);
      assertThat(column.get("absent")).isNull();
      assertThat(column.containsKey(ids.getFirst())).isTrue();
      Map<String, String> halves = column.mapped(v -> v < 0.5 ? "low" : "high");
      expected.forEach((id, v) -> assertThat(halves.get(id)).isEqualTo(v < 0.5 ? "low" : "high"));
    }
  }

  @Test
  void shouldGiveEachRowItsTextsInOrderWhenTextsAreShared() {
    List<List<String>> rows =
        List.of(List.of("a", "b", "c"), List.of(), List.of("b", "a"), List.of("c; d", "a"));
    TextLists lists = TextLists.of(rows);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(lists.get(i)).isEqualTo(rows.get(i));
    }
    assertThat(lists.joined("; ")).containsExactly("a; b; c", "", "b; a", "c; d; a");
    // rows picked in another order keep their own texts
    assertThat(lists.pick(new int[] {3, 0}).get(0)).containsExactly("c; d", "a");
    List<String> ids = List.of("x", "b", "a", "b");
    SortedIds.Sorted sorted = SortedIds.sort(ids);
    TextListColumn column = new TextListColumn(sorted.keys(), lists.pick(sorted.source()));
    TreeMap<String, List<String>> expected = new TreeMap<>();
    for (int i = 0; i < ids.size(); i++) {
      expected.put(ids.get(i), rows.get(i));
    }
    assertThat(column).isEqualTo(expected);
    assertThat(column.keySet()).containsExactly("a", "b", "x");
  }
}
