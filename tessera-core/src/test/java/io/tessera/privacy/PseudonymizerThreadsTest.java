package io.tessera.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * One pseudonymiser shared by threads (batch ingest validates on every core) gives each value the
 * pseudonym a pseudonymiser used by one thread gives: a shared {@code Mac} would mix the inputs of
 * concurrent calls and return wrong digests.
 */
class PseudonymizerThreadsTest {
  @Test
  void sharedInstanceShouldGiveEveryThreadTheSinglethreadedPseudonyms() throws Exception {
    String key = "threads-test-key-0123456789";
    List<String> values = IntStream.range(0, 20_000).mapToObj(i -> "user" + i + "@x.org").toList();
    Pseudonymizer alone = new Pseudonymizer(key);
    List<String> expected = values.stream().map(alone::pseudonym).toList();
    Pseudonymizer shared = new Pseudonymizer(key);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> parts = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        parts.add(pool.submit(() -> values.stream().map(shared::pseudonym).toList()));
      }
      for (Future<List<String>> p : parts) {
        assertThat(p.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(expected.get(0)).startsWith("h:").hasSize(34);
  }
}
