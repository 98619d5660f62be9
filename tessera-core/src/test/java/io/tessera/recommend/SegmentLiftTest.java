package io.tessera.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentLiftTest {
  @Test
  void givenTwoSegments_thenLiftsAsComputedByHandAndTinyCountsLeftOut() {
    // 10 customers in S, 30 in T. In S 6 bought "tea", 2 bought "rare"; in T 3 bought "tea" and
    // nobody "rare". Everyone bought "milk".
    List<Purchase> rows = new ArrayList<>();
    Map<String, String> seg = new HashMap<>();
    LocalDate day = LocalDate.of(2026, 1, 1);
    for (int k = 0; k < 40; k++) {
      String c = "c" + k;
      seg.put(c, k < 10 ? "S" : "T");
      rows.add(new Purchase(c, c, "milk", day));
      if (k < 6 || (k >= 10 && k < 13)) {
        rows.add(new Purchase(c, c, "tea", day));
      }
      if (k < 2) {
        rows.add(new Purchase(c, c, "rare", day));
      }
    }
    var lifts =
        SegmentLift.compute(Purchases.of(rows), seg, new SegmentLift.Options(3, 0.0, 5)).get("S");
    // tea: 6/10 in S against 9/40 overall = lift 2.6667; milk: 1; rare: 2 buyers < 3, left out
    // (its lift would be 4).
    assertEquals(2, lifts.size());
    assertEquals("tea", lifts.get(0).item());
    assertEquals(6, lifts.get(0).customers());
    assertEquals(0.6, lifts.get(0).segmentShare(), 1e-12);
    assertEquals(9 / 40.0, lifts.get(0).overallShare(), 1e-12);
    assertEquals(0.6 / (9 / 40.0), lifts.get(0).lift(), 1e-12);
    assertEquals("milk", lifts.get(1).item());
    assertEquals(1.0, lifts.get(1).lift(), 1e-12);
  }
}
