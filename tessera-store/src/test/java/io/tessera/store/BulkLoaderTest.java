package io.tessera.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The loader copies rows in chunks on its own thread while the writer goes on: every row must reach
 * its table once, in the order written, whatever the chunk size; a chunk DuckDB refuses fails the
 * load with DuckDB's message; DuckDB's thread count comes back; no chunk file is left behind.
 */
class BulkLoaderTest {
  private static long threads(Store store) throws SQLException {
    return store.count("SELECT current_setting('threads')::BIGINT");
  }

  private static List<Long> lines(Store store, String sql) throws SQLException {
    return store.longs(sql);
  }

  private static long chunkFiles() throws Exception {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("tessera-bulk_loader_test-"))
          .count();
    }
  }

  @Test
  void rowsShouldArriveOnceAndInOrderAcrossManySmallChunks() throws Exception {
    try (Store store = Store.inMemory()) {
      store.execute("CREATE TABLE bulk_loader_test (_line BIGINT, name VARCHAR)");
      store.execute("SET threads = 2");
      List<Long> written = new ArrayList<>();
      try (BulkLoader loader = new BulkLoader(store, true, 200)) {
        assertThat(threads(store)).isEqualTo(1); // one DuckDB thread while Java validates
        try (BulkLoader.Table t = loader.table("bulk_loader_test")) {
          for (int batch = 0; batch < 50; batch++) {
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < 7; i++) {
              long line = batch * 7L + i + 2;
              written.add(line);
              // quotes and a comma inside a value, as the bulk writer quotes them
              csv.append(line).append(",\"a \"\"quoted\"\", value ").append(line).append("\"\n");
            }
            t.write(csv.toString().getBytes(StandardCharsets.UTF_8));
          }
          t.finish();
        }
        loader.await();
        assertThat(threads(store)).isEqualTo(2);
      }
      assertThat(lines(store, "SELECT _line FROM bulk_loader_test")).isEqualTo(written);
      assertThat(
              store.count(
                  "SELECT count(*) FROM bulk_loader_test WHERE name = 'a \"quoted\", value ' ||"
                      + " _line"))
          .isEqualTo(written.size());
      assertThat(chunkFiles()).isZero();
    }
  }

  @Test
  void aChunkDuckDbRefusesShouldFailTheLoadWithItsMessage() throws Exception {
    try (Store store = Store.inMemory()) {
      store.execute("CREATE TABLE bulk_loader_test (_line BIGINT, name VARCHAR)");
      try (BulkLoader loader = new BulkLoader(store, false, 10)) {
        try (BulkLoader.Table t = loader.table("bulk_loader_test")) {
          t.write("2,\"fine\"\n".getBytes(StandardCharsets.UTF_8));
          t.write("x3,\"not a line number\"\n".getBytes(StandardCharsets.UTF_8));
          t.finish();
        }
        assertThatThrownBy(loader::await)
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("x3");
      }
      assertThat(chunkFiles()).isZero();
    }
  }
}
