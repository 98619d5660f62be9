package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live server's store runs DuckDB on one thread, and work that asks for the worker threads (a
 * batch run, an identity resolution) has them back until its last scope closes.
 */
class StoreThreadsTest {
  @TempDir Path dir;

  private static long threads(Store s) throws Exception {
    return s.count("SELECT current_setting('threads')::BIGINT");
  }

  @Test
  void oneThreadShouldHoldOutsideParallelScopesAndBeUndone() throws Exception {
    try (Store store = Store.open(dir.resolve("t.duckdb"))) {
      store.execute("SET threads = 3");
      Store.Parallel untouched = store.parallel();
      untouched.close();
      assertThat(threads(store)).isEqualTo(3);

      store.oneThread();
      assertThat(threads(store)).isEqualTo(1);
      Store.Parallel a = store.parallel();
      Store.Parallel b = store.parallel();
      assertThat(threads(store)).isEqualTo(3);
      a.close();
      assertThat(threads(store)).isEqualTo(3);
      b.close();
      assertThat(threads(store)).isEqualTo(1);
      b.close(); // closing twice changes nothing
      assertThat(threads(store)).isEqualTo(1);
      // a second connection to the database sees the same setting: it is the database's
      try (Store other = store.newConnection()) {
        assertThat(threads(other)).isEqualTo(1);
      }

      store.allThreads();
      assertThat(threads(store)).isEqualTo(3);
    }
  }
}
