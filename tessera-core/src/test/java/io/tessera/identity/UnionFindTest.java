package io.tessera.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnionFindTest {

  /** Components by breadth-first search over the same edges: the reference. */
  private static int[] reference(int n, List<int[]> edges) {
    List<List<Integer>> adj = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      adj.add(new ArrayList<>());
    }
    for (int[] e : edges) {
      adj.get(e[0]).add(e[1]);
      adj.get(e[1]).add(e[0]);
    }
    int[] label = new int[n];
    java.util.Arrays.fill(label, -1);
    int next = 0;
    for (int s = 0; s < n; s++) {
      if (label[s] >= 0) {
        continue;
      }
      java.util.ArrayDeque<Integer> q = new java.util.ArrayDeque<>(List.of(s));
      label[s] = next;
      while (!q.isEmpty()) {
        for (int v : adj.get(q.poll())) {
          if (label[v] < 0) {
            label[v] = next;
            q.add(v);
          }
        }
      }
      next++;
    }
    return label;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void givenRandomEdges_whenUnited_thenComponentsEqualABreadthFirstSearch(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 2_000;
    List<int[]> edges = new ArrayList<>();
    for (int k = 0; k < 1_500; k++) {
      edges.add(new int[] {r.nextInt(n), r.nextInt(n)});
    }
    UnionFind uf = new UnionFind(n);
    for (int[] e : edges) {
      uf.union(e[0], e[1]);
    }
    int[] expected = reference(n, edges);
    Map<Integer, Integer> rootToLabel = new HashMap<>();
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      Integer seen = rootToLabel.putIfAbsent(uf.find(i), expected[i]);
      if (seen == null) {
        distinct++;
      } else {
        assertThat(seen).as("node %d", i).isEqualTo(expected[i]);
      }
    }
    assertThat(uf.components()).isEqualTo(distinct);
    assertThat(distinct).isEqualTo(java.util.Arrays.stream(expected).max().orElse(-1) + 1);
  }

  @Test
  void givenAChain_whenUnited_thenOneComponentAndRepeatedUnionsReturnMinusOne() {
    UnionFind uf = new UnionFind(0);
    for (int i = 0; i < 100; i++) {
      assertThat(uf.add()).isEqualTo(i);
    }
    for (int i = 1; i < 100; i++) {
      assertThat(uf.union(i - 1, i)).isNotNegative();
    }
    assertThat(uf.components()).isEqualTo(1);
    assertThat(uf.union(0, 99)).isEqualTo(-1);
    assertThat(uf.connected(3, 77)).isTrue();
    assertThatThrownBy(() -> uf.find(100)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
