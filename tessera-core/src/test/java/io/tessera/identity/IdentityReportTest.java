package io.tessera.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityReportTest {
  /**
   * The by-rule and malformed counts iterate in key order, so data_health.json's identity findings
   * read the same in every run (with Map.copyOf the order changed from one JVM to the next).
   */
  @Test
  void countsIterateInKeyOrder() {
    Map<String, Long> counts = new HashMap<>();
    for (String rule : List.of("same_event", "login", "email", "phone", "device", "card")) {
      counts.put(rule, (long) rule.length());
    }
    IdentityReport r =
        new IdentityReport(
            10, 0, 8, 2, counts, counts, counts, 0, 0, 0, List.of(), 0, List.of(), 0, List.of(), 0,
            counts, List.of(), null, 0.9, List.of(), null);
    List<String> sorted = counts.keySet().stream().sorted().toList();
    assertEquals(sorted, List.copyOf(r.accountLinksByRule().keySet()));
    assertEquals(sorted, List.copyOf(r.identifiersLinkedByRule().keySet()));
    assertEquals(sorted, List.copyOf(r.recordsLinkedByRule().keySet()));
    assertEquals(sorted, List.copyOf(r.malformed().keySet()));
    assertEquals(counts, r.accountLinksByRule());
  }
}
